"""Tell live clients that something changed; they refetch what they may see.

Messages carry an event name, ids and a version: never rendered HTML and never
anything a resident entered. Call these only after the database commit.
"""

from collections.abc import Callable

from app.extensions import socketio
from app.live.coalesce import broadcast
from app.live.rooms import meeting_room, screen_link_room, staff_room, user_room


def step_changed(meeting) -> None:
    """Every phone and screen follows the meeting's current step.

    Phones refetch only when ``v`` is newer than the version they show, so call
    this only after a change that moved ``meeting.version``.
    """
    socketio.emit("step-changed", {"v": meeting.version}, to=meeting_room(meeting.id))


def screen_changed(meeting) -> None:
    """The screen shows something phones do not (its second language)."""
    socketio.emit("screen-changed", {}, to=staff_room(meeting.id))


def participants_changed(meeting, count: Callable[[int], int]) -> None:
    """The facilitator and screen show how many phones joined: coalesced, so a
    wave of joins makes the screen refetch a few times, not once per phone.

    :param count: returns the count of the meeting with this id, when sent
    """
    meeting_id = meeting.id
    broadcast(
        staff_room(meeting_id), "participants-changed", lambda: {"n": count(meeting_id)}
    )


def disconnect_user(user_id: int) -> None:
    """End a staff user's live connections in every process (see live.managers)."""
    room = user_room(user_id)
    socketio.emit("session-ended", {}, to=room)
    socketio.close_room(room)


def screen_link_revoked(link_id: int) -> None:
    """Close the screens opened through a revoked screen link, in every process:
    they reload (to the 404 the link now answers) and hear nothing more."""
    room = screen_link_room(link_id)
    socketio.emit("session-ended", {}, to=room)
    socketio.close_room(room)
