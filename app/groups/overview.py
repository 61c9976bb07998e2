"""The municipality's figures across meetings, by SQL aggregates that stay fast.

Every figure is one grouped query over indexed columns (see the migration
"add indexes for the municipality's figures"); nothing loads rows one by one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Neighbourhood
from app.extensions import db
from app.groups import logic
from app.groups.filters import Filters
from app.groups.models import PurchaseGroup, Signup, SignupMeasure
from app.meetings.models import Meeting, Participant, Step
from app.polls.models import PollAnswer, PollMeasure

WANTED = so.aliased(SignupMeasure)  #: a measure a sign-up must hold


def _meetings(municipality_id: int, filters: Filters) -> list:
    where = [Meeting.municipality_id == municipality_id]
    if filters.start:
        where.append(Meeting.held_on >= filters.start)
    if filters.end:
        where.append(Meeting.held_on <= filters.end)
    if filters.neighbourhood_id:
        where.append(Meeting.neighbourhood_id == filters.neighbourhood_id)
    return where


def _answers(municipality_id: int, filters: Filters, *columns):
    """Select over the answers of catalogue measures in the meetings in scope."""
    query = (
        sa.select(*columns)
        .select_from(PollAnswer)
        .join(PollMeasure, PollMeasure.id == PollAnswer.measure_id)
        .join(Step, Step.id == PollMeasure.step_id)
        .join(Meeting, Meeting.id == Step.meeting_id)
        .where(
            *_meetings(municipality_id, filters),
            PollMeasure.catalogue_key.is_not(None),
        )
    )
    if filters.measure:
        query = query.where(PollMeasure.catalogue_key == filters.measure)
    return query


def poll_interest(municipality_id: int, filters: Filters) -> dict[str, dict[str, int]]:
    """Return answers per catalogue measure and horizon in the meetings in scope."""
    query = _answers(
        municipality_id,
        filters,
        PollMeasure.catalogue_key,
        PollAnswer.horizon,
        sa.func.count(),
    ).group_by(PollMeasure.catalogue_key, PollAnswer.horizon)
    if filters.horizon:
        query = query.where(PollAnswer.horizon == filters.horizon)
    interest: dict[str, dict[str, int]] = {}
    for key, horizon, count in db.session.execute(query):
        interest.setdefault(key, {})[horizon] = count
    return interest


def _signups(municipality_id: int, filters: Filters, *columns, by_meeting=False):
    query = sa.select(*columns).where(Signup.municipality_id == municipality_id)
    if by_meeting or filters.by_meeting:
        query = query.join(Meeting, Meeting.id == Signup.meeting_id).where(
            *_meetings(municipality_id, filters)
        )
    if filters.measure:
        query = query.where(
            sa.exists().where(
                WANTED.signup_id == Signup.id,
                WANTED.measure_key == filters.measure,
            )
        )
    if filters.horizon:
        query = query.where(Signup.horizon == filters.horizon)
    return query


def by_neighbourhood(municipality_id: int, filters: Filters) -> list[tuple]:
    """Return (neighbourhood, households planning works, households signed up).

    Households planning: distinct phones that answered a measure in scope with
    the chosen horizon (within 1 or 5 years when none is chosen).
    """
    planning = dict(
        db.session.execute(
            _answers(
                municipality_id,
                filters,
                Meeting.neighbourhood_id,
                sa.func.count(sa.distinct(PollAnswer.participant_id)),
            )
            .where(PollAnswer.horizon.in_(filters.planning))
            .group_by(Meeting.neighbourhood_id)
        ).all()
    )
    signed = dict(
        db.session.execute(
            _signups(
                municipality_id,
                filters,
                Meeting.neighbourhood_id,
                sa.func.count(Signup.id),
                by_meeting=True,
            ).group_by(Meeting.neighbourhood_id)
        ).all()
    )
    names = dict(
        db.session.execute(
            sa.select(Neighbourhood.id, Neighbourhood.name).where(
                Neighbourhood.municipality_id == municipality_id
            )
        ).all()
    )
    ids = sorted(set(planning) | set(signed), key=lambda i: names[i].casefold())
    return [(names[i], planning.get(i, 0), signed.get(i, 0)) for i in ids]


def households(municipality_id: int, filters: Filters) -> int:
    """Return how many phones answered a poll in the meetings in scope."""
    return db.session.scalar(
        sa.select(sa.func.count(Participant.id))
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(*_meetings(municipality_id, filters))
        .where(sa.exists().where(PollAnswer.participant_id == Participant.id))
    )


def signup_rows(municipality_id: int, filters: Filters) -> list[logic.SignupRow]:
    """Return the sign-ups in scope with their measures, in one query."""
    rows = db.session.execute(
        _signups(
            municipality_id,
            filters,
            Signup.id,
            Signup.street,
            Signup.horizon,
            Signup.dwelling,
            SignupMeasure.measure_key,
        )
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .order_by(Signup.id)
    )
    found: dict[int, list] = {}
    for signup_id, street, horizon, dwelling, key in rows:
        found.setdefault(signup_id, [street, horizon, dwelling, set()])[3].add(key)
    return [
        logic.SignupRow(i, street, horizon, dwelling, frozenset(keys))
        for i, (street, horizon, dwelling, keys) in found.items()
    ]


@dataclass
class StreetGroup:
    """The groups of one measure, street and horizon, split by type of home."""

    measure_key: str
    street: str
    horizon: str
    parts: list[PurchaseGroup] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def measure_name(self) -> str:
        return self.parts[0].measure_name


def street_groups(
    municipality_id: int, filters: Filters, rows: list[logic.SignupRow]
) -> list[StreetGroup]:
    """Return the purchase groups in scope, those of one street and measure together.

    With a period or neighbourhood chosen, a group is in scope when one of
    its sign-ups was made at a meeting in it (`rows` are those sign-ups).
    """
    where = [PurchaseGroup.municipality_id == municipality_id, PurchaseGroup.size > 0]
    if filters.measure:
        where.append(PurchaseGroup.measure_key == filters.measure)
    if filters.horizon:
        where.append(PurchaseGroup.horizon == filters.horizon)
    stored = db.session.scalars(sa.select(PurchaseGroup).where(*where))
    keys = None
    if filters.by_meeting:
        keys = {
            (m, logic.street_key(r.street), r.horizon, r.dwelling or "")
            for r in rows
            for m in r.measures
        }
    combined: dict[tuple, StreetGroup] = {}
    for group in stored:
        key = (group.measure_key, group.street, group.horizon, group.dwelling)
        if keys is not None and key not in keys:
            continue
        head = key[:3]
        combined.setdefault(head, StreetGroup(*head)).parts.append(group)
    for street_group in combined.values():
        street_group.parts.sort(key=lambda g: (-g.size, g.dwelling))
    return sorted(
        combined.values(),
        key=lambda g: (-g.households, g.measure_key, g.street, g.horizon),
    )


def neighbourhoods_of(municipality_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Neighbourhood.id, Neighbourhood.name).where(
            Neighbourhood.municipality_id == municipality_id
        )
    ).all()
    return sorted(((i, n) for i, n in rows), key=lambda r: r[1].casefold())


def signups_per_measure(municipality_id: int) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(SignupMeasure.measure_key, sa.func.count())
            .join(Signup, Signup.id == SignupMeasure.signup_id)
            .where(Signup.municipality_id == municipality_id)
            .group_by(SignupMeasure.measure_key)
        ).all()
    )


def viable_groups_per_measure(municipality_id: int) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(PurchaseGroup.measure_key, sa.func.count())
            .where(
                PurchaseGroup.municipality_id == municipality_id,
                PurchaseGroup.size > 0,
                PurchaseGroup.status != logic.GroupStatus.FORMING.value,
            )
            .group_by(PurchaseGroup.measure_key)
        ).all()
    )


def answers_by_year(municipality_id: int) -> dict[tuple, dict[str, int]]:
    """Return answers per (year, neighbourhood name, measure key) and horizon."""
    year = sa.extract("year", Meeting.held_on)
    query = (
        _answers(
            municipality_id,
            Filters(),
            year,
            Neighbourhood.name,
            PollMeasure.catalogue_key,
            PollAnswer.horizon,
            sa.func.count(),
        )
        .join(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
        .group_by(
            year, Neighbourhood.name, PollMeasure.catalogue_key, PollAnswer.horizon
        )
    )
    found: dict[tuple, dict[str, int]] = {}
    for y, name, key, horizon, count in db.session.execute(query):
        found.setdefault((int(y), name, key), {})[horizon] = count
    return found


def meetings_by_year(municipality_id: int) -> dict[tuple, int]:
    """Return how many meetings were held per (year, neighbourhood name)."""
    year = sa.extract("year", Meeting.held_on)
    rows = db.session.execute(
        sa.select(year, Neighbourhood.name, sa.func.count(Meeting.id))
        .join(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
        .where(Meeting.municipality_id == municipality_id)
        .group_by(year, Neighbourhood.name)
    )
    return {(int(y), name): n for y, name, n in rows}


def signups_by_street(municipality_id: int) -> dict[tuple[str, str], int]:
    """Return consented sign-ups per (street key, measure key)."""
    rows = db.session.execute(
        sa.select(Signup.street, SignupMeasure.measure_key)
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .where(Signup.municipality_id == municipality_id, Signup.consent_contact)
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for street, key in rows:
        counts[(logic.street_key(street), key)] += 1
    return dict(counts)
