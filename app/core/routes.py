"""Home page with the code box, the language picker, and a health check."""

from urllib.parse import urlsplit

import redis
from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from app import database
from app.core import outages
from app.core.catch_up import catch_up_here
from app.extensions import db
from app.live.managers import redis_options
from app.meetings import services
from app.meetings.forms import CodeForm
from app.throttle import spend

bp = Blueprint("core", __name__)


@bp.record_once
def _catch_up_after_redis(state) -> None:
    state.app.extensions["live_catch_up"] = catch_up_here


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
        from app.meetings.phones import current_participant

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
    """Say which parts work: 200 while answers can be stored, else 503.

    Each part is "ok", "none" (not configured) or what is wrong with it
    ("unreachable"; the database also "full" or "busy"). Redis away leaves the
    app serving, each process on its own: 200, with "ok" false.
    """
    parts = {"database": _database_state()}
    config = current_app.config
    for name, url in (
        ("message_queue", config["SOCKETIO_MESSAGE_QUEUE"]),
        ("rate_limit_storage", config["RATELIMIT_STORAGE_URI"]),
    ):
        parts[name] = _redis_state(url)
    ok = all(state in ("ok", "none") for state in parts.values())
    response = jsonify(ok=ok, **parts)
    response.status_code = 200 if parts["database"] == "ok" else 503
    response.cache_control.no_store = True
    return response


def _database_state() -> str:
    """Read from the database; a failed write since the last good one counts too."""
    outage = outages.of(current_app).database()
    try:
        db.session.execute(db.text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.close()
        reason = database.unavailable(error) or "unreachable"
        outage.down(error, reason)
        return reason
    outage.up(only="unreachable")
    return outage.state()


def _redis_state(url: str | None) -> str:
    if not url or not url.startswith(("redis://", "rediss://")):
        return "none"
    clients = current_app.extensions.setdefault("health_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(url, **redis_options(timeout=1.0))
    outage = outages.of(current_app).redis(url)
    try:
        clients[url].ping()
    except redis.RedisError as error:
        outage.down(error)
        return "unreachable"
    return "ok"
