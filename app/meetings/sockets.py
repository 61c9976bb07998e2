"""Socket.IO handlers: rooms by the HTTP session; writes use HTTP."""

from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from app.accounts.access import can_view
from app.extensions import socketio
from app.live.rooms import meeting_room, screen_link_room, staff_room, user_room
from app.meetings.phones import phone_meeting
from app.meetings.screen_links import link_by_token
from app.meetings.services import meeting_by_code


@socketio.on("connect")
def connect(auth=None):
    """Put the connection in the rooms its HTTP session entitles it to."""
    code = auth.get("meeting") if isinstance(auth, dict) else None
    screen = auth.get("screen") if isinstance(auth, dict) else None
    if isinstance(screen, str) and _joined_screen_link(screen):
        return
    # Phones send no meeting code: they skip loading a staff login altogether.
    if isinstance(code, str) and current_user.is_authenticated:
        meeting = meeting_by_code(code[:16])
        if meeting is None or not can_view(current_user, meeting):
            raise ConnectionRefusedError("not found")
        join_room(meeting_room(meeting.id))
        join_room(staff_room(meeting.id))
        join_room(user_room(current_user.id))
        return
    found = phone_meeting()
    if found is None:
        raise ConnectionRefusedError("not joined")
    meeting_id, version = found
    join_room(meeting_room(meeting_id))
    # A phone (re)connecting says which version it shows: if it missed a step
    # change meanwhile, it hears the version now, and refetches its step.
    shown = auth.get("v") if isinstance(auth, dict) else None
    if isinstance(shown, int) and not isinstance(shown, bool) and version > shown:
        emit("step-changed", {"v": version})


def _joined_screen_link(token: str) -> bool:
    """Let a screen opened through its screen link hear what the screen shows,
    until the link is revoked (see notify.screen_link_revoked); a token that
    opens no screen leaves the connection to the other rules."""
    link = link_by_token(token)
    if link is None:
        return False
    join_room(meeting_room(link.meeting_id))
    join_room(staff_room(link.meeting_id))
    join_room(screen_link_room(link.id))
    return True
