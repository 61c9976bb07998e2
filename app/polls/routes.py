"""Poll views: phones answer, the screen and facilitator watch the tally."""

from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required
from htmx_flask import request

from app import group_commit
from app.extensions import db
from app.fragments import fragment, no_store_fragment
from app.i18n import _l
from app.live import notify
from app.live.coalesce import broadcast
from app.live.rooms import staff_room
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.meetings.logic import normalise_code
from app.meetings.models import Meeting, Participant, Step, StepState
from app.meetings.phone_budget import phone_writes
from app.meetings.phones import (
    CLOSED,
    phone_step_or_404,
    phone_token_hash,
    refused_unless_open,
    staff_step_or_404,
)
from app.polls import blocks, editing, labels, logic, services
from app.polls.forms import AnswerForm, PollStepForm, StanceForm, assisted_form
from app.polls.models import KIND, PollMeasure

bp = Blueprint("polls", __name__)


def _participant_step(code: str, step_id: int) -> tuple[Meeting, Step, Participant]:
    return phone_step_or_404(code, step_id, KIND)


def _changed(meeting_id: int, step_id: int) -> None:
    """Tell the screen and facilitator, coalesced, that the tally moved.

    The number of answers lets a screen see it is up to date; it is no secret.
    """
    broadcast(
        staff_room(meeting_id),
        "poll-results",
        lambda: {"step": step_id, "n": services.answer_count_of(step_id)},
    )


def phone_context(meeting: Meeting, step: Step, participant: Participant) -> dict:
    measures = services.measures_of(step)
    context = {
        "measures": measures,
        "answers": services.choices_of(step, participant),
        "participant": participant,
        "measure_block": blocks.measure_block,
        "my_answers": blocks.my_answers,
        "poll_labels": labels,
    }
    if step.state == StepState.REVEALED:
        context["tally"] = services.tally(step, measures)
        context["bar_segments"] = logic.bar_segments
    return context


def phone_variant(step: Step, participant: Participant) -> tuple:
    """Phones share a render by their stance; their answers are parts of their
    own (phone_parts); the bars are the room's."""
    if step.state == StepState.REVEALED:
        return ()
    return (participant.stance,)


def phone_parts(meeting: Meeting, step: Step, participant: Participant):
    """Fill a phone's answers into the shared render: each measure's block
    while open, the list of its answers once closed."""
    if step.state == StepState.REVEALED:
        return None
    choices = services.choices_of(step, participant)
    if step.state != StepState.OPEN:
        return lambda _name: blocks.my_answers_part(step.id, choices)

    def part(name: str) -> str:
        measure_id = int(name.removeprefix("measure-"))
        return blocks.measure_part(
            meeting.code, step.id, measure_id, choices.get(measure_id)
        )

    return part


def _second_names(meeting: Meeting, measures: list) -> dict[int, str]:
    """Return measure names in the screen's second language, if one is set."""
    if not meeting.screen_second_locale:
        return {}
    with force_locale(meeting.screen_second_locale):
        return {m.id: m.name for m in measures}


def staff_context(meeting: Meeting, step: Step) -> dict:
    measures = services.measures_of(step)
    return {
        "second_names": _second_names(meeting, measures),
        "measures": measures,
        "tally": services.tally(step, measures),
        "poll_labels": labels,
        "bar_segments": logic.bar_segments,
    }


def _add_measures(step: Step, form) -> None:
    custom = (form.custom_measures.data or "").splitlines()
    services.create_measures(step, form.measures.data or [], custom)


kinds.register(
    KIND,
    kinds.KindViews(
        label=_l("Intention poll"),
        position=10,
        phone_template="polls/_phone.html",
        screen_template="polls/_screen.html",
        report_template="polls/_bars.html",
        manage_template="polls/_manage.html",
        phone_context=phone_context,
        screen_context=staff_context,
        manage_context=lambda meeting, step: analysis_context(meeting, step),
        config_form=PollStepForm,
        config_template="polls/_config.html",
        on_create=_add_measures,
        phone_variant=phone_variant,
        config_data=editing.config_data,
        on_edit=editing.replace_measures,
        has_answers=editing.has_answers,
        respondents=services.respondents,
        locked_text=editing.LOCKED,
        phone_parts=phone_parts,
    ),
)


def _answered(code: str, step_id: int, measure_id: int, horizon, barrier):
    """Answer the phone that stored an answer: its measure block, answered."""
    if not request.htmx:
        return redirect(url_for("participant.follow", code=code))
    return no_store_fragment(
        make_response(
            blocks.measure_block(code, step_id, measure_id, (horizon, barrier))
        )
    )


@bp.post("/m/<code>/polls/<int:step_id>/answer")
@phone_writes
def answer(code: str, step_id: int):
    """Store a household's answer for one measure; a retry stores nothing twice.

    The write itself checks that the phone, the step and the measure go
    together and that the step is open; only when it writes nothing does the
    view look up why.
    """
    code = normalise_code(code)
    form = AnswerForm()
    hashed = phone_token_hash()
    if not (form.validate_on_submit() and hashed):
        return _not_stored(code, step_id, form)
    measure_id, horizon = form.measure.data, form.horizon.data
    barrier = form.barrier.data or None
    key = f"{form.key.data}:{horizon}:{barrier or ''}"
    meeting_id = group_commit.run(
        lambda connection: services.record_phone_answer(
            connection,
            code=code,
            step_id=step_id,
            token_hash=hashed,
            measure_id=measure_id,
            horizon=horizon,
            barrier=barrier,
            key=key,
        )
    )
    if meeting_id is None:
        return _not_stored(code, step_id, form, key)
    _changed(meeting_id, step_id)
    return _answered(code, step_id, measure_id, horizon, barrier)


def _not_stored(code: str, step_id: int, form: AnswerForm, key: str | None = None):
    """Say why an answer was not stored, or confirm it was stored before."""
    meeting, step, participant = _participant_step(code, step_id)
    measure = (
        db.session.get(PollMeasure, form.measure.data) if form.measure.data else None
    )
    if measure is None or measure.step_id != step.id:
        abort(422)
    stored = services.answer_of(measure, participant)
    if key is None:
        error = _("This answer was not understood. Please tap again.")
        return blocks.refused_block(
            meeting, step, measure, stored, error=error, status=422
        )
    if stored is not None and stored.client_key == key:  # sent before, stored then
        return _answered(code, step_id, measure.id, stored.horizon, stored.barrier)
    # the write found the step closed (refused_unless_open's refusal, inside it)
    return blocks.refused_block(
        meeting, step, measure, stored, error=str(CLOSED), status=409
    )


@bp.post("/m/<code>/polls/<int:step_id>/stance")
@phone_writes
def stance(code: str, step_id: int):
    """Remember whether the household can and wants to renovate."""
    meeting, step, participant = _participant_step(code, step_id)
    form = StanceForm()
    status, error = 200, None
    if not form.validate_on_submit():
        status, error = 422, _("This answer was not understood. Please tap again.")
    elif refused := refused_unless_open(step):
        status, error = refused
    else:
        services.set_stance(participant, form.stance.data)
        db.session.commit()
        _changed(meeting.id, step.id)
        if not request.htmx:
            return redirect(url_for("participant.follow", code=meeting.code))
    return fragment(
        "polls/_stance.html",
        status,
        meeting=meeting,
        step=step,
        participant=participant,
        poll_labels=labels,
        error=error,
    )


@bp.get("/m/<code>/polls/<int:step_id>/results")
@login_required
def results_view(code: str, step_id: int):
    """Return the live bars for the screen."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=False)
    return fragment(
        "polls/_screen.html", meeting=meeting, step=step, **staff_context(meeting, step)
    )


@bp.get("/m/<code>/polls/<int:step_id>/analysis")
@login_required
def analysis(code: str, step_id: int):
    """Return the facilitator's tally with barriers and splits."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    return fragment(
        "polls/_manage.html",
        meeting=meeting,
        step=step,
        **analysis_context(meeting, step),
    )


def analysis_context(meeting: Meeting, step: Step) -> dict:
    context = staff_context(meeting, step)
    inputs = services.tally_inputs(step)
    ids = [m.id for m in context["measures"]]
    context.update(
        by_tenure=_ordered(logic.split_tally(ids, inputs, "tenure"), TENURE_LABELS),
        by_dwelling=_ordered(
            logic.split_tally(ids, inputs, "dwelling"), DWELLING_LABELS
        ),
        stances=services.stance_counts(meeting),
        tenure_labels=TENURE_LABELS,
        dwelling_labels=DWELLING_LABELS,
    )
    return context


def _ordered(split: dict, names: dict) -> list[tuple]:
    """Return the split's groups in the order of the choices, unknown last."""
    keys = [k for k in names if k in split] + ([None] if None in split else [])
    return [(key, split[key]) for key in keys]


@bp.route("/m/<code>/polls/<int:step_id>/assisted", methods=["GET", "POST"])
@login_required
def assisted(code: str, step_id: int):
    """Enter the answers of a household that has no phone."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    measures = services.measures_of(step)
    form = assisted_form(
        measures,
        [("", _("Rather not say")), *TENURE_LABELS.items()],
        [("", _("Rather not say")), *DWELLING_LABELS.items()],
    )
    status = 200
    if form.validate_on_submit():
        chosen = {
            m.id: (form[f"h{m.id}"].data, form[f"b{m.id}"].data or None)
            for m in measures
            if form[f"h{m.id}"].data
        }
        if chosen:
            services.add_assisted_household(
                meeting,
                step,
                chosen,
                stance=form.stance.data,
                tenure=form.tenure.data,
                dwelling=form.dwelling.data,
                key=form.key.data,
            )
            db.session.commit()
            _changed(meeting.id, step.id)
            notify.participants_changed(meeting, meetings.phones_joined)
            return redirect(url_for("facilitator.manage", code=meeting.code))
        form.form_errors.append(_("Choose an answer for at least one measure."))
        status = 422
    elif form.is_submitted():
        status = 422
        form.form_errors.append(
            _("Something in the request was not right. Please try again.")
        )
    if not form.key.data:
        form.key.data = blocks.new_key()
    return render_template(
        "polls/assisted.html",
        meeting=meeting,
        step=step,
        form=form,
        measures=measures,
        poll_labels=labels,
    ), status
