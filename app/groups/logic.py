"""Pure sign-up rules: purchase groups, street bundles ("burenwerf"), statuses,
how a typed street is matched to the municipality's street list, and how a
phone number and a moment are written."""

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
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
