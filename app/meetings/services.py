"""Load and change meetings; services flush, the view commits."""

import logging
import secrets
from datetime import date, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from app.accounts.models import Neighbourhood, User
from app.extensions import db
from app.meetings import kinds, logic
from app.meetings.models import Meeting, Participant, Step, StepState
from app.timeutil import utcnow
from app.tokens import new_token, token_hash

logger = logging.getLogger(__name__)
_rng = secrets.SystemRandom()


def unused_code() -> str:
    """Return a join code that no meeting uses yet."""
    while True:
        code = logic.generate_code(_rng)
        if not db.session.scalar(sa.select(Meeting.id).where(Meeting.code == code)):
            return code


def create_meeting(
    facilitator: User,
    neighbourhood: Neighbourhood,
    *,
    title: str,
    held_on: date,
    place: str,
    locale: str,
) -> Meeting:
    """Create a meeting in the facilitator's municipality with fresh join secrets."""
    meeting = Meeting(
        municipality_id=facilitator.municipality_id,
        neighbourhood=neighbourhood,
        facilitator=facilitator,
        title=title,
        held_on=held_on,
        place=place,
        locale=locale,
        code=unused_code(),
        qr_token=new_token(),
        version=1,
    )
    db.session.add(meeting)
    db.session.flush()
    logger.info("Meeting %s created by %s", meeting, facilitator)
    return meeting


def add_step(
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    body: str = "",
    countdown_seconds: int | None = None,
    close_at_end: bool = False,
) -> Step:
    """Append a step to the meeting's agenda."""
    position = 1 + max((s.position for s in meeting.steps), default=0)
    step = Step(
        kind=kind,
        title=title,
        body=body,
        position=position,
        countdown_seconds=countdown_seconds,
        close_at_end=bool(countdown_seconds and close_at_end),
    )
    meeting.steps.append(step)
    db.session.flush()
    return step


def update_step(
    meeting: Meeting,
    step: Step,
    *,
    title: str,
    body: str,
    countdown_seconds: int | None,
    close_at_end: bool,
) -> None:
    """Change what every step has: its title, text and countdown length.

    A countdown already running keeps its end; whether it closes the step
    follows the new choice.
    """
    step.title = title
    step.body = body
    step.countdown_seconds = countdown_seconds
    step.close_at_end = bool(close_at_end and (countdown_seconds or step.deadline))
    step_content_changed(meeting, step)


def delete_refusal(step: Step) -> str | None:
    """Return why a step cannot be deleted ("open", "answered"), or None."""
    if step.state == StepState.OPEN:
        return "open"
    if kinds.has_answers(step):
        return "answered"
    return None


def delete_step(meeting: Meeting, step: Step) -> bool:
    """Take a step off the agenda, the later ones moving up; False if refused."""
    if delete_refusal(step) is not None:
        return False
    gone = step.position
    if meeting.current_position == gone:
        meeting.current_position = None  # phones wait for the next step
        meeting.version += 1
    elif meeting.current_position and meeting.current_position > gone:
        meeting.current_position -= 1
    meeting.steps.remove(step)
    db.session.flush()
    for later in sorted(meeting.steps, key=lambda s: s.position):
        if later.position > gone:  # one by one: positions stay unique meanwhile
            later.position -= 1
            db.session.flush()
    logger.info("Step %s of %s deleted", step.id, meeting)
    return True


def move_step(meeting: Meeting, step: Step, direction: str) -> bool:
    """Swap a step with the one above or below it; False at either end."""
    positions = [s.position for s in meeting.steps]
    other_position = logic.neighbour_position(positions, step.position, direction)
    if other_position is None:
        return False
    other = next(s for s in meeting.steps if s.position == other_position)
    mine = step.position
    step.position = max(positions) + 1  # out of the way: positions are unique
    db.session.flush()
    other.position = mine
    db.session.flush()
    step.position = other_position
    if meeting.current_position in (mine, other_position):
        meeting.current_position = (
            other_position if meeting.current_position == mine else mine
        )
    meeting.steps.sort(key=lambda s: s.position)
    db.session.flush()
    return True


def next_step(meeting: Meeting, now: datetime | None = None) -> Step | None:
    """Close the open step and open the one after the current step; return it,
    or None when the current step is the last."""
    position = logic.next_position(
        [s.position for s in meeting.steps], meeting.current_position
    )
    step = next((s for s in meeting.steps if s.position == position), None)
    if step is None or not change_step(meeting, step, logic.StepAction.OPEN, now):
        return None
    return step


def start_countdown(
    meeting: Meeting,
    step: Step,
    seconds: int,
    close_at_end: bool,
    now: datetime | None = None,
) -> bool:
    """Start (or start again) a countdown on the open step; False if not open."""
    if step.state != StepState.OPEN:
        return False
    step.deadline = (now or utcnow()) + timedelta(seconds=seconds)
    step.close_at_end = close_at_end
    meeting.version += 1
    db.session.flush()
    return True


def stop_countdown(meeting: Meeting, step: Step) -> bool:
    """Stop the step's running countdown; False if none runs."""
    if step.deadline is None:
        return False
    step.deadline = None
    meeting.version += 1
    db.session.flush()
    return True


def remaining_seconds(step: Step | None, now: datetime | None = None) -> int | None:
    """Return the seconds left on the step's running countdown, or None."""
    if step is None or step.state != StepState.OPEN:
        return None
    return logic.remaining_seconds(step.deadline, now or utcnow())


def change_step(
    meeting: Meeting, step: Step, action: str, now: datetime | None = None
) -> bool:
    """Open, close or reveal a step; return False when the move is not allowed.

    Opening a step makes it the one every phone follows and closes any other
    step that was still open; a step with a countdown starts it. A step that
    is no longer open has no countdown running.
    """
    target = logic.next_state(step.state, action)
    if target is None:
        return False
    if target == StepState.OPEN:
        for other in meeting.steps:
            if other is not step and other.state == StepState.OPEN:
                other.state = StepState.CLOSED.value
                other.deadline = None
        meeting.current_position = step.position
        step.deadline = (
            (now or utcnow()) + timedelta(seconds=step.countdown_seconds)
            if step.countdown_seconds
            else None
        )
    else:
        step.deadline = None
    step.state = target
    if target == StepState.OPEN:
        kinds.views_for(step.kind).on_open(step)
    if target == StepState.REVEALED:
        kinds.views_for(step.kind).on_reveal(step)
    meeting.version += 1
    db.session.flush()
    logger.info("Step %s of %s -> %s", step.id, meeting, target)
    return True


def step_content_changed(meeting: Meeting, step: Step) -> bool:
    """Move the version phones compare if they show this step (its content
    changed); return whether it moved, so the view tells the phones."""
    if step.position != meeting.current_position:
        return False
    meeting.version += 1
    db.session.flush()
    return True


def update_meeting(
    meeting: Meeting,
    neighbourhood: Neighbourhood,
    *,
    title: str,
    held_on: date,
    place: str,
    locale: str,
) -> None:
    """Change a meeting's details; its code, link and agenda stay."""
    meeting.neighbourhood = neighbourhood
    meeting.title = title
    meeting.held_on = held_on
    meeting.place = place
    meeting.locale = locale
    meeting.version += 1  # phones show the title
    db.session.flush()


def set_accepting_joins(meeting: Meeting, accepting: bool) -> None:
    """Let new phones join, or stop them; phones that joined see no change."""
    meeting.accepting_joins = accepting
    db.session.flush()


def meeting_by_code(code: str) -> Meeting | None:
    """Return the meeting with this join code."""
    return db.session.scalar(
        sa.select(Meeting).where(Meeting.code == logic.normalise_code(code))
    )


#: built once: every phone request looks its step up this way
_MEETING_AND_STEP = (
    sa.select(Meeting, Step)
    .join(Step, Step.meeting_id == Meeting.id)
    .where(Meeting.code == sa.bindparam("code"), Step.id == sa.bindparam("step_id"))
)


def meeting_and_step(code: str, step_id: int) -> tuple[Meeting, Step] | None:
    """Return a meeting with one of its steps, in one query."""
    row = db.session.execute(
        _MEETING_AND_STEP, {"code": logic.normalise_code(code), "step_id": step_id}
    ).first()
    return None if row is None else (row[0], row[1])


def meeting_by_qr_token(token: str) -> Meeting | None:
    """Return the meeting whose QR code carries this token."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.qr_token == token))


def join(
    meeting: Meeting,
    *,
    locale: str,
    tenure: str | None = None,
    dwelling: str | None = None,
    street: str | None = None,
) -> tuple[Participant, str]:
    """Add an anonymous participant; return it with the token for its cookie."""
    token = new_token()
    participant = Participant(
        meeting=meeting,
        token_hash=token_hash(token),
        locale=locale,
        tenure=tenure or None,
        dwelling=dwelling or None,
        street=(street or "").strip() or None,
    )
    db.session.add(participant)
    db.session.flush()
    step = meeting.current_step
    if step is not None and step.state == StepState.OPEN:
        kinds.views_for(step.kind).on_open(step)  # what opening gave the others
    return participant, token


_PARTICIPANT_BY_TOKEN = sa.select(Participant).where(
    Participant.token_hash == sa.bindparam("hash")
)


def participant_by_token_hash(hashed: str) -> Participant | None:
    """Return the participant whose cookie carries the token with this hash."""
    return db.session.scalar(_PARTICIPANT_BY_TOKEN, {"hash": hashed})


#: a plain select: no ORM entity to load on every phone's connect
_MEETING_BY_TOKEN = (
    sa.select(Meeting.__table__.c.id, Meeting.__table__.c.version)
    .select_from(Participant.__table__)
    .join(
        Meeting.__table__, Meeting.__table__.c.id == Participant.__table__.c.meeting_id
    )
    .where(Participant.__table__.c.token_hash == sa.bindparam("hash"))
)


def meeting_by_token_hash(hashed: str) -> tuple[int, int] | None:
    """Return (id, version) of the meeting of that participant, loading no entity."""
    row = db.session.execute(_MEETING_BY_TOKEN, {"hash": hashed}).first()
    return (row[0], row[1]) if row else None


#: one indexed look-up: a phone asks this on every return to the page
_PHONE_VERSION = (
    sa.select(Meeting.version)
    .join(Participant, Participant.meeting_id == Meeting.id)
    .where(
        Meeting.code == sa.bindparam("code"),
        Participant.token_hash == sa.bindparam("hash"),
    )
)


def phone_version(code: str, hashed: str) -> int | None:
    """Return the version of the meeting this phone joined, if that is ``code``."""
    return db.session.scalar(
        _PHONE_VERSION, {"code": logic.normalise_code(code), "hash": hashed}
    )


class MeetingRow(NamedTuple):
    """What a phone's step refetch reads of its meeting."""

    id: int
    code: str
    version: int


class PhoneRow(NamedTuple):
    """What a phone's step refetch reads of its participant."""

    id: int
    meeting_id: int
    stance: str | None
    dwelling: str | None
    tenure: str | None
    street: str | None


class StepRow(NamedTuple):
    """What a phone's step refetch reads of the step it follows."""

    id: int
    meeting_id: int
    position: int
    kind: str
    state: str
    deadline: datetime | None


_meetings, _phones, _steps = Meeting.__table__, Participant.__table__, Step.__table__
_PHONE_COLUMNS = (
    [_meetings.c[name] for name in MeetingRow._fields]
    + [_phones.c[name] for name in PhoneRow._fields]
    + [_steps.c[name] for name in StepRow._fields]
)
#: one plain statement for what every phone's step refetch needs: its meeting,
#: its participant and the step it follows (no ORM entity to load)
_PHONE_VIEW = (
    sa.select(*_PHONE_COLUMNS)
    .select_from(_phones)
    .join(_meetings, _meetings.c.id == _phones.c.meeting_id)
    .outerjoin(
        _steps,
        sa.and_(
            _steps.c.meeting_id == _meetings.c.id,
            _steps.c.position == _meetings.c.current_position,
        ),
    )
    .where(
        _meetings.c.code == sa.bindparam("code"),
        _phones.c.token_hash == sa.bindparam("hash"),
    )
)
_SPLIT = (len(MeetingRow._fields), len(MeetingRow._fields) + len(PhoneRow._fields))


def phone_view(
    code: str, hashed: str
) -> tuple[MeetingRow, PhoneRow, StepRow | None] | None:
    """Return the meeting of ``code``, this phone's participant in it and the
    step it follows, as plain rows; None when the phone did not join that
    meeting. `entities` loads them as model objects when a view needs more."""
    row = db.session.execute(
        _PHONE_VIEW, {"code": logic.normalise_code(code), "hash": hashed}
    ).first()
    if row is None:
        return None
    step = StepRow(*row[_SPLIT[1] :]) if row[_SPLIT[1]] is not None else None
    return MeetingRow(*row[: _SPLIT[0]]), PhoneRow(*row[_SPLIT[0] : _SPLIT[1]]), step


def entities(
    meeting: MeetingRow, participant: PhoneRow, step: StepRow | None
) -> tuple[Meeting, Participant, Step | None]:
    """Return the model objects of a phone view's rows."""
    return (
        db.session.get(Meeting, meeting.id),
        db.session.get(Participant, participant.id),
        db.session.get(Step, step.id) if step else None,
    )


def phones_joined(meeting_id: int) -> int:
    """Return how many phones joined the meeting (assisted households have none)."""
    return db.session.scalar(
        sa.select(sa.func.count(Participant.id)).where(
            Participant.meeting_id == meeting_id, Participant.assisted.is_(False)
        )
    )


def meetings_of(municipality_id: int) -> list[Meeting]:
    """Return a municipality's meetings, newest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.municipality_id == municipality_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        )
    )
