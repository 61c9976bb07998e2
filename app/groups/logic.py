"""Pure sign-up rules: purchase groups, street bundles ("burenwerf"), statuses,
and how a phone number and a moment are written."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

import phonenumbers

DEFAULT_THRESHOLD = 8  #: households in one street for one contractor lot
BUNDLE_MIN_PER_MEASURE = 3  #: households for a measure to join a street bundle
DEFAULT_REGION = "BE"  #: a phone number without a country code is Belgian
BRUSSELS = ZoneInfo("Europe/Brussels")  #: the clock residents and staff read


class Horizon(StrEnum):
    ONE_YEAR = "1y"
    FIVE_YEARS = "5y"


class GroupStatus(StrEnum):
    FORMING = "forming"
    VIABLE = "viable"
    TENDERING = "tendering"
    CLOSED = "closed"


#: statuses staff set by hand; the others follow the number of households
MANUAL_STATUSES = frozenset({GroupStatus.TENDERING, GroupStatus.CLOSED})


@dataclass(frozen=True)
class SignupRow:
    signup_id: int
    street: str
    horizon: str
    dwelling: str | None
    measures: frozenset[str]


@dataclass(frozen=True)
class GroupKey:
    measure: str
    street: str
    horizon: str
    dwelling: str | None


@dataclass
class ProposedGroup:
    key: GroupKey
    signup_ids: list[int] = field(default_factory=list)
    threshold: int = DEFAULT_THRESHOLD

    @property
    def size(self) -> int:
        return len(self.signup_ids)

    @property
    def viable(self) -> bool:
        return self.size >= self.threshold


@dataclass(frozen=True)
class Bundle:
    """A street where enough households want several measures as one worksite."""

    street: str
    measures: tuple[str, ...]
    households: int  #: households wanting at least two of the measures


_NUMBER = re.compile(r"[\s,]+\d+\s*\w?(\s*(bus|/)\s*\w+)?$", re.IGNORECASE)


def street_key(street: str) -> str:
    """Return a street name in canonical form: no house number, case or extra spaces."""
    cleaned = " ".join(street.split()).strip(" ,.")
    cleaned = _NUMBER.sub("", cleaned)
    return cleaned.lower()


def form_groups(
    signups: Iterable[SignupRow], thresholds: dict[str, int] | None = None
) -> list[ProposedGroup]:
    """Group sign-ups per measure, street, horizon and dwelling type."""
    thresholds = thresholds or {}
    groups: dict[GroupKey, ProposedGroup] = {}
    for signup in signups:
        street = street_key(signup.street)
        for measure in sorted(signup.measures):
            key = GroupKey(measure, street, signup.horizon, signup.dwelling)
            group = groups.get(key)
            if group is None:
                group = groups[key] = ProposedGroup(
                    key, threshold=thresholds.get(measure, DEFAULT_THRESHOLD)
                )
            group.signup_ids.append(signup.signup_id)
    return sorted(
        groups.values(),
        key=lambda g: (
            -g.size,
            g.key.measure,
            g.key.street,
            g.key.horizon,
            g.key.dwelling or "",
        ),
    )


def bundles(
    signups: Iterable[SignupRow],
    *,
    min_per_measure: int = BUNDLE_MIN_PER_MEASURE,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[Bundle]:
    """Propose one worksite per street for the measures many neighbours want.

    A street qualifies when at least `threshold` households want two or more of
    the measures that each have `min_per_measure` households in that street.
    """
    by_street: dict[str, list[SignupRow]] = defaultdict(list)
    for signup in signups:
        by_street[street_key(signup.street)].append(signup)
    result = []
    for street, rows in sorted(by_street.items()):
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for measure in row.measures:
                counts[measure] += 1
        measures = tuple(sorted(m for m, n in counts.items() if n >= min_per_measure))
        if len(measures) < 2:
            continue
        households = sum(1 for row in rows if len(row.measures & set(measures)) >= 2)
        if households >= threshold:
            result.append(Bundle(street, measures, households))
    return sorted(result, key=lambda b: (-b.households, b.street))


def next_status(current: str | None, size: int, threshold: int) -> str:
    """Return a group's status: manual statuses stay, others follow its size."""
    if current in MANUAL_STATUSES:
        return current
    return GroupStatus.VIABLE if size >= threshold else GroupStatus.FORMING


def phone_number(typed: str) -> str | None:
    """Return a phone number in one international form ("+32 470 12 34 56"),
    read as a Belgian number unless it says otherwise; None if no such number."""
    try:
        number = phonenumbers.parse(typed, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def in_brussels(moment: datetime) -> datetime:
    """Return a stored moment (naive UTC) on the residents' and staff's clock."""
    return moment.replace(tzinfo=UTC).astimezone(BRUSSELS)


def measures_first(
    chosen: Iterable[str], marked: Iterable[str], asked: Iterable[str]
) -> frozenset[str] | None:
    """Return the measures a sign-up form lists first, the others behind "more".

    First come the measures already chosen on the form and those the household
    marked in the poll; a household that marked none sees the measures the
    meeting's poll asked about. None (no poll, nothing chosen): list every one.
    """
    first = frozenset(chosen) | frozenset(marked)
    return first or frozenset(asked) or None
