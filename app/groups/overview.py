"""The municipality's figures across meetings, by grouped queries that stay fast.

Poll figures are counted per meeting and kept (app/groups/poll_figures.py);
sign-ups and groups are read with one grouped query each, and the streets'
worksites kept while the sign-ups stay the same. Nothing loads rows one by one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Neighbourhood
from app.extensions import db
from app.groups import logic, poll_figures
from app.groups.filters import Filters
from app.groups.kept import SIGNUP_FIGURES, database_key
from app.groups.models import (
    PurchaseGroup,
    Signup,
    SignupAnswer,
    SignupMeasure,
    StreetList,
)
from app.groups.poll_figures import meeting_conditions, poll_interest  # noqa: F401
from app.groups.services import GROUPING_COLUMNS, LISTED_NAME, grouping_rows
from app.meetings.models import Meeting
from app.polls.catalogue import BY_KEY

WANTED = so.aliased(SignupMeasure)  #: a measure a sign-up must hold


def _signups(municipality_id: int, filters: Filters, *columns, by_meeting=False):
    query = sa.select(*columns).where(Signup.municipality_id == municipality_id)
    if by_meeting or filters.by_meeting:
        query = query.join(Meeting, Meeting.id == Signup.meeting_id).where(
            *meeting_conditions(municipality_id, filters)
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
    areas = dict(
        db.session.execute(
            sa.select(Meeting.id, Meeting.neighbourhood_id).where(
                *meeting_conditions(municipality_id, filters)
            )
        ).all()
    )
    planning: dict[int, int] = defaultdict(int)
    for meeting_id, n in poll_figures.planning_by_meeting(
        municipality_id, filters
    ).items():
        if n and meeting_id in areas:  # a meeting made meanwhile waits a reload
            planning[areas[meeting_id]] += n
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


def signup_rows(municipality_id: int, filters: Filters) -> list[logic.SignupRow]:
    """Return the sign-ups in scope with their measures, in one query."""
    return grouping_rows(
        _signups(municipality_id, filters, *GROUPING_COLUMNS)
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .order_by(Signup.id)
    )


@dataclass(frozen=True)
class GroupPart:
    """One stored purchase group, as the dashboard shows it."""

    id: int
    measure_key: str
    street: str
    horizon: str
    dwelling: str
    status: str
    size: int
    threshold: int
    partner_id: int | None = None  #: the partner organisation it was given to

    @property
    def measure_name(self) -> str:
        entry = BY_KEY.get(self.measure_key)
        return str(entry.name) if entry else self.measure_key


PART_COLUMNS = [
    PurchaseGroup.id,
    PurchaseGroup.measure_key,
    PurchaseGroup.street,
    PurchaseGroup.horizon,
    PurchaseGroup.dwelling,
    PurchaseGroup.status,
    PurchaseGroup.size,
    PurchaseGroup.threshold,
    PurchaseGroup.partner_id,
]


@dataclass
class StreetGroup:
    """The groups of one measure, street and horizon, split by type of home."""

    measure_key: str
    street: str
    horizon: str
    parts: list[GroupPart] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def measure_name(self) -> str:
        return self.parts[0].measure_name


def _combined(parts) -> list[StreetGroup]:
    combined: dict[tuple, StreetGroup] = {}
    for part in parts:
        head = (part.measure_key, part.street, part.horizon)
        combined.setdefault(head, StreetGroup(*head)).parts.append(part)
    for street_group in combined.values():
        street_group.parts.sort(key=lambda g: (-g.size, g.dwelling))
    return sorted(
        combined.values(),
        key=lambda g: (-g.households, g.measure_key, g.street, g.horizon),
    )


def street_groups(
    municipality_id: int, filters: Filters, page: int, per_page: int
) -> tuple[list[StreetGroup], int]:
    """Return one page of the purchase groups in scope, and how many there are.

    The groups of one measure, street and horizon come together, largest
    first. With a period or neighbourhood chosen, a group is in scope when one
    of its sign-ups was made at a meeting in it.
    """
    where = [PurchaseGroup.municipality_id == municipality_id, PurchaseGroup.size > 0]
    if filters.measure:
        where.append(PurchaseGroup.measure_key == filters.measure)
    if filters.horizon:
        where.append(PurchaseGroup.horizon == filters.horizon)
    if filters.by_meeting:
        keys = {
            (m, logic.group_street(r.street, r.listed), r.horizon, r.dwelling or "")
            for r in signup_rows(municipality_id, filters)
            for m in r.measures
        }
        streets = sorted({k[1] for k in keys})
        parts = [
            GroupPart(*row)
            for row in db.session.execute(
                sa.select(*PART_COLUMNS).where(
                    *where, PurchaseGroup.street.in_(streets)
                )
            )
            if (row.measure_key, row.street, row.horizon, row.dwelling) in keys
        ]
        combined = _combined(parts)
        start = (page - 1) * per_page
        return combined[start : start + per_page], len(combined)
    heads = (
        sa.select(
            PurchaseGroup.measure_key,
            PurchaseGroup.street,
            PurchaseGroup.horizon,
            sa.func.sum(PurchaseGroup.size).label("households"),
        )
        .where(*where)
        .group_by(
            PurchaseGroup.measure_key, PurchaseGroup.street, PurchaseGroup.horizon
        )
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(heads.subquery()))
    shown = db.session.execute(
        heads.order_by(
            sa.desc("households"),
            PurchaseGroup.measure_key,
            PurchaseGroup.street,
            PurchaseGroup.horizon,
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if not shown:
        return [], total
    head = sa.tuple_(
        PurchaseGroup.measure_key, PurchaseGroup.street, PurchaseGroup.horizon
    )
    parts = db.session.execute(
        sa.select(*PART_COLUMNS).where(*where, head.in_([tuple(r[:3]) for r in shown]))
    )
    return _combined(GroupPart(*row) for row in parts), total


@dataclass
class SiteVisits:
    """How likely the households of the groups shown pass a site visit."""

    by_group: dict[int, logic.SiteVisitOutlook] = field(default_factory=dict)

    def of(self, group_id: int) -> logic.SiteVisitOutlook:
        return self.by_group.get(group_id) or logic.SiteVisitOutlook()

    def of_street_group(self, street_group: StreetGroup) -> logic.SiteVisitOutlook:
        return sum(
            (self.of(part.id) for part in street_group.parts), logic.SiteVisitOutlook()
        )


def site_visits(municipality_id: int, shown: list[StreetGroup]) -> SiteVisits:
    """Judge every household of the groups shown, in one query for the page.

    The sign-ups of the page's measures and horizons come with their tenure and
    answers; each is matched to its group by the key the groups are formed by
    (logic.form_groups: measure, street key, horizon, type of home).
    """
    groups = {
        (p.measure_key, p.street, p.horizon, p.dwelling): p.id
        for street_group in shown
        for p in street_group.parts
    }
    if not groups:
        return SiteVisits()
    rows = db.session.execute(
        sa.select(
            Signup.id,
            Signup.street,
            LISTED_NAME,
            Signup.horizon,
            Signup.dwelling,
            Signup.tenure,
            SignupMeasure.measure_key,
            SignupAnswer.question,
            SignupAnswer.answer,
        )
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .outerjoin(SignupAnswer, SignupAnswer.signup_id == Signup.id)
        .where(
            Signup.municipality_id == municipality_id,
            SignupMeasure.measure_key.in_({key[0] for key in groups}),
            Signup.horizon.in_({key[2] for key in groups}),
        )
    )
    households: dict[int, tuple] = {}
    for signup_id, street, listed, *rest in rows:
        horizon, dwelling, tenure, measure, question, answer = rest
        head = (logic.group_street(street, listed), horizon, dwelling or "", tenure)
        found = households.setdefault(signup_id, (*head, set(), {}))
        found[4].add(measure)
        if question is not None:
            found[5][question] = answer
    result = SiteVisits()
    for street, horizon, dwelling, tenure, measures, answers in households.values():
        for measure in measures:
            group_id = groups.get((measure, street, horizon, dwelling))
            if group_id is not None:
                verdict = logic.likely_to_pass(
                    measure, answers, tenure, answers.get(logic.LANDLORD)
                )
                result.by_group.setdefault(group_id, logic.SiteVisitOutlook()).add(
                    verdict
                )
    return result


def signups_fingerprint(municipality_id: int) -> tuple:
    """Return what changes whenever a sign-up is added, changed, withdrawn or
    matched to another listed street, or the street list is loaded anew."""
    listed = (
        sa.select(StreetList.version)
        .where(StreetList.municipality_id == municipality_id)
        .scalar_subquery()
    )
    return tuple(
        db.session.execute(
            sa.select(
                sa.func.count(),
                sa.func.max(Signup.id),
                sa.func.max(Signup.updated_at),
                sa.func.count(Signup.street_id),
                sa.func.sum(Signup.street_id),
                listed,
            ).where(Signup.municipality_id == municipality_id)
        ).one()
    )


def bundles(municipality_id: int, filters: Filters) -> list[logic.Bundle]:
    """Return the street worksites of the sign-ups in scope (kept while they hold)."""
    return SIGNUP_FIGURES.get(
        database_key("bundles", municipality_id, filters),
        signups_fingerprint(municipality_id),
        lambda: logic.bundles(signup_rows(municipality_id, filters)),
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
    where = {
        meeting_id: (held_on.year, name)
        for meeting_id, held_on, name in db.session.execute(
            sa.select(Meeting.id, Meeting.held_on, Neighbourhood.name)
            .join(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
            .where(Meeting.municipality_id == municipality_id)
        )
    }
    found: dict[tuple, dict[str, int]] = {}
    answers = poll_figures.answers_by_meeting(municipality_id, Filters())
    for meeting_id, counts in answers.items():
        for (key, horizon), n in counts.items():
            by_horizon = found.setdefault((*where[meeting_id], key), {})
            by_horizon[horizon] = by_horizon.get(horizon, 0) + n
    return found


def meetings_by_year(municipality_id: int) -> dict[tuple, int]:
    """Return how many meetings were held per (year, neighbourhood name)."""
    rows = db.session.execute(
        sa.select(Meeting.held_on, Neighbourhood.name)
        .join(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
        .where(Meeting.municipality_id == municipality_id)
    )
    counts: dict[tuple, int] = defaultdict(int)
    for held_on, name in rows:
        counts[(held_on.year, name)] += 1
    return dict(counts)


def signups_by_street(municipality_id: int) -> dict[tuple[str, str], int]:
    """Return consented sign-ups per (street, measure key): the listed
    street's name when matched, else the street key (logic.group_street)."""
    rows = db.session.execute(
        sa.select(Signup.street, LISTED_NAME, SignupMeasure.measure_key)
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .where(Signup.municipality_id == municipality_id, Signup.consent_contact)
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for street, listed, key in rows:
        counts[(logic.group_street(street, listed), key)] += 1
    return dict(counts)
