"""The polls' figures across meetings: counted once per meeting, then kept.

A meeting's answers change only while one of its poll steps is open (a phone
answers only an open step), or when a household without a phone is entered
(a new participant). So each meeting's counts are kept with a fingerprint of
its version (bumped on every step change), its poll steps' states and its
number of participants, and counted again only when that differs; a meeting
with an open poll step is always counted afresh. Five busy years then cost a
few small queries, and tonight's meeting is counted as it happens. Counts
without a measure or horizon chosen are also stored in the database
(app/groups/figure_store.py), for a new process or another one.

Counting goes through POLL_ANSWERS_BY_MEASURE (app/groups/indexes.py): the
database walks that index and reads no answer row.
"""

from collections import defaultdict

import sqlalchemy as sa
from flask import g

from app.extensions import db
from app.groups import figure_store
from app.groups.filters import Filters
from app.groups.indexes import POLL_ANSWERS_BY_MEASURE  # noqa: F401 - declared
from app.groups.kept import Kept, database_key
from app.meetings.models import Meeting, Participant, Step, StepState
from app.polls.models import PollAnswer, PollMeasure

POLL = "poll"  #: the poll step's kind (app/polls registers it)
#: per meeting and filter of measure and horizon: its counts (at most 75 each:
#: 15 measures and 5 answers), a few megabytes for thousands of meetings
MEETING_FIGURES = Kept(size=20_000)


def meeting_conditions(municipality_id: int, filters: Filters) -> list:
    where = [Meeting.municipality_id == municipality_id]
    if filters.start:
        where.append(Meeting.held_on >= filters.start)
    if filters.end:
        where.append(Meeting.held_on <= filters.end)
    if filters.neighbourhood_id:
        where.append(Meeting.neighbourhood_id == filters.neighbourhood_id)
    return where


def _fingerprints(municipality_id: int, filters: Filters) -> dict[int, tuple]:
    """Return per meeting in scope its fingerprint, or None when it is live;
    read once per request."""
    read = g.setdefault("meeting_fingerprints", {})
    key = (municipality_id, filters)
    if key not in read:
        read[key] = _read_fingerprints(municipality_id, filters)
    return read[key]


def _read_fingerprints(municipality_id: int, filters: Filters) -> dict[int, tuple]:
    where = meeting_conditions(municipality_id, filters)
    meetings = db.session.execute(sa.select(Meeting.id, Meeting.version).where(*where))
    in_scope = sa.select(Meeting.id).where(*where).scalar_subquery()
    steps = defaultdict(list)
    for meeting_id, step_id, state in db.session.execute(
        sa.select(Step.meeting_id, Step.id, Step.state)
        .where(Step.meeting_id.in_(in_scope), Step.kind == POLL)
        .order_by(Step.id)
    ):
        steps[meeting_id].append((step_id, state))
    phones = dict(
        db.session.execute(
            sa.select(Participant.meeting_id, sa.func.count())
            .where(Participant.meeting_id.in_(in_scope))
            .group_by(Participant.meeting_id)
        ).all()
    )
    return {
        meeting_id: None
        if any(state == StepState.OPEN for _s, state in steps[meeting_id])
        else (version, tuple(steps[meeting_id]), phones.get(meeting_id, 0))
        for meeting_id, version in meetings
    }


def _kept(kind: str, municipality_id: int, filters: Filters, count) -> dict:
    """Return per meeting in scope its figure of this kind, counting only the
    meetings whose kept figure no longer holds (`count(ids)` counts those).

    Figures without a measure or horizon chosen are also stored in the
    database (app/groups/figure_store.py): the caller commits."""
    fingerprints = _fingerprints(municipality_id, filters)
    found, missing = {}, []
    for meeting_id, fingerprint in fingerprints.items():
        key = database_key(kind, meeting_id, filters.measure, filters.horizon)
        value = None if fingerprint is None else MEETING_FIGURES.peek(key, fingerprint)
        if value is None:
            missing.append(meeting_id)
        else:
            found[meeting_id] = value
    persist = not (filters.measure or filters.horizon)
    digests = {m: figure_store.digest(fingerprints[m]) for m in missing}
    if persist and missing:
        closed = {m: d for m, d in digests.items() if fingerprints[m] is not None}
        for meeting_id, counts in figure_store.stored(kind, closed).items():
            found[meeting_id] = _DECODE[kind](counts)
            key = database_key(kind, meeting_id, None, None)
            MEETING_FIGURES.put(key, fingerprints[meeting_id], found[meeting_id])
        missing = [m for m in missing if m not in found]
    if missing:
        counted = count(missing)
        to_store = {}
        for meeting_id in missing:
            found[meeting_id] = counted.get(meeting_id, {})
            if fingerprints[meeting_id] is not None:
                key = database_key(kind, meeting_id, filters.measure, filters.horizon)
                MEETING_FIGURES.put(key, fingerprints[meeting_id], found[meeting_id])
                to_store[meeting_id] = (
                    digests[meeting_id],
                    _ENCODE[kind](found[meeting_id]),
                )
        if persist:
            figure_store.store(kind, to_store)
    return found


_ENCODE = {
    "answers": lambda counts: [[k, h, n] for (k, h), n in sorted(counts.items())],
    "planning": lambda counts: [counts.get("households", 0)],
}
_DECODE = {
    "answers": lambda stored: {(k, h): n for k, h, n in stored},
    "planning": lambda stored: {"households": stored[0]} if stored else {},
}


def _measures(meeting_ids: list[int], filters: Filters, *columns):
    query = (
        sa.select(*columns)
        .select_from(PollMeasure)
        .join(Step, Step.id == PollMeasure.step_id)
        .where(Step.meeting_id.in_(meeting_ids), PollMeasure.catalogue_key.is_not(None))
    )
    if filters.measure:
        query = query.where(PollMeasure.catalogue_key == filters.measure)
    return query


def _count_answers(filters: Filters):
    def count(meeting_ids: list[int]) -> dict[int, dict]:
        where = {
            i: (m, k)
            for i, m, k in db.session.execute(
                _measures(
                    meeting_ids,
                    filters,
                    PollMeasure.id,
                    Step.meeting_id,
                    PollMeasure.catalogue_key,
                )
            )
        }
        query = (
            sa.select(PollAnswer.measure_id, PollAnswer.horizon, sa.func.count())
            .where(PollAnswer.measure_id.in_(list(where)))
            .group_by(PollAnswer.measure_id, PollAnswer.horizon)
        )
        if filters.horizon:
            query = query.where(PollAnswer.horizon == filters.horizon)
        counts: dict[int, dict] = defaultdict(dict)
        for measure_id, horizon, n in db.session.execute(query):
            meeting_id, key = where[measure_id]
            by = counts[meeting_id]
            by[(key, horizon)] = by.get((key, horizon), 0) + n
        return counts

    return count


def _count_planning(filters: Filters):
    def count(meeting_ids: list[int]) -> dict[int, int]:
        rows = db.session.execute(
            _measures(
                meeting_ids,
                filters,
                Step.meeting_id,
                sa.func.count(sa.distinct(PollAnswer.participant_id)),
            )
            .join(PollAnswer, PollAnswer.measure_id == PollMeasure.id)
            .where(PollAnswer.horizon.in_(filters.planning))
            .group_by(Step.meeting_id)
        )
        return {meeting_id: {"households": n} for meeting_id, n in rows}

    return count


def answers_by_meeting(municipality_id: int, filters: Filters) -> dict[int, dict]:
    """Return per meeting in scope its answers per (measure key, horizon)."""
    return _kept("answers", municipality_id, filters, _count_answers(filters))


def poll_interest(municipality_id: int, filters: Filters) -> dict[str, dict[str, int]]:
    """Return answers per catalogue measure and horizon in the meetings in scope."""
    interest: dict[str, dict[str, int]] = {}
    for counts in answers_by_meeting(municipality_id, filters).values():
        for (key, horizon), n in counts.items():
            by_horizon = interest.setdefault(key, {})
            by_horizon[horizon] = by_horizon.get(horizon, 0) + n
    return interest


def planning_by_meeting(municipality_id: int, filters: Filters) -> dict[int, int]:
    """Return per meeting the households that answered a measure in scope with
    the chosen horizon (within 1 or 5 years when none is chosen).

    A phone belongs to one meeting, so these add up across meetings."""
    kept = _kept("planning", municipality_id, filters, _count_planning(filters))
    return {m: v.get("households", 0) for m, v in kept.items()}
