"""Agenda templates and duplicates: start a meeting from an agenda someone
already built."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from htmx_flask import request

from app.accounts import services as accounts
from app.accounts.access import MANAGERS, can_manage, roles_required
from app.agendas import services
from app.agendas.forms import TemplateForm
from app.agendas.shipped import BY_KEY_SHIPPED, SHIPPED
from app.extensions import db
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.forms import MeetingForm
from app.meetings.models import Meeting

bp = Blueprint("agendas", __name__)


def _meeting(code: str) -> Meeting:
    meeting = meetings.meeting_by_code(code)
    if meeting is None or not can_manage(current_user, meeting):
        abort(404)
    return meeting


@bp.get("/agendas")
@roles_required(*MANAGERS)
def index():
    """List the shipped templates and the ones colleagues saved."""
    return render_template(
        "agendas/index.html",
        shipped=SHIPPED,
        saved=services.templates_of(current_user.municipality_id),
        kind_labels=kinds.labels(),
    )


def _start(agenda_for, name: str, steps_preview: list, form: MeetingForm):
    """Create a meeting from the form, with the agenda in its language."""
    if form.validate_on_submit():
        neighbourhood = accounts.neighbourhood_named(
            current_user.municipality, form.neighbourhood.data
        )
        meeting = services.new_meeting(
            current_user,
            neighbourhood,
            agenda_for(form.locale.data),
            title=form.title.data.strip(),
            held_on=form.held_on.data,
            place=form.place.data.strip(),
            locale=form.locale.data,
        )
        db.session.commit()
        flash(_("The meeting was created with the agenda of “%(name)s”.", name=name))
        return redirect(url_for("facilitator.manage", code=meeting.code))
    return render_template(
        "agendas/start.html",
        form=form,
        name=name,
        steps=steps_preview,
        kind_labels=kinds.labels(),
        neighbourhoods=accounts.neighbourhoods_of(current_user.municipality_id),
    ), (422 if form.is_submitted() else 200)


@bp.route("/agendas/shipped/<name>/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def start_shipped(name: str):
    """Start a meeting from one of the templates that ship with the app."""
    template = BY_KEY_SHIPPED.get(name)
    if template is None:
        abort(404)
    return _start(
        lambda locale: services.shipped_agenda(template, locale),
        str(template.name),
        [(s.kind, str(s.title)) for s in template.steps],
        MeetingForm(),
    )


@bp.route("/agendas/<int:template_id>/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def start_saved(template_id: int):
    """Start a meeting from a template colleagues of the municipality saved."""
    template = services.template_of(current_user.municipality_id, template_id)
    if template is None:
        abort(404)
    return _start(
        lambda _locale: template.steps,
        template.name,
        [(s.get("kind"), s.get("title")) for s in template.steps],
        MeetingForm(),
    )


@bp.post("/agendas/<int:template_id>/delete")
@roles_required(*MANAGERS)
def delete(template_id: int):
    """Remove a saved template; meetings started from it keep their agenda."""
    template = services.template_of(current_user.municipality_id, template_id)
    if template is None:
        abort(404)
    name = template.name
    services.delete_template(template)
    db.session.commit()
    flash(_("The template “%(name)s” was deleted.", name=name))
    return redirect(url_for("agendas.index"))


@bp.route("/m/<code>/duplicate", methods=["GET", "POST"])
@login_required
def duplicate(code: str):
    """Start a new meeting with this one's agenda and content: never its
    answers, phones, code or link."""
    meeting = _meeting(code)
    sent = request.method == "POST"
    form = MeetingForm() if sent else MeetingForm(formdata=None, obj=meeting)
    if not sent:
        form.neighbourhood.data = meeting.neighbourhood.name
    return _start(
        lambda _locale: services.agenda_of(meeting),
        meeting.title,
        [(s.kind, s.title) for s in meeting.steps],
        form,
    )


@bp.route("/m/<code>/save-template", methods=["GET", "POST"])
@login_required
def save(code: str):
    """Keep this meeting's agenda as a template for the municipality."""
    meeting = _meeting(code)
    form = TemplateForm()
    status = 200
    if form.validate_on_submit():
        name = form.name.data.strip()
        if services.name_taken(meeting.municipality_id, name):
            form.name.errors.append(
                _("A template with this name exists already. Choose another name.")
            )
            status = 422
        else:
            services.save_template(meeting, current_user, name)
            db.session.commit()
            flash(_("The agenda was saved as the template “%(name)s”.", name=name))
            return redirect(url_for("facilitator.manage", code=meeting.code))
    elif form.is_submitted():
        status = 422
    elif not form.name.data:
        form.name.data = meeting.title
    return render_template(
        "agendas/save.html",
        meeting=meeting,
        form=form,
        kind_labels=kinds.labels(),
    ), status
