"""Who a phone is: the anonymous participant its session cookie names, and
the steps it may reach. Every activity asks here; no view lives here."""

from flask import abort, g, session
from flask_login import current_user

from app.accounts.access import can_manage, can_view
from app.i18n import _l
from app.meetings import services
from app.meetings.models import Meeting, Participant, Step, StepState
from app.tokens import token_hash

#: why a phone's write to a step that is not open changed nothing (409)
CLOSED = _l("This question is closed. Your answer was not changed.")


def phone_token_hash() -> str | None:
    """Return the stored hash of this phone's participant token, if it has one."""
    token = session.get("participant")
    if not (isinstance(token, str) and token):
        return None
    if "phone_token_hash" not in g:
        g.phone_token_hash = token_hash(token)
    return g.phone_token_hash


def current_participant() -> Participant | None:
    """Return the anonymous participant this phone's cookie belongs to."""
    hashed = phone_token_hash()
    return services.participant_by_token_hash(hashed) if hashed else None


def phone_meeting() -> tuple[int, int] | None:
    """Return (id, version) of the meeting this phone joined (it connects often)."""
    hashed = phone_token_hash()
    return services.meeting_by_token_hash(hashed) if hashed else None


def participant_of(meeting: Meeting) -> Participant | None:
    """Return this phone's participant if it joined this meeting."""
    participant = current_participant()
    if participant is None or participant.meeting_id != meeting.id:
        return None
    return participant


def step_or_404(code: str, step_id: int, kind: str) -> tuple[Meeting, Step]:
    """Return a meeting's step of one kind; any mismatch answers 404."""
    found = services.meeting_and_step(code, step_id)
    if found is None or found[1].kind != kind:
        abort(404)
    return found


def phone_step_or_404(
    code: str, step_id: int, kind: str
) -> tuple[Meeting, Step, Participant]:
    """Return the step with this phone's participant; other phones get 404."""
    meeting, step = step_or_404(code, step_id, kind)
    participant = participant_of(meeting)
    if participant is None:
        abort(404)
    return meeting, step, participant


def staff_step_or_404(
    code: str, step_id: int, kind: str, *, manage: bool = False
) -> tuple[Meeting, Step]:
    """Return a step for staff who may see (or, with manage, run) its meeting."""
    meeting, step = step_or_404(code, step_id, kind)
    if not (can_manage if manage else can_view)(current_user, meeting):
        abort(404)
    return meeting, step


def refused_unless_open(step: Step, message=CLOSED) -> tuple[int, str] | None:
    """Return (409, why, translated) when the step takes no answers now, else None.

    Every activity's phone writes ask this before they store anything; the
    message says what stayed as it was ("Your figures were not stored.").
    """
    if step.state != StepState.OPEN:
        return 409, str(message)
    return None
