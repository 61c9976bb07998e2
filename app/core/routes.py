"""Home page with the code box, the language picker, and a health check."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from app.extensions import db
from app.meetings import services
from app.meetings.forms import CodeForm
from app.throttle import spend

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    """Show the box to type a meeting code."""
    form = CodeForm(code=request.args.get("code", "")[:16])
    return render_template("core/home.html", form=form)


@bp.post("/join")
def join_by_code():
    """Find the meeting of a typed code; only wrong codes count toward the limit.

    A right code always leads to the meeting's join page, which says so itself
    when the meeting takes no new phones.
    """
    form = CodeForm()
    if form.validate_on_submit():
        meeting = services.meeting_by_code(form.code.data)
        if meeting is not None:
            return redirect(url_for("participant.join", token=meeting.qr_token))
        form.code.errors.append(
            _("We do not know this code, or the meeting is not open to join.")
        )
    spend("JOIN_FAILURE_LIMIT")
    return render_template("core/home.html", form=form), 422


@bp.post("/lang")
def choose_language():
    """Remember the chosen language and go back to the page."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        from app.meetings.participant import current_participant

        participant = current_participant()
        if participant is not None:
            participant.locale = lang
            db.session.commit()
    return redirect(_local(request.form.get("next", "")) or url_for("core.home"))


def _local(target: str) -> str | None:
    """Return the target if it is a path on this site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target:
        return None
    return target


@bp.get("/healthz")
def health():
    """Answer that the app runs and reaches its database."""
    db.session.execute(db.text("SELECT 1"))
    return {"ok": True}
