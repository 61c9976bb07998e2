"""The resident's phone: join a meeting and follow its steps."""

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from markupsafe import Markup

from app.extensions import db
from app.fragments import no_store_fragment
from app.i18n import get_locale, locale_tag
from app.live import notify
from app.meetings import countdown, kinds, services
from app.meetings.forms import JoinForm
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.meetings.models import Meeting, Participant, Step
from app.meetings.phones import participant_of, phone_token_hash
from app.meetings.shared_renders import Renders, fill, fill_parts

bp = Blueprint("participant", __name__)


@bp.record_once
def _keep_renders(state) -> None:
    state.app.extensions["shared_renders"] = Renders()


def _phone_view(code: str):
    """Return this phone's (meeting, participant, step) in meeting ``code``, or None."""
    hashed = phone_token_hash()
    return services.phone_view(code, hashed) if hashed else None


def _meeting_by_code_or_404(code: str) -> Meeting:
    meeting = services.meeting_by_code(code)
    if meeting is None:
        abort(404)
    return meeting


@bp.route("/j/<token>", methods=["GET", "POST"])
def join(token: str):
    """Join a meeting from its QR link: optional profile, then follow along."""
    meeting = services.meeting_by_qr_token(token)
    if meeting is None:
        abort(404)
    if participant_of(meeting):
        return redirect(url_for("participant.follow", code=meeting.code))
    if not meeting.accepting_joins:
        return render_template("meetings/join_closed.html", meeting=meeting), 410
    form = JoinForm()
    if form.validate_on_submit():
        _participant, secret = services.join(
            meeting,
            locale=get_locale(),
            tenure=form.tenure.data,
            dwelling=form.dwelling.data,
            street=form.street.data,
        )
        db.session.commit()
        session.permanent = True
        session["participant"] = secret
        notify.participants_changed(meeting, services.phones_joined)
        return redirect(url_for("participant.follow", code=meeting.code))

    def render() -> str:
        return render_template(
            "meetings/join.html",
            meeting=meeting,
            form=form,
            tenure_labels=TENURE_LABELS,
            dwelling_labels=DWELLING_LABELS,
        )

    if form.is_submitted():
        return render(), 422  # with what was typed and why it was refused
    # A QR code scanned by the whole room: one render per meeting and language,
    # kept as long as what the page shows of the meeting stays the same.
    shown = (meeting.title, meeting.held_on, meeting.place)
    key = ("join", meeting.id, shown, locale_tag())
    return fill(current_app.extensions["shared_renders"].get(key, render))


@bp.get("/m/<code>")
def follow(code: str):
    """Show the phone page that follows the facilitator's current step."""
    found = _phone_view(code)
    if found is None:
        meeting = _meeting_by_code_or_404(code)
        return redirect(url_for("core.home", code=meeting.code))
    step_html = Markup(_phone_step(*found))  # noqa: S704 - rendered by Jinja with autoescape
    meeting = db.session.get(Meeting, found[0].id)
    response = make_response(
        render_template(
            "meetings/participant.html", meeting=meeting, step_html=step_html
        )
    )
    # Kept only on the phone itself (the service worker's copy for offline use);
    # always revalidated, never stored by a shared cache.
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.get("/m/<code>/step")
def step(code: str):
    """Return the current step as a fragment for the phone."""
    found = _phone_view(code)
    if found is None:
        abort(404)
    return no_store_fragment(make_response(_phone_step(*found)))


def _phone_step(
    meeting: services.MeetingRow,
    participant: services.PhoneRow,
    step: services.StepRow | None,
) -> str:
    """Render the phone's step, sharing the render with phones alike."""

    def render() -> str:
        context = _step_context(*services.entities(meeting, participant, step))
        return render_template("meetings/_phone_step.html", **context)

    views = kinds.views_for(step.kind) if step else None
    variant = views.phone_variant(step, participant) if views else ()
    if variant is None:
        return countdown.fill_remaining(render(), step)
    key = (meeting.id, meeting.version, step and step.id, locale_tag(), variant)
    html = current_app.extensions["shared_renders"].get(key, render)
    part = views.phone_parts(meeting, step, participant) if views else None
    return countdown.fill_remaining(
        fill(fill_parts(html, part) if part else html), step
    )


@bp.get("/m/<code>/step/version")
def step_version(code: str):
    """Tell the phone which version its step is at: it refetches only if newer."""
    hashed = phone_token_hash()
    version = services.phone_version(code, hashed) if hashed else None
    if version is None:
        abort(404)
    response = jsonify(v=version)
    response.cache_control.no_store = True
    return response


def _step_context(
    meeting: Meeting, participant: Participant, step: Step | None
) -> dict:
    extra = kinds.phone_context(meeting, step, participant) if step else {}
    return {"meeting": meeting, "step": step, **extra}
