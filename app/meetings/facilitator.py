"""The community worker's views: meetings, agenda, steps, and the projector screen."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from htmx_flask import request
from markupsafe import Markup

from app.accounts import services as accounts
from app.accounts.access import (
    MANAGERS,
    MEETING_STAFF,
    can_manage,
    can_view,
    roles_required,
)
from app.extensions import db
from app.fragments import fragment, page_or_fragment
from app.live import notify
from app.meetings import kinds, reports, services
from app.meetings.forms import MeetingForm, StepForm
from app.meetings.logic import StepAction
from app.meetings.models import Meeting
from app.meetings.qr import join_url
from app.meetings.screen import screen_context, screen_page, staff_urls

bp = Blueprint("facilitator", __name__)


def _meeting(code: str, *, manage: bool) -> Meeting:
    """Return the meeting if this user may see it; 404 for everyone else."""
    meeting = services.meeting_by_code(code)
    allowed = can_manage if manage else can_view
    if meeting is None or not allowed(current_user, meeting):
        abort(404)
    return meeting


def _manage_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "sections": [
            Markup(render_template(template, meeting=meeting, step=step, **context))  # noqa: S704 - our own template output
            for step, template, context in kinds.manage_sections(meeting)
        ],
        "count": services.phones_joined(meeting.id),
        "kind_labels": kinds.labels(),
        "actions": StepAction,
        **reports.meter_context(meeting),
    }


@bp.get("/meetings")
@roles_required(*MEETING_STAFF)
def index():
    """List the municipality's meetings."""
    return render_template(
        "meetings/index.html",
        meetings=services.meetings_of(current_user.municipality_id),
        may_create=current_user.has_role(*MANAGERS),
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def create():
    """Create a meeting and go to its agenda."""
    form = MeetingForm()
    if form.validate_on_submit():
        neighbourhood = accounts.neighbourhood_named(
            current_user.municipality, form.neighbourhood.data
        )
        meeting = services.create_meeting(
            current_user,
            neighbourhood,
            title=form.title.data.strip(),
            held_on=form.held_on.data,
            place=form.place.data.strip(),
            locale=form.locale.data,
        )
        db.session.commit()
        return redirect(url_for("facilitator.manage", code=meeting.code))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetings/create.html",
        form=form,
        neighbourhoods=accounts.neighbourhoods_of(current_user.municipality_id),
    ), status


@bp.get("/m/<code>/manage")
@login_required
def manage(code: str):
    """Show the facilitator's control view of a meeting."""
    meeting = _meeting(code, manage=True)
    return _manage_page(meeting, StepForm(), kinds.config_forms())


def _step_forms(step_form, config_forms) -> dict:
    """Return the "Add a step" form with each kind's own questions."""
    return {
        "step_form": step_form,
        "config_forms": config_forms,
        "kind_templates": {
            kind: kinds.views_for(kind).config_template for kind in config_forms
        },
    }


def _manage_page(meeting: Meeting, step_form, config_forms, status: int = 200):
    return render_template(
        "meetings/manage.html",
        join_url=join_url(meeting),
        **_step_forms(step_form, config_forms),
        **_manage_context(meeting),
    ), status


@bp.post("/m/<code>/steps")
@login_required
def add_step(code: str):
    """Append a step to the agenda."""
    meeting = _meeting(code, manage=True)
    form, config_forms = StepForm(), kinds.config_forms()
    config = config_forms.get(form.kind.data)
    valid = form.validate_on_submit()
    if not (config is None or config.validate()) or not valid:
        return _manage_page(meeting, form, config_forms, 422)
    step = services.add_step(
        meeting,
        kind=form.kind.data,
        title=form.title.data.strip(),
        body=form.body.data,
        countdown_seconds=form.countdown_seconds(),
        close_at_end=form.close_at_end.data,
    )
    kinds.views_for(step.kind).on_create(step, config)
    db.session.commit()
    return redirect(url_for("facilitator.manage", code=meeting.code))


@bp.post("/m/<code>/steps/<int:step_id>/<action>")
@login_required
def change_step(code: str, step_id: int, action: str):
    """Open, close or reveal a step; every phone follows."""
    meeting = _meeting(code, manage=True)
    step = next((s for s in meeting.steps if s.id == step_id), None)
    if step is None or action not in set(StepAction):
        abort(404)
    if services.change_step(meeting, step, action):
        db.session.commit()
        notify.step_changed(meeting)
        if not request.htmx:
            return redirect(url_for("facilitator.manage", code=meeting.code))
        status = 200
    else:
        flash(_("This cannot be done now."), "error")
        status = 409
    response = page_or_fragment(
        "meetings/manage.html",
        "meetings/_manage_steps.html",
        join_url=join_url(meeting),
        **_step_forms(StepForm(), kinds.config_forms()),
        **_manage_context(meeting),
    )
    return response, status


@bp.post("/m/<code>/joins/<any(open, close):what>")
@login_required
def joins(code: str, what: str):
    """Let new phones join, or stop them."""
    meeting = _meeting(code, manage=True)
    services.set_accepting_joins(meeting, what == "open")
    db.session.commit()
    return redirect(url_for("facilitator.manage", code=meeting.code))


@bp.post("/m/<code>/screen-language")
@login_required
def screen_language(code: str):
    """Show measure names on the screen in a second language too (or not)."""
    meeting = _meeting(code, manage=True)
    choice = request.form.get("locale", "")
    if choice and choice not in current_app.config["LANGUAGES"]:
        abort(422)
    meeting.screen_second_locale = choice or None
    db.session.commit()
    notify.screen_changed(meeting)
    return redirect(url_for("facilitator.manage", code=meeting.code))


@bp.get("/m/<code>/manage/steps")
@login_required
def manage_steps(code: str):
    """Return the agenda with its controls, refreshed live."""
    meeting = _meeting(code, manage=True)
    return fragment("meetings/_manage_steps.html", **_manage_context(meeting))


@bp.get("/m/<code>/manage/sections")
@login_required
def manage_sections(code: str):
    """Return the results sections of the started steps."""
    meeting = _meeting(code, manage=True)
    return fragment("meetings/_manage_sections.html", **_manage_context(meeting))


@bp.get("/m/<code>/count")
@login_required
def count(code: str):
    """Return the live number of phones joined."""
    meeting = _meeting(code, manage=False)
    return fragment(
        "meetings/_count.html",
        meeting=meeting,
        count=services.phones_joined(meeting.id),
    )


@bp.get("/m/<code>/report")
@login_required
def report(code: str):
    """Show the meeting report: every started step's results, the counted
    share and the close-out record, for staff (app/meetings/reports.py)."""
    return reports.report_page(_meeting(code, manage=False))


@bp.get("/m/<code>/screen")
@login_required
def screen(code: str):
    """Show the projector screen: QR, code, phones joined, current step."""
    meeting = _meeting(code, manage=False)
    return screen_page(meeting, staff_urls(meeting))


@bp.get("/m/<code>/screen/step")
@login_required
def screen_step(code: str):
    """Return the screen's view of the current step."""
    meeting = _meeting(code, manage=False)
    return fragment(
        "meetings/_screen_step.html", **screen_context(meeting, staff_urls(meeting))
    )
