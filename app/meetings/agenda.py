"""Shaping the agenda and running the room: edit, delete and reorder steps,
edit the meeting, countdowns and the "next step" button.

Everything about a kind's own content goes through its registration
(app/meetings/kinds.py): its configuration form, prefilled from
`config_data`, and `on_edit`, called only while nobody answered the step.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from htmx_flask import request

from app.accounts import services as accounts
from app.accounts.access import can_manage
from app.extensions import db
from app.fragments import fragment
from app.live import notify
from app.meetings import kinds, logic, services
from app.meetings.facilitator import _manage_context, _manage_page
from app.meetings.forms import MeetingForm, StepForm
from app.meetings.models import Meeting, Step
from app.meetings.step_forms import CountdownForm, StepDetailsForm

bp = Blueprint("agenda", __name__)


def _meeting(code: str) -> Meeting:
    """Return the meeting if this user may run it; 404 for everyone else."""
    meeting = services.meeting_by_code(code)
    if meeting is None or not can_manage(current_user, meeting):
        abort(404)
    return meeting


def _step(meeting: Meeting, step_id: int) -> Step:
    step = next((s for s in meeting.steps if s.id == step_id), None)
    if step is None:
        abort(404)
    return step


def _to_manage(meeting: Meeting, step: Step | None = None):
    anchor = f"step-{step.id}" if step is not None else None
    return redirect(url_for("facilitator.manage", code=meeting.code, _anchor=anchor))


REFUSALS = {
    "open": lambda: _("This step is open. Close it before you delete it."),
    "answered": lambda: _(
        "People have answered this step, so it cannot be deleted: their answers"
        " would be lost."
    ),
}


@bp.app_template_global()
def agenda_controls(meeting: Meeting) -> dict:
    """Return what the agenda's controls need: which steps have answers, the
    running countdowns, the step "next" opens, the countdown form."""
    positions = [s.position for s in meeting.steps]
    following = logic.next_position(positions, meeting.current_position)
    return {
        "answered": {s.id for s in meeting.steps if kinds.has_answers(s)},
        "remaining": {
            s.id: left
            for s in meeting.steps
            if (left := services.remaining_seconds(s)) is not None
        },
        "next": next((s for s in meeting.steps if s.position == following), None),
        "countdown_form": CountdownForm(formdata=None),
        "first": min(positions, default=None),
        "last": max(positions, default=None),
        "countdown_text": logic.countdown_text,
        "minutes": _minutes,
    }


def _minutes(seconds: int | None) -> str:
    """Return a countdown's length as the minutes a facilitator types: 1.5, 10."""
    return f"{round(seconds / 60, 2):g}" if seconds else ""


def _steps_fragment(meeting: Meeting, status: int = 200, **extra):
    """Return the agenda with its controls (as facilitator.manage_steps does)."""
    return fragment(
        "meetings/_manage_steps.html", status, **_manage_context(meeting), **extra
    )


def _refused_page(meeting: Meeting, status: int):
    """Return the manage page with the flashed refusal, for a form sent without
    scripts."""
    return _manage_page(meeting, StepForm(formdata=None), kinds.config_forms(), status)


@bp.route("/m/<code>/steps/<int:step_id>/edit", methods=["GET", "POST"])
@login_required
def edit_step(code: str, step_id: int):
    """Change a step's title, text and countdown, and its content while nobody
    answered it."""
    meeting = _meeting(code)
    step = _step(meeting, step_id)
    answered = kinds.has_answers(step)
    sent = request.method == "POST"
    form = StepDetailsForm() if sent else StepDetailsForm(formdata=None, obj=step)
    if not sent:
        seconds = step.countdown_seconds
        form.countdown_minutes.data = round(seconds / 60, 2) if seconds else None
        form.countdown_minutes.raw_data = [_minutes(seconds)]
    config = None if answered else kinds.config_form(step, from_request=sent)
    if sent:
        valid = form.validate_on_submit()
        if valid and (config is None or config.validate()):
            services.update_step(
                meeting,
                step,
                title=form.title.data.strip(),
                body=form.body.data or "",
                countdown_seconds=form.countdown_seconds(),
                close_at_end=form.close_at_end.data,
            )
            if config is not None:
                kinds.views_for(step.kind).on_edit(step, config)
            db.session.commit()
            notify.step_changed(meeting)
            flash(_("The step was saved."), "success")
            return _to_manage(meeting, step)
    views = kinds.views_for(step.kind)
    return render_template(
        "meetings/edit_step.html",
        meeting=meeting,
        step=step,
        form=form,
        config=config,
        config_template=views.config_template,
        answered=answered,
        locked_text=kinds.locked_text(step) if answered else None,
        kind_label=views.label,
    ), (422 if sent else 200)


@bp.route("/m/<code>/steps/<int:step_id>/delete", methods=["GET", "POST"])
@login_required
def delete_step(code: str, step_id: int):
    """Ask first, then take a step off the agenda (never an open or answered one)."""
    meeting = _meeting(code)
    step = _step(meeting, step_id)
    refusal = services.delete_refusal(step)
    if request.method == "POST" and refusal is None:
        title = step.title
        services.delete_step(meeting, step)
        db.session.commit()
        notify.step_changed(meeting)
        flash(_("The step “%(title)s” was deleted.", title=title), "success")
        return _to_manage(meeting)
    status = 409 if request.method == "POST" else 200
    return render_template(
        "meetings/delete_step.html",
        meeting=meeting,
        step=step,
        refusal=REFUSALS[refusal]() if refusal else None,
    ), status


@bp.post("/m/<code>/steps/<int:step_id>/move/<any(up, down):direction>")
@login_required
def move_step(code: str, step_id: int, direction: str):
    """Move a step one place up or down the agenda."""
    meeting = _meeting(code)
    step = _step(meeting, step_id)
    if not services.move_step(meeting, step, direction):
        error = _("This step cannot move further.")
        if request.htmx:
            return _steps_fragment(meeting, 409, error=error)
        flash(error, "error")
        return _refused_page(meeting, 409)
    db.session.commit()
    notify.step_changed(meeting)
    if not request.htmx:
        return _to_manage(meeting, step)
    position = [s.id for s in meeting.steps].index(step.id) + 1
    moved = _(
        "“%(title)s” is now step %(number)d of %(count)d.",
        title=step.title,
        number=position,
        count=len(meeting.steps),
    )
    return _steps_fragment(meeting, moved=(step.id, direction), moved_text=moved)


@bp.post("/m/<code>/next")
@login_required
def next_step(code: str):
    """Close the open step and open the next one: the big button and Alt+N."""
    meeting = _meeting(code)
    step = services.next_step(meeting)
    if step is None:
        error = _("There is no next step: this is the end of the agenda.")
        if request.htmx:
            return _steps_fragment(meeting, 409, error=error)
        flash(error, "error")
        return _refused_page(meeting, 409)
    db.session.commit()
    notify.step_changed(meeting)
    if request.htmx:
        return _steps_fragment(meeting)
    return _to_manage(meeting, step)


@bp.post("/m/<code>/steps/<int:step_id>/countdown/<any(start, stop):what>")
@login_required
def set_countdown(code: str, step_id: int, what: str):
    """Start a countdown on the open step, or stop the one running."""
    meeting = _meeting(code)
    step = _step(meeting, step_id)
    form = CountdownForm()
    error = None
    if what == "start":
        if not form.validate_on_submit():
            error = " ".join(map(str, form.minutes.errors)) or _(
                "Give a number of minutes from 0.1 to 180."
            )
        elif not services.start_countdown(
            meeting,
            step,
            logic.countdown_seconds(form.minutes.data),
            form.close_at_end.data,
        ):
            error = _("A countdown runs only on the open step.")
    elif not services.stop_countdown(meeting, step):
        error = _("No countdown is running on this step.")
    if error:
        if request.htmx:
            return _steps_fragment(meeting, 422, error=error)
        flash(error, "error")
        return _refused_page(meeting, 422)
    db.session.commit()
    notify.step_changed(meeting)
    if request.htmx:
        return _steps_fragment(meeting)
    return _to_manage(meeting, step)


@bp.route("/m/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(code: str):
    """Change the meeting's title, neighbourhood, date, place and language."""
    meeting = _meeting(code)
    sent = request.method == "POST"
    form = MeetingForm() if sent else MeetingForm(formdata=None, obj=meeting)
    if not sent:
        form.neighbourhood.data = meeting.neighbourhood.name
    if sent and form.validate_on_submit():
        neighbourhood = accounts.neighbourhood_named(
            meeting.municipality, form.neighbourhood.data
        )
        services.update_meeting(
            meeting,
            neighbourhood,
            title=form.title.data.strip(),
            held_on=form.held_on.data,
            place=form.place.data.strip(),
            locale=form.locale.data,
        )
        db.session.commit()
        notify.step_changed(meeting)
        notify.screen_changed(meeting)
        flash(_("The meeting was saved."), "success")
        return _to_manage(meeting)
    return render_template(
        "meetings/edit_meeting.html",
        meeting=meeting,
        form=form,
        neighbourhoods=accounts.neighbourhoods_of(meeting.municipality_id),
    ), (422 if sent else 200)
