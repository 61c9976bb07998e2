"""Room names; rooms are always chosen by the server, never by a client."""


def meeting_room(meeting_id: int) -> str:
    """Return the room every phone and screen of a meeting is in."""
    return f"meeting:{meeting_id}"


def staff_room(meeting_id: int) -> str:
    """Return the room of the facilitator and screen views of a meeting."""
    return f"meeting:{meeting_id}:staff"


def user_room(user_id: int) -> str:
    """Return the room of one staff user's connections."""
    return f"user:{user_id}"


def screen_link_room(link_id: int) -> str:
    """Return the room of the screens opened through one screen link."""
    return f"screen-link:{link_id}"
