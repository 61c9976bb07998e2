"""Poll steps: their measures, answers, stances and tallies."""

import logging
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from app.extensions import db
from app.meetings.models import Meeting, Participant, Step
from app.polls import logic
from app.polls.catalogue import BY_KEY
from app.polls.models import PollAnswer, PollMeasure
from app.timeutil import utcnow

logger = logging.getLogger(__name__)


def create_measures(step: Step, keys: list[str], custom_names: list[str]) -> None:
    """Give a poll step its catalogue measures, then the custom ones, in order."""
    rows = [PollMeasure(catalogue_key=k) for k in keys if k in BY_KEY]
    rows += [PollMeasure(custom_name=n.strip()[:80]) for n in custom_names if n.strip()]
    for position, row in enumerate(rows, start=1):
        row.step_id = step.id
        row.position = position
        db.session.add(row)
    db.session.flush()


def measures_of(step: Step) -> list[PollMeasure]:
    """Return the step's measures in order."""
    return list(
        db.session.scalars(
            sa.select(PollMeasure)
            .where(PollMeasure.step_id == step.id)
            .order_by(PollMeasure.position)
        )
    )


@cache
def _upsert(dialect: str):
    """Return the answer's insert-or-replace, built once per database dialect.

    One statement (insert, or update on the unique pair) so that concurrent
    retries can never store two rows or fail. Built once with bound parameters,
    SQLAlchemy compiles it once too: the answer is the hottest write there is.
    """
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = PollAnswer.__table__
    statement = insert(table).values(
        {
            name: sa.bindparam(name)
            for name in (
                "measure_id",
                "participant_id",
                "horizon",
                "barrier",
                "client_key",
                "updated_at",
            )
        }
    )
    statement = statement.on_conflict_do_update(
        index_elements=["measure_id", "participant_id"],
        set_={
            k: statement.excluded[k]
            for k in ("horizon", "barrier", "client_key", "updated_at")
        },
        where=table.c.client_key != statement.excluded.client_key,
    )
    # RETURNING tells whether a row was written on every database; rowcount
    # is not reliable for INSERT .. ON CONFLICT (psycopg reports -1).
    return statement.returning(table.c.id)


def record_answer(
    connection: Connection,
    *,
    measure_id: int,
    participant_id: int,
    horizon: str,
    barrier: str | None,
    key: str,
) -> bool:
    """Store or replace a household's answer; return False for a repeated key."""
    written = connection.execute(
        _upsert(connection.dialect.name),
        {
            "measure_id": measure_id,
            "participant_id": participant_id,
            "horizon": horizon,
            "barrier": barrier or None,
            "client_key": key,
            "updated_at": utcnow(),
        },
    ).first()
    return written is not None


def answer_of(measure: PollMeasure, participant: Participant) -> PollAnswer | None:
    """Return one household's answer for one measure."""
    return db.session.scalar(
        sa.select(PollAnswer).where(
            PollAnswer.measure_id == measure.id,
            PollAnswer.participant_id == participant.id,
        )
    )


def answer_count_of(step_id: int) -> int:
    """Return how many answers a step holds (one per household and measure)."""
    return db.session.scalar(
        sa.select(sa.func.count(PollAnswer.id))
        .join(PollMeasure)
        .where(PollMeasure.step_id == step_id)
    )


def answers_of(step: Step, participant: Participant) -> dict[int, PollAnswer]:
    """Return one household's answers on a step, by measure id."""
    rows = db.session.scalars(
        sa.select(PollAnswer)
        .join(PollMeasure)
        .where(
            PollMeasure.step_id == step.id, PollAnswer.participant_id == participant.id
        )
    )
    return {row.measure_id: row for row in rows}


def tally_inputs(step: Step) -> list[logic.Answer]:
    """Return every answer on a step with the household profile to split by."""
    rows = db.session.execute(
        sa.select(
            PollAnswer.measure_id,
            PollAnswer.horizon,
            PollAnswer.barrier,
            Participant.id,
            Participant.tenure,
            Participant.dwelling,
        )
        .join(PollMeasure, PollMeasure.id == PollAnswer.measure_id)
        .join(Participant, Participant.id == PollAnswer.participant_id)
        .where(PollMeasure.step_id == step.id)
    )
    return [logic.Answer(*row) for row in rows]


def tally(step: Step, measures: list[PollMeasure] | None = None) -> logic.Tally:
    """Return the step's tally."""
    measures = measures if measures is not None else measures_of(step)
    return logic.tally([m.id for m in measures], tally_inputs(step))


def set_stance(participant: Participant, stance: str) -> None:
    """Remember the household's capacity and motivation to renovate."""
    participant.stance = stance
    db.session.flush()


def stance_counts(meeting: Meeting) -> dict[str, int]:
    """Return how many households gave each stance in a meeting."""
    rows = db.session.execute(
        sa.select(Participant.stance, sa.func.count())
        .where(Participant.meeting_id == meeting.id, Participant.stance.is_not(None))
        .group_by(Participant.stance)
    )
    counts = dict(rows.all())
    return {s.value: counts.get(s.value, 0) for s in logic.Stance}


def add_assisted_household(
    meeting: Meeting,
    step: Step,
    answers: dict[int, tuple[str, str | None]],
    *,
    stance: str | None,
    tenure: str | None,
    dwelling: str | None,
    key: str,
) -> Participant:
    """Enter a phoneless household's answers, flagged as assisted."""
    from app.meetings.services import join

    participant, _token = join(
        meeting, locale=meeting.locale, tenure=tenure, dwelling=dwelling
    )
    participant.assisted = True
    participant.stance = stance or None
    measures = {m.id: m for m in measures_of(step)}
    for measure_id, (horizon, barrier) in answers.items():
        record_answer(
            db.session.connection(),
            measure_id=measures[measure_id].id,
            participant_id=participant.id,
            horizon=horizon,
            barrier=barrier,
            key=key,
        )
    db.session.flush()
    logger.info("Assisted household %s added to %s", participant, meeting)
    return participant
