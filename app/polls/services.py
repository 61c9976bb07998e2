"""Poll steps: their measures, answers, stances and tallies."""

import logging
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from app.extensions import db
from app.meetings.logic import Stance
from app.meetings.models import Meeting, Participant, Step, StepState
from app.polls import logic
from app.polls.catalogue import BY_KEY
from app.polls.models import KIND, PollAnswer, PollMeasure
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


_COLUMNS = (
    "measure_id",
    "participant_id",
    "horizon",
    "barrier",
    "client_key",
    "updated_at",
)


def _replacing(statement):
    """Return the insert that replaces the household's earlier answer instead.

    One statement (insert, or update on the unique pair) so that concurrent
    retries can never store two rows or fail; a repeated key writes nothing.
    """
    table = PollAnswer.__table__
    return statement.on_conflict_do_update(
        index_elements=["measure_id", "participant_id"],
        set_={k: statement.excluded[k] for k in _COLUMNS[2:]},
        where=table.c.client_key != statement.excluded.client_key,
    )


def _insert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


@cache
def _upsert(dialect: str):
    """Return the answer's insert-or-replace, built (and compiled) once per dialect."""
    table = PollAnswer.__table__
    statement = _insert(dialect)(table).values(
        {name: sa.bindparam(name) for name in _COLUMNS}
    )
    # RETURNING tells whether a row was written on every database; rowcount
    # is not reliable for INSERT .. ON CONFLICT (psycopg reports -1).
    return _replacing(statement).returning(table.c.id)


@cache
def _phone_upsert(dialect: str):
    """Return a phone's insert-or-replace that checks everything on the way.

    The row is written only when the measure is on this poll step, the step is
    open and belongs to the meeting with this code, and the phone's token is a
    participant of that meeting: one statement instead of four lookups, on the
    hottest write there is. It returns the meeting's id.
    """
    table = PollAnswer.__table__
    measures, steps = PollMeasure.__table__, Step.__table__
    meetings, participants = Meeting.__table__, Participant.__table__

    def given(name: str):
        return sa.bindparam(name, type_=table.c[name].type)

    source = (
        sa.select(
            measures.c.id,
            participants.c.id,
            *(given(name) for name in _COLUMNS[2:]),
        )
        .select_from(
            measures.join(steps, steps.c.id == measures.c.step_id)
            .join(meetings, meetings.c.id == steps.c.meeting_id)
            .join(participants, participants.c.meeting_id == meetings.c.id)
        )
        .where(
            measures.c.id == sa.bindparam("measure_id"),
            steps.c.id == sa.bindparam("step_id"),
            steps.c.kind == KIND,
            steps.c.state == StepState.OPEN.value,
            meetings.c.code == sa.bindparam("code"),
            participants.c.token_hash == sa.bindparam("token_hash"),
        )
    )
    statement = _insert(dialect)(table).from_select(_COLUMNS, source)
    meeting_id = (
        sa.select(steps.c.meeting_id)
        .where(steps.c.id == sa.bindparam("step_id"))
        .scalar_subquery()
    )
    return _replacing(statement).returning(meeting_id)


def _answer_values(horizon: str, barrier: str | None, key: str) -> dict:
    """Return what an answer writes besides whose it is and for which measure."""
    return {
        "horizon": horizon,
        "barrier": barrier or None,
        "client_key": key,
        "updated_at": utcnow(),
    }


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
            **_answer_values(horizon, barrier, key),
        },
    ).first()
    return written is not None


def record_phone_answer(
    connection: Connection,
    *,
    code: str,
    step_id: int,
    token_hash: str,
    measure_id: int,
    horizon: str,
    barrier: str | None,
    key: str,
) -> int | None:
    """Store or replace the answer of the phone holding this token.

    Return the meeting's id once written; None when nothing was written: a
    repeated key, or an answer this step does not take now (the caller finds
    out which).
    """
    return connection.execute(
        _phone_upsert(connection.dialect.name),
        {
            "code": code,
            "step_id": step_id,
            "token_hash": token_hash,
            "measure_id": measure_id,
            **_answer_values(horizon, barrier, key),
        },
    ).scalar()


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


#: a plain select: every phone's step refetch asks it
_CHOICES = (
    sa.select(PollAnswer.measure_id, PollAnswer.horizon, PollAnswer.barrier)
    .join(PollMeasure)
    .where(
        PollMeasure.step_id == sa.bindparam("step"),
        PollAnswer.participant_id == sa.bindparam("participant"),
    )
    .order_by(PollMeasure.position)
)


def choices_of(
    step: Step, participant: Participant
) -> dict[int, tuple[str, str | None]]:
    """Return one household's answers on a step, (horizon, barrier) by measure
    id, in the poll's order."""
    rows = db.session.execute(
        _CHOICES, {"step": step.id, "participant": participant.id}
    )
    return {measure_id: (horizon, barrier) for measure_id, horizon, barrier in rows}


_MEASURES, _ANSWERS = PollMeasure.__table__, PollAnswer.__table__
_MEETING_MEASURES = _MEASURES.join(
    Step.__table__, Step.__table__.c.id == _MEASURES.c.step_id
)
#: plain statements built once: a sign-up form asks both on every phone's refetch
_PLANNED = (
    sa.select(_MEASURES.c.catalogue_key)
    .select_from(
        _MEETING_MEASURES.join(_ANSWERS, _ANSWERS.c.measure_id == _MEASURES.c.id)
    )
    .where(
        Step.__table__.c.meeting_id == sa.bindparam("meeting"),
        _ANSWERS.c.participant_id == sa.bindparam("participant"),
        _ANSWERS.c.horizon.in_(("1y", "5y")),
        _MEASURES.c.catalogue_key.is_not(None),
    )
    .order_by(_MEASURES.c.catalogue_key)
)
_ASKED = (
    sa.select(_MEASURES.c.catalogue_key)
    .select_from(_MEETING_MEASURES)
    .where(
        Step.__table__.c.meeting_id == sa.bindparam("meeting"),
        _MEASURES.c.catalogue_key.is_not(None),
    )
    .distinct()
    .order_by(_MEASURES.c.catalogue_key)
)


def planned_keys(meeting_id: int, participant: Participant) -> list[str]:
    """Return the catalogue measures a phone plans within 5 years, in any poll."""
    return list(
        db.session.scalars(
            _PLANNED, {"meeting": meeting_id, "participant": participant.id}
        )
    )


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
    return {s.value: counts.get(s.value, 0) for s in Stance}


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


def respondents(step: Step) -> set[int]:
    """Return the households (phones and those entered by hand) that answered
    at least one measure of the step: the everyone-counted meter's count."""
    return set(
        db.session.scalars(
            sa.select(PollAnswer.participant_id)
            .join(PollMeasure, PollMeasure.id == PollAnswer.measure_id)
            .where(PollMeasure.step_id == step.id)
            .distinct()
        )
    )


def asked_keys(meeting_id: int) -> list[str]:
    """Return the catalogue measures the meeting's polls ask about."""
    return list(db.session.scalars(_ASKED, {"meeting": meeting_id}))
