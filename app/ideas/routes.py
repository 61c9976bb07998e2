"""Ideas views: phones share ideas to an open question and upvote them; the
screen shows a word cloud and the ideas by votes; the facilitator hides, shows
and merges duplicates."""

from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required
from htmx_flask import request

from app.extensions import db
from app.fragments import fragment
from app.i18n import _l
from app.ideas import logic, services
from app.ideas.forms import TOO_LONG, IdeaForm, IdeasStepForm, MergeForm, VoteForm
from app.ideas.models import KIND
from app.live import notify
from app.live.coalesce import broadcast
from app.live.rooms import meeting_room
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.models import Meeting, Participant, Step, StepState
from app.meetings.phone_budget import phone_writes
from app.meetings.phones import (
    phone_step_or_404,
    refused_unless_open,
    staff_step_or_404,
)
from app.meetings.shared_renders import KEY_SLOT, keeping_slots, new_key

bp = Blueprint("ideas", __name__)
NOT_SHOWN = _l("This idea is no longer shown. Your vote was not changed.")


def _ideas_changed(meeting: Meeting, step: Step) -> None:
    """Every phone, screen and facilitator showing the ideas refetches them
    (coalesced; the message carries the step's id, never an idea)."""
    broadcast(meeting_room(meeting.id), "ideas-changed", {"step": step.id})


def _form_key() -> str:
    """Return the idea form's key: a slot in a kept render, filled per reply."""
    return KEY_SLOT if keeping_slots() else new_key()


def phone_variant(step: Step, participant: Participant) -> tuple | None:
    """While the step is open, phones alike share a render until there are
    ideas to upvote (each phone's votes are its own); after it, the room's."""
    if step.state == StepState.OPEN and services.has_visible_ideas(step):
        return None
    return ()


def _list_context(step: Step, participant: Participant) -> dict:
    return {
        "ideas": services.shown_ideas(step),
        "voted": services.voted_by(step, participant),
        "mine": {idea.id for idea in services.shared_by(step, participant)},
    }


def phone_context(meeting: Meeting, step: Step, participant: Participant) -> dict:
    context = {"question": services.question_of(step)}
    if step.state == StepState.OPEN:
        context.update(_list_context(step, participant), form_key=_form_key())
    elif step.state == StepState.REVEALED:
        context["board"] = services.board(step)
    return context


def staff_context(meeting: Meeting, step: Step) -> dict:
    return {"question": services.question_of(step), "board": services.board(step)}


def _export(municipality_id: int) -> tuple:
    """The ideas of the municipality's meetings: its sheet in the downloads."""
    text, number = "text", "number"
    headers = [
        (_("Meeting"), text),
        (_("Date"), text),
        (_("Neighbourhood"), text),
        (_("Question"), text),
        (_("Idea"), text),
        (_("Upvotes"), number),
        (_("Said the same way"), text),
    ]
    return _("Ideas"), headers, services.export_rows(municipality_id)


def _create_question(step: Step, form) -> None:
    services.create_question(step, form.question.data, form.max_length.data)


kinds.register(
    KIND,
    kinds.KindViews(
        label=_l("Ideas"),
        position=35,
        phone_template="ideas/_phone.html",
        screen_template="ideas/_screen.html",
        manage_template="ideas/_manage.html",
        report_template="ideas/_report.html",
        phone_context=phone_context,
        screen_context=staff_context,
        manage_context=staff_context,
        config_form=IdeasStepForm,
        config_template="ideas/_config.html",
        on_create=_create_question,
        phone_variant=phone_variant,
        config_data=services.config_data,
        on_edit=services.replace_question,
        has_answers=services.has_answers,
        export=_export,
        respondents=services.respondents,
        locked_text=_l(
            "People have shared ideas, so the question can no longer change."
            " The title, text and countdown still can."
        ),
    ),
)


def _refusal(step: Step, participant: Participant, form: IdeaForm, question):
    """Return (status, why) when the idea cannot be stored, else None."""
    if refused := refused_unless_open(step):
        return refused
    if not form.validate_on_submit():
        if form.text.errors:
            return 422, str(form.text.errors[0]) % {"max": question.max_length}
        return 422, _("Something in the request was not right. Please try again.")
    text = logic.clean_text(form.text.data or "")
    if not text:
        return 422, _("Write something first.")
    if len(text) > question.max_length:
        return 422, str(TOO_LONG) % {"max": question.max_length}
    if services.idea_by_key(step, participant, form.key.data) is not None:
        return None  # sent before and stored then: confirm it again
    if len(services.shared_by(step, participant)) >= logic.IDEAS_PER_PHONE:
        return 422, _(
            "One phone can share at most %(max)d ideas here.",
            max=logic.IDEAS_PER_PHONE,
        )
    return None


@bp.post("/m/<code>/ideas/<int:step_id>/share")
@phone_writes
def share(code: str, step_id: int):
    """Store a phone's idea once, however often it is sent."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    form = IdeaForm()
    question = services.question_of(step)
    refused = _refusal(step, participant, form, question)
    if refused is None:
        services.share(step, participant, form.text.data, form.key.data)
        db.session.commit()
        _ideas_changed(meeting, step)
        if not request.htmx:
            return redirect(url_for("participant.follow", code=meeting.code))
    status, error = refused or (200, None)
    response = fragment(
        "ideas/_share.html",
        status,
        meeting=meeting,
        step=step,
        question=question,
        form_key=new_key() if status == 200 else (form.key.data or new_key()),
        draft=(form.text.data or "") if status != 200 else "",
        error=error,
        saved=status == 200,
    )
    if status == 200:
        response.headers["HX-Trigger"] = "ideas-changed"  # this phone's list now
    return response


@bp.post("/m/<code>/ideas/<int:step_id>/ideas/<int:idea_id>/vote")
@phone_writes
def vote(code: str, step_id: int, idea_id: int):
    """Upvote an idea or take the upvote back; a resent tap changes nothing."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    idea = services.idea_of(step, idea_id)
    if idea is None:
        abort(404)
    form = VoteForm()
    status, error = 200, None
    if refused := refused_unless_open(step):
        status, error = refused
    elif not form.validate_on_submit():
        status, error = 422, _("This answer was not understood. Please tap again.")
    elif services.canonical(idea).hidden:
        status, error = 409, str(NOT_SHOWN)
    else:
        if form.vote.data == logic.UP:
            services.vote(idea, participant)
        else:
            services.withdraw(idea, participant)
        db.session.commit()
        _ideas_changed(meeting, step)
        if not request.htmx:
            return redirect(url_for("participant.follow", code=meeting.code))
    return fragment(
        "ideas/_phone_list.html",
        status,
        meeting=meeting,
        step=step,
        error=error,
        **_list_context(step, participant),
    )


@bp.get("/m/<code>/ideas/<int:step_id>/list")
def phone_list(code: str, step_id: int):
    """Return the ideas a phone may upvote, with its own upvotes."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    return fragment(
        "ideas/_phone_list.html",
        meeting=meeting,
        step=step,
        error=None,
        **_list_context(step, participant),
    )


@bp.get("/m/<code>/ideas/<int:step_id>/board")
@login_required
def board(code: str, step_id: int):
    """Return the screen's word cloud and ideas by votes."""
    meeting, step = staff_step_or_404(code, step_id, KIND)
    return fragment(
        "ideas/_board.html",
        meeting=meeting,
        step=step,
        live=True,
        **staff_context(meeting, step),
    )


@bp.get("/m/<code>/ideas/<int:step_id>/moderation")
@login_required
def moderation(code: str, step_id: int):
    """Return the facilitator's list of every idea, refreshed live."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    return fragment(
        "ideas/_manage.html", meeting=meeting, step=step, **staff_context(meeting, step)
    )


def _moderated(meeting: Meeting, step: Step, error: str | None = None):
    """Tell every view of the ideas, then show the facilitator the list."""
    # Once the step is closed or revealed its ideas are part of the phones'
    # shared render: their step moves on with them.
    shown = step.state != StepState.OPEN and meetings.step_content_changed(
        meeting, step
    )
    db.session.commit()
    _ideas_changed(meeting, step)
    if shown:
        notify.step_changed(meeting)
    if not request.htmx:
        return redirect(url_for("facilitator.manage", code=meeting.code))
    return fragment(
        "ideas/_manage.html", meeting=meeting, step=step, **staff_context(meeting, step)
    )


def _staff_idea(code: str, step_id: int, idea_id: int):
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    idea = services.idea_of(step, idea_id)
    if idea is None:
        abort(404)
    return meeting, step, idea


MODERATE_RULE = (
    "/m/<code>/ideas/<int:step_id>/ideas/<int:idea_id>"
    "/<any(hide, show, unmerge):action>"
)


@bp.post(MODERATE_RULE)
@login_required
def moderate(code: str, step_id: int, idea_id: int, action: str):
    """Hide or show an idea, or take a duplicate out of the idea it joined."""
    meeting, step, idea = _staff_idea(code, step_id, idea_id)
    services.moderate(idea, action)
    return _moderated(meeting, step)


@bp.post("/m/<code>/ideas/<int:step_id>/ideas/<int:idea_id>/merge")
@login_required
def merge(code: str, step_id: int, idea_id: int):
    """Merge a duplicate into another idea: their upvotes count once per phone."""
    meeting, step, idea = _staff_idea(code, step_id, idea_id)
    form = MergeForm()
    into = services.idea_of(step, form.into.data) if form.validate_on_submit() else None
    if into is None or not services.merge(idea, into):
        return fragment(
            "ideas/_manage.html",
            422,
            meeting=meeting,
            step=step,
            error=_("These two ideas cannot be merged."),
            **staff_context(meeting, step),
        )
    return _moderated(meeting, step)
