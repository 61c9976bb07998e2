"""Bill views: phones enter figures anonymously; everyone sees the group picture."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from htmx_flask import request

from app.accounts.access import roles_required
from app.accounts.models import Role
from app.bills import editing, labels, logic, services
from app.bills.forms import BillForm
from app.bills.models import KIND
from app.extensions import db
from app.fragments import fragment
from app.i18n import _l
from app.live.coalesce import broadcast
from app.live.rooms import staff_room
from app.meetings import kinds
from app.meetings.models import Meeting, Participant, Step, StepState
from app.meetings.phone_budget import phone_writes
from app.meetings.phones import (
    phone_step_or_404,
    refused_unless_open,
    staff_step_or_404,
)

bp = Blueprint("bills", __name__)
FIGURES_KEPT = _l("This question is closed. Your figures were not stored.")


def _context(meeting: Meeting, step: Step, participant: Participant, form=None) -> dict:
    """The phone's own figures never come back from the server: after the entry
    they live only in the phone's own storage, which compares them with the
    released picture (app/static/js/offline.js)."""
    context = {
        "entered": services.has_entered(step, participant),
        "bill_labels": labels,
        "bill_reference": logic.REFERENCE,
        "min_group": logic.MIN_GROUP,
        "participant": participant,
    }
    if step.state == StepState.OPEN and not context["entered"]:
        context["bill_form"] = form or BillForm(dwelling=participant.dwelling or "")
    if step.state == StepState.REVEALED:
        context["summary"] = services.released_picture(step)
    return context


def phone_context(meeting: Meeting, step: Step, participant: Participant) -> dict:
    return _context(meeting, step, participant)


def phone_variant(step: Step, participant: Participant) -> tuple:
    """What sets a phone's bill step apart: whether it entered, the form's home."""
    if step.state != StepState.OPEN:
        return ()  # the released picture is the room's; the phone places itself
    return services.has_entered(step, participant), participant.dwelling


def staff_context(meeting: Meeting, step: Step) -> dict:
    released, waiting = services.counts(step)
    summary = (
        services.released_picture(step) if step.state == StepState.REVEALED else None
    )
    return {
        "summary": summary,
        "released": released,
        "waiting": waiting,
        "entries": released + waiting,
        "budget_spent": services.step_budget(step) <= 0,
        "bill_labels": labels,
        "bill_reference": logic.REFERENCE,
        "min_group": logic.MIN_GROUP,
    }


kinds.register(
    KIND,
    kinds.KindViews(
        label=_l("Energy bill comparison"),
        position=20,
        phone_template="bills/_phone.html",
        screen_template="bills/_screen.html",
        report_template="bills/_report.html",
        manage_template="bills/_manage.html",
        phone_context=phone_context,
        screen_context=staff_context,
        manage_context=staff_context,
        on_reveal=services.release,
        phone_variant=phone_variant,
        has_answers=editing.has_answers,
        respondents=services.respondents,
    ),
)


@bp.post("/m/<code>/bills/<int:step_id>")
@phone_writes
def enter(code: str, step_id: int):
    """Store a household's bill figures without any link to the phone."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    form = BillForm()
    status, error = 200, None
    if refused := refused_unless_open(step, FIGURES_KEPT):
        status, error = refused
    elif services.has_entered(step, participant):
        pass  # a retry or a second tab: it already counts once
    elif form.validate_on_submit():
        figures = form.figures()
        if services.record_entry(step, participant, figures):
            db.session.commit()
            broadcast(staff_room(meeting.id), "bills-changed", {"step": step.id})
    else:
        status = 422
    if not request.htmx and status == 200:
        return redirect(url_for("participant.follow", code=meeting.code))
    context = _context(meeting, step, participant, form=form)
    return fragment(
        "bills/_phone.html", status, meeting=meeting, step=step, error=error, **context
    )


@bp.get("/m/<code>/bills/<int:step_id>/group")
@login_required
def group(code: str, step_id: int):
    """Return the screen's group picture (never an individual)."""
    meeting, step = staff_step_or_404(code, step_id, KIND)
    return fragment(
        "bills/_screen.html", meeting=meeting, step=step, **staff_context(meeting, step)
    )


@bp.get("/bills/overview")
@roles_required(Role.ADMIN, Role.STAFF)
def overview():
    """Show released figures per neighbourhood, for cells of ≥10 households."""
    return render_template(
        "bills/overview.html",
        cells=services.municipality_pictures(current_user.municipality_id),
        bill_labels=labels,
        bill_reference=logic.REFERENCE,
        min_group=logic.MIN_GROUP_OUTSIDE,
    )
