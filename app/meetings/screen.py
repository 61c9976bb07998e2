"""The projector screen through its screen link (no login), and the
facilitator's buttons that make and revoke that link.

The screen shows the same through the link as through a staff login: the
rendering lives here and the staff views in facilitator.py call it. Through the
link it reaches nothing else: every address below takes the link's token, and a
revoked token answers 404.
"""

from flask import Blueprint, abort, current_app, make_response, redirect, url_for
from flask import render_template as render
from flask_login import current_user, login_required

from app.accounts.access import can_manage
from app.extensions import db
from app.fragments import fragment
from app.live import notify
from app.meetings import kinds, screen_links, services
from app.meetings.models import Meeting
from app.meetings.qr import join_url, qr_svg

bp = Blueprint("screen", __name__)


def screen_context(meeting: Meeting, urls: dict) -> dict:
    """Return what the screen's step shows, with the addresses it refetches."""
    step = meeting.current_step
    extra = kinds.screen_context(meeting, step) if step else {}
    return {"meeting": meeting, "step": step, "screen_urls": urls, **extra}


def screen_page(meeting: Meeting, urls: dict, token: str | None = None) -> str:
    """Render the whole screen: the join corner and the current step."""
    url = join_url(meeting)
    return render(
        "meetings/screen.html",
        join_url=url,
        qr=qr_svg(url, scale=10),
        count=services.phones_joined(meeting.id),
        screen_token=token,
        **screen_context(meeting, urls),
    )


def staff_urls(meeting: Meeting) -> dict:
    """Return the addresses a logged-in screen refetches."""
    return {
        "step": url_for("facilitator.screen_step", code=meeting.code),
        "count": url_for("facilitator.count", code=meeting.code),
    }


def _link_urls(token: str) -> dict:
    return {
        "step": url_for("screen.step", token=token),
        "count": url_for("screen.count", token=token),
    }


def link_url(token: str) -> str:
    """Return the full address of a screen link, to copy or open."""
    path = url_for("screen.view", token=token)
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base.rstrip("/") + path
    return url_for("screen.view", token=token, _external=True)


def _linked_meeting(token: str) -> Meeting:
    link = screen_links.link_by_token(token)
    if link is None:
        abort(404)
    return link.meeting


def _private(response):
    """Keep the link's pages out of every cache and out of search engines."""
    response.cache_control.no_store = True
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/screen/<token>")
def view(token: str):
    """Show the projector screen to whoever holds the meeting's screen link."""
    meeting = _linked_meeting(token)
    return _private(make_response(screen_page(meeting, _link_urls(token), token)))


@bp.get("/screen/<token>/step")
def step(token: str):
    """Return the screen's view of the current step, through the screen link."""
    meeting = _linked_meeting(token)
    return _private(
        fragment(
            "meetings/_screen_step.html",
            **screen_context(meeting, _link_urls(token)),
        )
    )


@bp.get("/screen/<token>/count")
def count(token: str):
    """Return the number of phones joined, through the screen link."""
    meeting = _linked_meeting(token)
    return _private(
        fragment(
            "meetings/_count.html",
            meeting=meeting,
            count=services.phones_joined(meeting.id),
            count_url=url_for("screen.count", token=token),
        )
    )


def _managed(code: str) -> Meeting:
    meeting = services.meeting_by_code(code)
    if meeting is None or not can_manage(current_user, meeting):
        abort(404)
    return meeting


@bp.post("/m/<code>/screen-link")
@login_required
def create_link(code: str):
    """Make the meeting's screen link (one that exists stays)."""
    meeting = _managed(code)
    screen_links.create_link(meeting)
    db.session.commit()
    return redirect(url_for("facilitator.manage", code=meeting.code) + "#screen-link")


@bp.post("/m/<code>/screen-link/revoke")
@login_required
def revoke_link(code: str):
    """Revoke the screen link: its address answers 404 and open screens close."""
    meeting = _managed(code)
    link_id = screen_links.revoke_link(meeting)
    db.session.commit()
    if link_id is not None:
        notify.screen_link_revoked(link_id)
    return redirect(url_for("facilitator.manage", code=meeting.code) + "#screen-link")


@bp.app_template_global()
def screen_link_of(meeting: Meeting) -> str | None:
    """Return the address of the meeting's screen link, for its manage page."""
    link = screen_links.link_of(meeting)
    return link_url(link.token) if link else None
