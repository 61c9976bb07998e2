"""Paper ballots of a poll step: each one a household entered by hand.

A ballot becomes an assisted participant with one answer per ticked box, so it
counts in the results, the splits and the everyone-counted meter exactly as a
phone does. The ballot row remembers which households came from paper, in
which order they were keyed, and the form key that saved them (a resent form
saves nothing twice).
"""

import logging
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.meetings.models import Meeting, Participant, Step
from app.polls.logic import Horizon
from app.polls.models import PollAnswer
from app.polls.services import measures_of, record_answer
from app.timeutil import utcnow
from app.tokens import new_token, token_hash

logger = logging.getLogger(__name__)


class PaperBallot(db.Model):
    __tablename__ = "paper_ballots"
    __table_args__ = (sa.UniqueConstraint("step_id", "client_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    #: the household the ballot made; undoing the ballot deletes it
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    #: the key of the form that saved it: the same form sent twice saves once
    client_key: so.Mapped[str] = so.mapped_column(sa.String(40))
    entered_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<PaperBallot {self.id}>"


def ballot_with_key(step: Step, key: str) -> PaperBallot | None:
    """Return the ballot this form key saved on the step, if it saved one."""
    return db.session.scalar(
        sa.select(PaperBallot).where(
            PaperBallot.step_id == step.id, PaperBallot.client_key == key
        )
    )


def add_ballot(
    meeting: Meeting, step: Step, marks: tuple[Horizon | None, ...], key: str
) -> PaperBallot:
    """Enter one paper ballot: a household without a phone, with an answer for
    every measure whose box was ticked (marks follow the measures' order).

    The household is made here rather than by joining: joining would deal it
    what an open step gives a phone (a persona card, say).
    """
    participant = Participant(
        meeting_id=meeting.id,
        token_hash=token_hash(new_token()),  # no phone will ever hold it
        locale=meeting.locale,
        assisted=True,
    )
    db.session.add(participant)
    db.session.flush()
    for measure, mark in zip(measures_of(step), marks, strict=True):
        if mark is not None:
            record_answer(
                db.session.connection(),
                measure_id=measure.id,
                participant_id=participant.id,
                horizon=mark.value,
                barrier=None,
                key=key,
            )
    ballot = PaperBallot(step_id=step.id, participant_id=participant.id, client_key=key)
    db.session.add(ballot)
    db.session.flush()
    logger.info("Paper ballot %s entered on step %s", ballot, step.id)
    return ballot


def ballots_of(step: Step) -> list[PaperBallot]:
    """Return the step's paper ballots in the order they were entered."""
    return list(
        db.session.scalars(
            sa.select(PaperBallot)
            .where(PaperBallot.step_id == step.id)
            .order_by(PaperBallot.id)
        )
    )


def last_ballot(step: Step) -> PaperBallot | None:
    """Return the ballot entered last on the step."""
    return db.session.scalar(
        sa.select(PaperBallot)
        .where(PaperBallot.step_id == step.id)
        .order_by(PaperBallot.id.desc())
        .limit(1)
    )


def ballot_marks(step: Step) -> list[tuple[PaperBallot, dict[int, str]]]:
    """Return each ballot of the step, in order, with the horizon it gave per
    measure id (one query for the answers of them all)."""
    ballots = ballots_of(step)
    marks: dict[int, dict[int, str]] = {b.participant_id: {} for b in ballots}
    rows = db.session.execute(
        sa.select(PollAnswer.participant_id, PollAnswer.measure_id, PollAnswer.horizon)
        .join(PaperBallot, PaperBallot.participant_id == PollAnswer.participant_id)
        .where(PaperBallot.step_id == step.id)
    )
    for participant_id, measure_id, horizon in rows:
        marks[participant_id][measure_id] = horizon
    return [(ballot, marks[ballot.participant_id]) for ballot in ballots]


def undo_ballot(meeting: Meeting, ballot: PaperBallot) -> None:
    """Take a ballot back out: its household and answers go with it.

    The meeting's version moves too: the municipality's kept figures are
    fingerprinted by the version and the number of households, and another
    ballot entered after this one would otherwise bring the same fingerprint
    back with different answers.
    """
    participant = db.session.get(Participant, ballot.participant_id)
    db.session.execute(
        sa.delete(PollAnswer).where(PollAnswer.participant_id == participant.id)
    )
    db.session.delete(ballot)
    db.session.delete(participant)
    meeting.version += 1
    db.session.flush()
    logger.info("Paper ballot %s on step %s undone", ballot, ballot.step_id)


def paper_households(step: Step) -> int:
    """Return how many households of the step came from paper ballots."""
    return db.session.scalar(
        sa.select(sa.func.count(PaperBallot.id)).where(PaperBallot.step_id == step.id)
    )
