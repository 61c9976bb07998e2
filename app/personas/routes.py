"""Persona views: phones get a card, answer and rate proposals; the facilitator
moderates the wall."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from htmx_flask import request

from app.accounts.access import can_view
from app.extensions import db
from app.fragments import fragment
from app.i18n import _l
from app.live import notify
from app.live.coalesce import broadcast
from app.live.rooms import meeting_room
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.models import Meeting, Participant, Step, StepState
from app.meetings.phone_budget import phone_writes
from app.meetings.phones import (
    current_participant,
    phone_step_or_404,
    refused_unless_open,
    staff_step_or_404,
    step_or_404,
)
from app.personas import editing, logic, services
from app.personas.catalogue import RATING_LABELS
from app.personas.forms import (
    DeckForm,
    PersonaAnswerForm,
    PersonaRatingForm,
    PersonaStepForm,
)
from app.personas.models import KIND, PersonaAnswer, PersonaPrompt, PersonaProposal

bp = Blueprint("personas", __name__)


def _wall_changed(meeting: Meeting, step: Step) -> None:
    """Every screen and phone showing the wall refetches it (coalesced)."""
    broadcast(meeting_room(meeting.id), "persona-wall-changed", {"step": step.id})


def _step(code: str, step_id: int) -> tuple[Meeting, Step]:
    return step_or_404(code, step_id, KIND)


def _wall_context(step: Step) -> dict:
    personas = services.personas_of(step)
    order = [p.id for p in personas]
    return {
        "personas": {p.id: p for p in personas},
        "prompts": {p.id: p for p in services.prompts_of(step)},
        "wall": services.wall_of(step, order),
        "proposals": services.proposals_of(step),
        "tally": services.rating_tally(step, order),
        "rating_labels": RATING_LABELS,
    }


def _card(step: Step, participant: Participant):
    """Return the phone's card: dealt when the step opened or the phone joined.

    Only a phone that joined at the very moment the step opened has none yet;
    it is dealt its card now.
    """
    card = services.deal_of(step, participant)
    if card is None:
        card = services.deal(step, participant)
        db.session.commit()
    return card


def phone_variant(step: Step, participant: Participant) -> tuple | None:
    """Phones share a render by card until they answer: then it is their own."""
    card, own = services.standing_of(step, participant)
    if card is None:
        card = _card(step, participant).persona_id
    if own and step.state == StepState.OPEN:
        return None
    return (card,)


def phone_context(meeting: Meeting, step: Step, participant: Participant) -> dict:
    card = _card(step, participant)
    context = {
        "card": card.persona,
        "prompts": services.prompts_of(step),
        "answers": services.answers_of(step, participant),
        "max_answer": logic.MAX_ANSWER,
        "proposals": services.proposals_of(step),
        "ratings": services.ratings_of(step, participant),
        "rating_labels": RATING_LABELS,
    }
    if step.state == StepState.REVEALED:
        context.update(_wall_context(step))
    return context


def staff_context(meeting: Meeting, step: Step) -> dict:
    return _wall_context(step)


def manage_context(meeting: Meeting, step: Step) -> dict:
    return {
        **_wall_context(step),
        "all_answers": services.all_answers(step),
        "deck": services.personas_of(step),
    }


def _create_deck(step: Step, form) -> None:
    services.create_deck(
        step,
        form.personas.data or [],
        (form.custom_personas.data or "").splitlines(),
        (form.custom_prompts.data or "").splitlines(),
        (form.custom_proposals.data or "").splitlines(),
    )


kinds.register(
    KIND,
    kinds.KindViews(
        label=_l("Persona exercise"),
        position=30,
        phone_template="personas/_phone.html",
        screen_template="personas/_screen.html",
        report_template="personas/_wall.html",
        manage_template="personas/_manage.html",
        phone_context=phone_context,
        screen_context=staff_context,
        manage_context=manage_context,
        config_form=PersonaStepForm,
        config_template="personas/_config.html",
        on_create=_create_deck,
        on_open=services.deal_all,
        phone_variant=phone_variant,
        config_data=editing.config_data,
        on_edit=editing.replace_deck,
        has_answers=editing.has_answers,
        respondents=services.respondents,
        locked_text=editing.LOCKED,
    ),
)


def _of_step(model, item_id: int | None, step: Step):
    """Return the prompt or proposal a phone's form names; 422 if not this step's."""
    item = db.session.get(model, item_id) if item_id else None
    if item is None or item.step_id != step.id:
        abort(422)
    return item


def _save_from_phone(meeting, step, form, save, not_understood) -> tuple[int, str]:
    """Save a phone's write while the step is open and the form holds; tell the
    walls. Return the status and, when nothing was saved, why."""
    if refused := refused_unless_open(step):
        return refused
    if not form.validate_on_submit():
        return 422, not_understood()
    save()
    db.session.commit()
    _wall_changed(meeting, step)
    return 200, ""


@bp.post("/m/<code>/personas/<int:step_id>/answer")
@phone_writes
def answer(code: str, step_id: int):
    """Store a phone's answers to a prompt, as the persona and as themselves."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    form = PersonaAnswerForm()
    prompt = _of_step(PersonaPrompt, form.prompt.data, step)
    card = services.deal(step, participant)
    status, error = _save_from_phone(
        meeting,
        step,
        form,
        lambda: services.save_answers(
            prompt, participant, card.persona_id, form.texts()
        ),
        lambda: (
            " ".join(map(str, [*form.as_persona.errors, *form.as_self.errors]))
            or " ".join(map(str, form.form_errors))
            or _("This answer was not understood. Please try again.")
        ),
    )
    if status == 200 and not request.htmx:
        return redirect(url_for("participant.follow", code=meeting.code))
    return fragment(
        "personas/_prompt.html",
        status,
        meeting=meeting,
        step=step,
        card=card.persona,
        prompt=prompt,
        answers=services.answers_of(step, participant),
        draft=form.texts() if status != 200 else {},
        max_answer=logic.MAX_ANSWER,
        error=error,
        saved=status == 200,
    )


@bp.post("/m/<code>/personas/<int:step_id>/rate")
@phone_writes
def rate(code: str, step_id: int):
    """Store how a proposal works out for the phone's persona."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    form = PersonaRatingForm()
    proposal = _of_step(PersonaProposal, form.proposal.data, step)
    card = services.deal(step, participant)
    status, error = _save_from_phone(
        meeting,
        step,
        form,
        lambda: services.save_rating(
            proposal, participant, card.persona_id, form.rating.data
        ),
        lambda: _("This answer was not understood. Please tap again."),
    )
    if status == 200 and not request.htmx:
        return redirect(url_for("participant.follow", code=meeting.code))
    return fragment(
        "personas/_proposal.html",
        status,
        meeting=meeting,
        step=step,
        proposal=proposal,
        ratings=services.ratings_of(step, participant),
        rating_labels=RATING_LABELS,
        error=error,
        saved=status == 200,
    )


@bp.get("/m/<code>/personas/<int:step_id>/wall")
def wall(code: str, step_id: int):
    """Return the wall: for staff always, for phones once it is revealed."""
    meeting, step = _step(code, step_id)
    participant = current_participant()
    is_phone = participant is not None and participant.meeting_id == meeting.id
    if not (
        can_view(current_user, meeting)
        or (is_phone and step.state == StepState.REVEALED)
    ):
        abort(404)
    return fragment(
        "personas/_wall.html", meeting=meeting, step=step, **_wall_context(step)
    )


MODERATE_RULE = (
    "/m/<code>/personas/<int:step_id>/answers/<int:answer_id>"
    "/<any(hide, show, highlight, unhighlight):action>"
)


@bp.post(MODERATE_RULE)
@login_required
def moderate(code: str, step_id: int, answer_id: int, action: str):
    """Hide, show or highlight an answer; it leaves or joins every wall at once."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    answer = db.session.get(PersonaAnswer, answer_id)
    if answer is None or answer.prompt.step_id != step.id:
        abort(404)
    services.moderate(answer, action)
    # Phones show the wall once it is revealed: their step moves on with it.
    shown = step.state == StepState.REVEALED and meetings.step_content_changed(
        meeting, step
    )
    db.session.commit()
    _wall_changed(meeting, step)
    if shown:
        notify.step_changed(meeting)
    if not request.htmx:
        return redirect(url_for("facilitator.manage", code=meeting.code))
    return fragment(
        "personas/_manage.html",
        meeting=meeting,
        step=step,
        **manage_context(meeting, step),
    )


@bp.route("/m/<code>/personas/<int:step_id>/deck", methods=["GET", "POST"])
@login_required
def deck(code: str, step_id: int):
    """Add personas, questions and proposals to a persona step."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    form = DeckForm()
    status = 200
    if form.validate_on_submit():
        if form.what.data == "persona" and (form.name.data or "").strip():
            services.add_persona(
                step, name=form.name.data, description=form.description.data or ""
            )
        elif form.what.data == "prompt" and (form.prompt.data or "").strip():
            services.add_prompt(step, text=form.prompt.data)
        elif form.what.data == "proposal" and (form.proposal.data or "").strip():
            services.add_proposal(step, form.proposal.data)
        else:
            form.form_errors.append(
                _("Fill in the name, the question or the proposal first.")
            )
            status = 422
        if status == 200:
            shown = meetings.step_content_changed(meeting, step)
            db.session.commit()
            if shown:
                notify.step_changed(meeting)
            return redirect(
                url_for("personas.deck", code=meeting.code, step_id=step.id)
            )
    elif form.is_submitted():
        status = 422
        if form.what.errors:  # the hidden field was tampered with
            form.form_errors.append(
                _("Something in the request was not right. Please try again.")
            )
    return render_template(
        "personas/deck.html",
        meeting=meeting,
        step=step,
        form=form,
        deck=services.personas_of(step),
        prompts=services.prompts_of(step),
        proposals=services.proposals_of(step),
    ), status
