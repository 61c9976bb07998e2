"""Steps whose countdown closes them: closed once, in whichever process sees it
first, and every phone told.

Each serving process runs one ticker (started by the first request it serves)
that looks once a second for steps whose countdown ran out. The close is one
conditional UPDATE: of several processes looking at the same moment, exactly
one changes the row (the others' UPDATE finds the step no longer open), and
only that one moves the meeting's version and tells the phones, through the
message queue when there is one. A restarted process picks up countdowns that
ran out meanwhile at its first look.
"""

import logging
from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from app.background import ProcessLoop
from app.extensions import db
from app.live import notify
from app.meetings import logic
from app.meetings.models import Meeting, Step, StepState
from app.timeutil import utcnow

logger = logging.getLogger(__name__)

#: how often a process looks for countdowns that ran out, in seconds
PERIOD = 1.0

_DUE = (
    sa.select(Step.id, Step.meeting_id)
    .where(
        Step.deadline <= sa.bindparam("now"),
        Step.state == StepState.OPEN.value,
        Step.close_at_end.is_(True),
    )
    .order_by(Step.deadline)
)


def due_steps(now: datetime) -> list[tuple[int, int]]:
    """Return (step id, meeting id) of the open steps whose countdown ran out
    by ``now`` and closes them."""
    return [tuple(row) for row in db.session.execute(_DUE, {"now": now}).all()]


def close_one(step_id: int, meeting_id: int, now: datetime) -> bool:
    """Close the step if it is still open with a countdown run out by ``now``,
    and move its meeting's version; return whether this call closed it.

    One conditional UPDATE: of several processes that found the step due, the
    first changes the row; the others' UPDATE (waiting for its lock on
    PostgreSQL, or for the one writer on SQLite) finds it no longer open.
    """
    closed = db.session.execute(
        sa.update(Step)
        .where(
            Step.id == step_id,
            Step.state == StepState.OPEN.value,
            Step.close_at_end.is_(True),
            Step.deadline <= now,
        )
        .values(state=StepState.CLOSED.value, deadline=None)
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:
        return False  # another process closed it first, or it was changed
    db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(version=Meeting.version + 1)
        .execution_options(synchronize_session=False)
    )
    logger.info("Step %s closed: its countdown ran out", step_id)
    return True


def close_due(now: datetime) -> list[int]:
    """Close every open step whose countdown ran out by ``now``; return the ids
    of the meetings whose version moved (each once). The caller commits, then
    notifies."""
    moved: list[int] = []
    for step_id, meeting_id in due_steps(now):
        if close_one(step_id, meeting_id, now) and meeting_id not in moved:
            moved.append(meeting_id)
    return moved


def tick(now: datetime | None = None) -> list[int]:
    """Close what ran out, commit, and tell each meeting's phones and screens;
    return the meetings told."""
    moved = close_due(now or utcnow())
    db.session.commit()
    for meeting_id in moved:
        meeting = db.session.get(Meeting, meeting_id)
        db.session.refresh(meeting)
        notify.step_changed(meeting)
    return moved


def is_due(step: Step, now: datetime | None = None) -> bool:
    """Return whether the step's countdown ran out (and should close it)."""
    return (
        step.state == StepState.OPEN
        and step.close_at_end
        and logic.is_due(step.deadline, now or utcnow())
    )


#: where a kept phone render of a step holds the seconds left (and as text):
#: each reply fills in its own, as it does its CSRF token
REMAINING_SLOT, REMAINING_TEXT_SLOT = "\x00left\x00", "\x00left-text\x00"


def fill_remaining(html: str, step: Step | None, now: datetime | None = None) -> str:
    """Fill a phone's step render with the seconds its countdown has left now."""
    if step is None or REMAINING_SLOT not in html:
        return html
    left = logic.remaining_seconds(step.deadline, now or utcnow()) or 0
    return html.replace(REMAINING_SLOT, str(left)).replace(
        REMAINING_TEXT_SLOT, logic.countdown_text(left)
    )


def step_countdown(step: Step | None, now: datetime | None = None) -> dict | None:
    """Return the seconds left on the step's running countdown, and as text."""
    if step is None or step.state != StepState.OPEN or step.deadline is None:
        return None
    left = logic.remaining_seconds(step.deadline, now or utcnow())
    return {"remaining": left, "text": logic.countdown_text(left)}


def init_app(app: Flask) -> None:
    """The process's one loop that closes steps whose countdown ran out (tests
    tick by hand instead)."""
    ticker = app.extensions["countdown_ticker"] = ProcessLoop(
        app,
        tick,
        period=lambda: PERIOD,
        wanted=lambda: not app.testing,
        log=logger,
        failing="Countdowns cannot be checked for now (%s)",
        recovered="Countdowns are checked again",
    )
    app.jinja_env.globals.update(
        countdown_slots=(REMAINING_SLOT, REMAINING_TEXT_SLOT),
        step_countdown=step_countdown,
    )
    ticker.start_with_first_request()


def ensure_ticking(app: Flask) -> None:
    """Make sure this process closes steps whose countdown runs out."""
    ticker = app.extensions.get("countdown_ticker")
    if ticker is not None:
        ticker.ensure_running()
