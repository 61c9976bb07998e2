"""Pure sign-up rules: purchase groups, street bundles ("burenwerf"), statuses,
how a typed street is matched to the municipality's street list, and how a
phone number and a moment are written."""

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
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
    #: the name of the listed street the sign-up is matched to, if any
    listed: str | None = None


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


def group_street(typed: str, listed: str | None) -> str:
    """Return the street a sign-up is grouped under: the listed street it is
    matched to, else the street as typed in canonical form (street_key)."""
    return listed or street_key(typed)


def form_groups(
    signups: Iterable[SignupRow], thresholds: dict[str, int] | None = None
) -> list[ProposedGroup]:
    """Group sign-ups per measure, street, horizon and dwelling type."""
    thresholds = thresholds or {}
    groups: dict[GroupKey, ProposedGroup] = {}
    for signup in signups:
        street = group_street(signup.street, signup.listed)
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
        by_street[group_street(signup.street, signup.listed)].append(signup)
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


#: abbreviations written for a whole word of a street name
_WORDS = {
    "st": "sint",
    "ste": "sinte",
    "sts": "sint",
    "str": "straat",
    "ln": "laan",
    "pl": "plein",
    "stwg": "steenweg",
    "stw": "steenweg",
    "dr": "dokter",
    "burg": "burgemeester",
    "kard": "kardinaal",
    "kon": "koning",
    "pr": "prins",
    "gebr": "gebroeders",
    "mgr": "monseigneur",
    "olv": "onzelievevrouw",
    "av": "avenue",
    "bd": "boulevard",
}
#: abbreviations written at the end of a word ("Kerkstr.", "Brusselsestwg")
_ENDINGS = (("stwg", "steenweg"), ("str", "straat"), ("ln", "laan"), ("pl", "plein"))
_TOKENS = re.compile(r"\d+[a-z]*|[a-z]+")
#: the fewest letters a typed street needs before it is offered a listed one
#: it is the beginning of ("Sint-Jans" for Sint-Jansstraat)
_PREFIX_MIN = 5
SIMILAR = 0.8  #: how alike (difflib's ratio) a listed street must be to be offered


@dataclass(frozen=True)
class StreetMatch:
    """What a typed street is in a street list: one street (its key) when that
    is clear, else the keys of streets it may be (best first), else nothing."""

    key: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def unclear(self) -> bool:
        return self.key is None and bool(self.candidates)


def _words(text: str) -> list[str]:
    """Return the words and numbers of a street name: no case, accents or signs."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _TOKENS.findall(plain.replace("'", "").replace("\u2019", ""))


def _expanded(words: list[str]) -> list[str]:
    """Write out the abbreviations of a street name's words."""
    out: list[str] = []
    for i, word in enumerate(words):
        if word == "o" and words[i + 1 : i + 2] == ["l"]:
            out.append("onze")
        elif word == "l" and out[-1:] == ["onze"]:
            out.append("lieve")
        elif word == "v" and out[-1:] == ["lieve"]:
            out.append("vrouw")
        elif word in _WORDS:
            out.append(_WORDS[word])
        else:
            for short, full in _ENDINGS:
                if word.endswith(short) and len(word) > len(short) + 2:
                    word = word[: -len(short)] + full
                    break
            out.append(word)
    return out


def listed_street_key(name: str) -> str:
    """Return a listed street's name in the canonical form typed streets are
    compared in: "Sint-Jansstraat", "St.-Jansstraat" and "sint jansstraat"
    are one key, as are "Kerkstr." and "Kerkstraat"."""
    return "".join(_expanded(_words(name)))


def typed_street_keys(typed: str) -> tuple[str, ...]:
    """Return the keys a typed street may have, likeliest first: without its
    house number, bus and town ("Kerkstraat 12 bus 3, 2000 Antwerpen"); then,
    if it starts with a number, also without that ("12 Kerkstraat" next to
    "11 Novemberlaan")."""
    words = _words(typed)
    cut = next((i for i, w in enumerate(words) if i and w[0].isdigit()), len(words))
    words = words[:cut]
    keys = ["".join(_expanded(words))]
    while words and words[0][0].isdigit():
        words = words[1:]
        keys.append("".join(_expanded(words)))
    return tuple(dict.fromkeys(k for k in keys if k))


def typed_street_key(typed: str) -> str:
    """Return the key staff decide a typed street by: the same typed street
    (however written) gets the same decision."""
    keys = typed_street_keys(typed)
    return keys[0] if keys else ""


def match_street(typed: str, listed: Collection[str]) -> StreetMatch:
    """Return which of the listed street keys a typed street is.

    Clear only when the typed street is a listed one once written out in the
    canonical form (listed_street_key); a street it may be (alike in spelling,
    or it begins with what was typed) is only a candidate for staff to decide.
    """
    keys = typed_street_keys(typed)
    for key in keys:
        if key in listed:
            return StreetMatch(key)
    if not keys:
        return StreetMatch()
    typed_key = keys[0]
    alike = difflib.get_close_matches(typed_key, listed, n=4, cutoff=SIMILAR)
    begun = (
        sorted(k for k in listed if k.startswith(typed_key))[:4]
        if len(typed_key) >= _PREFIX_MIN
        else []
    )
    return StreetMatch(candidates=tuple(dict.fromkeys([*alike, *begun]))[:5])


def without_house_number(typed: str) -> str:
    """Return a typed street as written, without a number it starts with and
    without what follows a number after it (house number, bus, town): what
    staff may be shown of it."""
    cleaned = re.sub(r"^[\d\W_]+", "", " ".join(typed.split()))
    match = re.search(r"(?<=[^\W\d_])[\s,./-]*\d", cleaned)
    return (cleaned[: match.start()] if match else cleaned).strip(" ,-")


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


# --- Progress per street: a household's status in a group, offers and totals ---


class HouseholdStatus(StrEnum):
    """Where one household (a sign-up for one measure) is on the road to works."""

    INTERESTED = "interested"
    QUALIFIED = "qualified"
    VISIT_PLANNED = "visit_planned"
    OFFER_ACCEPTED = "offer_accepted"
    WORKS_DONE = "works_done"
    DROPPED = "dropped"


#: the road in order; dropped is beside it, not on it
ROAD = (
    HouseholdStatus.INTERESTED,
    HouseholdStatus.QUALIFIED,
    HouseholdStatus.VISIT_PLANNED,
    HouseholdStatus.OFFER_ACCEPTED,
    HouseholdStatus.WORKS_DONE,
)


class DropReason(StrEnum):
    PRICE = "price"
    TIMING = "timing"
    LANDLORD = "landlord"
    TECHNICAL = "technical"
    OTHER = "other"


class Actor(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"


S = HouseholdStatus
#: where a resident may go from where: ask for a visit, accept an offer,
#: decline; never "qualified" or "works done", and nothing once the works are
#: done (withdrawing stays possible at any stage)
RESIDENT_MOVES = {
    S.VISIT_PLANNED: frozenset({S.INTERESTED, S.QUALIFIED, S.DROPPED}),
    S.OFFER_ACCEPTED: frozenset(
        {S.INTERESTED, S.QUALIFIED, S.VISIT_PLANNED, S.DROPPED}
    ),
    S.DROPPED: frozenset(
        {S.INTERESTED, S.QUALIFIED, S.VISIT_PLANNED, S.OFFER_ACCEPTED}
    ),
}


class MoveRefused(ValueError):
    """A status change the rules do not allow; `code` says which rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_move(
    actor: str,
    current: str,
    new: str,
    reason: str | None = None,
    current_reason: str | None = None,
) -> bool:
    """Return whether a status change changes anything; raise MoveRefused if
    the rules do not allow it.

    Dropping needs a reason, and only dropping has one. Staff may move a
    household anywhere (also back, to correct a mistake); a resident only
    along RESIDENT_MOVES.
    """
    if actor not in set(Actor):
        raise MoveRefused("unknown_actor")
    if new not in set(HouseholdStatus):
        raise MoveRefused("unknown_status")
    if new == S.DROPPED and reason not in set(DropReason):
        raise MoveRefused("reason_needed")
    if new != S.DROPPED and reason:
        raise MoveRefused("reason_only_when_dropping")
    if (new, reason) == (current, current_reason):
        return False
    if actor == Actor.RESIDENT and current not in RESIDENT_MOVES.get(new, ()):
        raise MoveRefused("not_for_residents")
    return True


def offer_open(valid_until: date, today: date) -> bool:
    """Return whether an offer can still be taken: up to and on its last day."""
    return today <= valid_until


class Unit(StrEnum):
    """What an offer's price is per, and what a resident measures at home."""

    SQUARE_METRE = "m2"
    KILOWATT_PEAK = "kwp"
    WINDOW = "window"
    METRE = "metre"
    HOME = "home"


#: the unit an offer for a measure is priced in; others are priced per home
MEASURE_UNITS = {
    "pv": Unit.KILOWATT_PEAK,
    "roof_ins": Unit.SQUARE_METRE,
    "ext_wall_ins": Unit.SQUARE_METRE,
    "cavity_ins": Unit.SQUARE_METRE,
    "floor_ins": Unit.SQUARE_METRE,
    "green_roof": Unit.SQUARE_METRE,
    "tile_lift": Unit.SQUARE_METRE,
    "glazing": Unit.WINDOW,
    "ext_joinery": Unit.WINDOW,
    "facade_garden": Unit.METRE,
}
#: units counted whole (a window); the others take one decimal (4,5 kWp)
WHOLE_UNITS = frozenset({Unit.WINDOW, Unit.HOME})
TENTHS = 10  #: quantities are stored in tenths of their unit
MAX_QUANTITY = 100_000  #: units: no home has more m² or windows than this
MAX_CENTS = 100_000_000  #: €1,000,000: no unit price or premium is more


def unit_of(measure_key: str) -> Unit:
    return MEASURE_UNITS.get(measure_key, Unit.HOME)


class Premium(StrEnum):
    """The work categories of Mijn VerbouwPremie (domain sheet §2.1)."""

    ROOF = "roof"
    WINDOWS_DOORS = "windows_doors"
    WALL_INSULATION = "wall_insulation"
    FLOOR_INSULATION = "floor_insulation"
    HEAT_PUMP = "heat_pump"
    HEAT_PUMP_BOILER = "heat_pump_boiler"
    SOLAR_BOILER = "solar_boiler"
    INTERIOR = "interior"
    ELECTRICITY_SANITATION = "electricity_sanitation"


#: the premium category a measure's offer starts with (solar panels have none:
#: they qualify for Mijn VerbouwLening, not for the premium)
MEASURE_PREMIUMS = {
    "roof_ins": Premium.ROOF,
    "green_roof": Premium.ROOF,
    "ext_wall_ins": Premium.WALL_INSULATION,
    "cavity_ins": Premium.WALL_INSULATION,
    "floor_ins": Premium.FLOOR_INSULATION,
    "glazing": Premium.WINDOWS_DOORS,
    "ext_joinery": Premium.WINDOWS_DOORS,
    "hp_air_water": Premium.HEAT_PUMP,
    "hp_boiler": Premium.HEAT_PUMP_BOILER,
}


class PremiumKind(StrEnum):
    PER_UNIT = "per_unit"
    FIXED = "fixed"


_EUROS = re.compile(r"(\d{1,9})(?:[.,](\d{1,2}))?")
_QUANTITY = re.compile(r"(\d{1,6})(?:[.,](\d))?")


def parse_euros(typed: str) -> int | None:
    """Return an amount typed in euros ("45", "45,5", "€ 45.50") in cents;
    None if it is not one, or is 0 or more than a million."""
    text = typed.strip().removeprefix("€").strip()
    match = _EUROS.fullmatch(text) if text.isascii() else None
    if match is None:
        return None
    cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    return cents if 0 < cents <= MAX_CENTS else None


def parse_quantity(typed: str, unit: str) -> int | None:
    """Return a home's quantity ("12", "4,5") in tenths of its unit; None if
    it is not a positive number up to MAX_QUANTITY, or has a decimal where the
    unit is counted whole."""
    text = typed.strip()
    match = _QUANTITY.fullmatch(text) if text.isascii() else None
    if match is None or (match.group(2) and unit in WHOLE_UNITS):
        return None
    tenths = int(match.group(1)) * TENTHS + int(match.group(2) or "0")
    return tenths if 0 < tenths <= MAX_QUANTITY * TENTHS else None


def _times_tenths(cents: int, tenths: int) -> int:
    """Return cents times a quantity in tenths, rounded half up to a whole cent."""
    return (cents * tenths + TENTHS // 2) // TENTHS


def whole_euros(cents: int) -> int:
    """Return an amount in cents as whole euros, half up (an indicative figure)."""
    return (cents + 50) // 100


@dataclass(frozen=True)
class Indication:
    """What one offer would roughly cost one home, in cents."""

    total: int  #: unit price times the home's quantity
    premium: int | None  #: the premium estimate, never more than the total
    net: int  #: total less the premium estimate


def indication(
    price_cents: int,
    quantity_tenths: int | None,
    *,
    premium_kind: str | None = None,
    premium_cents: int | None = None,
) -> Indication | None:
    """Return a home's indicative total for an offer, or None without a quantity.

    Totals are exact to the cent (integer cents times tenths, half up). A premium
    per unit counts the same quantity; a fixed premium counts once; either is
    capped at the total, so the net is never below zero.
    """
    if quantity_tenths is None:
        return None
    total = _times_tenths(price_cents, quantity_tenths)
    premium = None
    if premium_cents is not None and premium_kind == PremiumKind.PER_UNIT:
        premium = min(total, _times_tenths(premium_cents, quantity_tenths))
    elif premium_cents is not None and premium_kind == PremiumKind.FIXED:
        premium = min(total, premium_cents)
    return Indication(total, premium, total - (premium or 0))


def home_quantity(unit: str, quantity_tenths: int | None) -> int | None:
    """Return the quantity to price: one for a unit per home, else the home's."""
    return TENTHS if unit == Unit.HOME else quantity_tenths


@dataclass
class Funnel:
    """Households per status and the reasons of those who dropped out."""

    statuses: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def households(self) -> int:
        return sum(self.statuses.values())

    def add(self, status: str, reason: str | None, count: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + count
        if status == HouseholdStatus.DROPPED:
            key = reason or DropReason.OTHER
            self.reasons[key] = self.reasons.get(key, 0) + count


def funnels(rows: Iterable[tuple[object, str, str | None, int]]) -> dict:
    """Return a Funnel per key from (key, status, drop reason, households) rows."""
    found: dict[object, Funnel] = {}
    for key, status, reason, count in rows:
        found.setdefault(key, Funnel()).add(status, reason, count)
    return found


# Qualify at the table: the few facts a contractor needs before a site visit.
# Of those who sign up, 20-25% cancel after the visit for asbestos, shade or the
# roof (shared/domain.md); asking at the table shows staff who is likely to pass.

DONT_KNOW = "unknown"  #: an answer every question allows
LANDLORD = "landlord"  #: the question for tenants: does the landlord agree?
#: tenures (app.meetings.models.Tenure) whose works need the landlord's yes
TENANTS = frozenset({"tenant", "social_tenant"})
INSULATION = ("roof_ins", "ext_wall_ins", "cavity_ins", "floor_ins")


class Outlook(StrEnum):
    LIKELY = "likely"
    UNKNOWN = "unknown"
    UNLIKELY = "unlikely"


#: each question's answers in the order shown; "don't know" is always last
QUESTIONS: dict[str, tuple[str, ...]] = {
    "roof_orientation": ("south", "east_west", "north", "flat", DONT_KNOW),
    "shade": ("none", "some", "a_lot", DONT_KNOW),
    "asbestos": ("yes", "no", DONT_KNOW),
    "roof_type": ("pitched", "flat", DONT_KNOW),
    "build_year": (
        "before_1946",
        "1946_1970",
        "1971_1990",
        "1991_2005",
        "after_2005",
        DONT_KNOW,
    ),
    **{f"{m}_now": ("none", "some", "good", DONT_KNOW) for m in INSULATION},
    "heating": ("gas", "oil", "electric", "wood_pellet", "heat_network", DONT_KNOW),
    "home_insulated": ("yes", "partly", "no", DONT_KNOW),
    LANDLORD: ("yes", "not_asked", "no", DONT_KNOW),
}
#: what is asked per measure key (app/polls/catalogue.py); other measures ask nothing
MEASURE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "pv": ("roof_orientation", "shade", "asbestos", "roof_type"),
    **{m: ("build_year", f"{m}_now") for m in INSULATION},
    "hp_air_water": ("heating", "home_insulated"),
}
#: answers that make a site visit likely to fail, with the reason staff see
BLOCKERS: dict[tuple[str, str], str] = {
    ("asbestos", "yes"): "asbestos",
    ("shade", "a_lot"): "shade",
    ("roof_orientation", "north"): "north_facing",
    ("home_insulated", "no"): "uninsulated",
    ("heating", "heat_network"): "heat_network",
    **{(f"{m}_now", "good"): "insulated_already" for m in INSULATION},
    (LANDLORD, "no"): LANDLORD,
}
#: blockers of one measure only: a home from before 1946 has solid walls
MEASURE_BLOCKERS: dict[str, dict[tuple[str, str], str]] = {
    "cavity_ins": {("build_year", "before_1946"): "no_cavity"},
}


@dataclass(frozen=True)
class Verdict:
    """Whether a household is likely to pass a site visit for one measure.

    `reasons` are what blocks it (unlikely: reason codes of BLOCKERS) or what
    is not known yet (unknown: question keys, or "tenure").
    """

    outlook: Outlook
    reasons: tuple[str, ...] = ()


def asked_questions(measures: Iterable[str], tenure: str | None) -> list[str]:
    """Return the questions a sign-up with these measures and tenure is asked."""
    asked = dict.fromkeys(
        q for m in sorted(measures) for q in MEASURE_QUESTIONS.get(m, ())
    )
    if tenure in TENANTS:
        asked[LANDLORD] = None
    return [q for q in QUESTIONS if q in asked]


def relevant_answers(
    measures: Iterable[str], tenure: str | None, answers: dict[str, str]
) -> dict[str, str]:
    """Keep the known answers to the questions these measures and tenure ask
    (a measure unticked, or a tenant who now owns, takes its answers along)."""
    return {
        q: answers[q]
        for q in asked_questions(measures, tenure)
        if answers.get(q) in QUESTIONS[q]
    }


def likely_to_pass(
    measure: str, answers: dict[str, str], tenure: str | None, landlord: str | None
) -> Verdict:
    """Judge from the answers at the table whether a visit for `measure` holds.

    A measure that asks nothing depends on the landlord alone; a household
    that did not say its tenure is unknown, as the landlord may decide.
    """
    blockers = {**BLOCKERS, **MEASURE_BLOCKERS.get(measure, {})}
    blocking, missing = [], []
    for question in MEASURE_QUESTIONS.get(measure, ()):
        answer = answers.get(question) or DONT_KNOW
        if (question, answer) in blockers:
            blocking.append(blockers[question, answer])
        elif answer == DONT_KNOW:
            missing.append(question)
    if tenure in TENANTS:
        if landlord == "no":
            blocking.append(BLOCKERS[LANDLORD, "no"])
        elif landlord != "yes":
            missing.append(LANDLORD)
    elif not tenure:
        missing.append("tenure")
    if blocking:
        return Verdict(Outlook.UNLIKELY, tuple(blocking))
    if missing:
        return Verdict(Outlook.UNKNOWN, tuple(missing))
    return Verdict(Outlook.LIKELY)


@dataclass
class SiteVisitOutlook:
    """How many households of a group are likely to pass a site visit, and why not."""

    likely: int = 0
    unknown: int = 0
    unlikely: int = 0
    #: reason code -> households held back by it (unlikely)
    blocked_by: dict[str, int] = field(default_factory=dict)
    #: question key -> households that did not know it (unknown)
    not_known: dict[str, int] = field(default_factory=dict)

    def add(self, verdict: Verdict) -> None:
        setattr(self, verdict.outlook, getattr(self, verdict.outlook) + 1)
        counts = (
            self.blocked_by if verdict.outlook == Outlook.UNLIKELY else self.not_known
        )
        for reason in verdict.reasons:
            counts[reason] = counts.get(reason, 0) + 1

    def __add__(self, other: "SiteVisitOutlook") -> "SiteVisitOutlook":
        total = SiteVisitOutlook(
            self.likely + other.likely,
            self.unknown + other.unknown,
            self.unlikely + other.unlikely,
        )
        for mine, theirs, into in (
            (self.blocked_by, other.blocked_by, total.blocked_by),
            (self.not_known, other.not_known, total.not_known),
        ):
            for key in {*mine, *theirs}:
                into[key] = mine.get(key, 0) + theirs.get(key, 0)
        return total

    @property
    def households(self) -> int:
        return self.likely + self.unknown + self.unlikely

    def top_reasons(self, n: int = 3) -> list[tuple[str, int]]:
        """Return the most frequent reasons a visit is unlikely, most first."""
        return _top(self.blocked_by, n)

    def top_unknowns(self, n: int = 3) -> list[tuple[str, int]]:
        """Return the facts most often not known, most first: what to ask."""
        return _top(self.not_known, n)


def _top(counts: dict[str, int], n: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
