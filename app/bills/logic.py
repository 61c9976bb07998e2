"""Pure rules for bill figures: checks, conversion and privacy-safe summaries.

Privacy: figures leave only as medians and quartile bands rounded to coarse
steps, computed over clipped values, for at least MIN_GROUP entries. Counts are
rounded to multiples of five. So an attacker who controls all but one entry of
a release learns at most a coarse band, never the other household's figure.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

MIN_GROUP = 5  #: entries before anything is shown in the room
MIN_GROUP_OUTSIDE = 10  #: entries per cell before anything leaves the room
KWH_PER_M3_GAS = 10.3  #: CREG's rounded factor for low-calorific gas
KWH_PER_LITRE_OIL = 10.0


class Heating(StrEnum):
    GAS = "gas"
    OIL = "oil"
    HEAT_PUMP = "heat_pump"
    DISTRICT = "district"
    ELECTRIC = "electric"
    OTHER = "other"


class Contract(StrEnum):
    FIXED = "fixed"
    VARIABLE = "variable"
    DYNAMIC = "dynamic"
    SOCIAL = "social"


class HeatUnit(StrEnum):
    KWH = "kwh"
    M3 = "m3"
    LITRE = "litre"


@dataclass(frozen=True)
class Limits:
    """Hard limits refuse a figure; soft limits ask 'is this right?'."""

    hard: tuple[float, float]
    soft: tuple[float, float]


LIMITS = {
    "elec_kwh": Limits((0, 40_000), (800, 9_000)),
    "heat_kwh": Limits((0, 100_000), (2_000, 35_000)),
    "advance_eur": Limits((0, 2_000), (20, 600)),
    "peak_advance_eur": Limits((0, 3_000), (20, 900)),
    "price_eur_kwh": Limits((0.01, 2.0), (0.15, 0.80)),
    "household_size": Limits((1, 12), (1, 8)),
}
#: values are clipped to these before any summary, so outliers cannot pull it
CLIP = {
    "kwh_per_person": (0, 15_000),
    "elec_kwh": (0, 15_000),
    "advance_eur": (0, 800),
    "price_eur_kwh": (0.05, 1.2),
    "advance_change_eur": (-800, 800),
}
#: rounding steps of everything shown
STEP = {
    "kwh_per_person": 250,
    "elec_kwh": 250,
    "advance_eur": 10,
    "price_eur_kwh": 0.05,
    "advance_change_eur": 10,
}


def heat_to_kwh(amount: float | None, unit: str) -> int | None:
    """Convert a heating figure to kWh per year."""
    if amount is None:
        return None
    factor = {
        HeatUnit.KWH: 1.0,
        HeatUnit.M3: KWH_PER_M3_GAS,
        HeatUnit.LITRE: KWH_PER_LITRE_OIL,
    }[HeatUnit(unit)]
    return round(amount * factor)


def check(figures: dict[str, float | None]) -> tuple[list[str], list[str]]:
    """Return (refused, doubtful) field names for a set of figures."""
    refused, doubtful = [], []
    for name, limits in LIMITS.items():
        value = figures.get(name)
        if value is None:
            continue
        low, high = limits.hard
        if not low <= value <= high or not math.isfinite(value):
            refused.append(name)
        elif not limits.soft[0] <= value <= limits.soft[1]:
            doubtful.append(name)
    return refused, doubtful


@dataclass(frozen=True)
class Entry:
    elec_kwh: int | None
    heat_kwh: int | None
    household_size: int
    advance_eur: int
    contract: str
    price_eur_kwh: float | None = None
    peak_advance_eur: int | None = None

    @property
    def kwh_per_person(self) -> float | None:
        total = (self.elec_kwh or 0) + (self.heat_kwh or 0)
        if self.elec_kwh is None and self.heat_kwh is None:
            return None
        return total / self.household_size

    @property
    def advance_change_eur(self) -> int | None:
        if self.peak_advance_eur is None:
            return None
        return self.advance_eur - self.peak_advance_eur


def round_to(value: float, step: float) -> float:
    """Round to the nearest multiple of step (half up), without float noise."""
    rounded = math.floor(value / step + 0.5) * step
    return round(rounded, 2)


def round_count(count: int) -> int:
    """Round a count to a multiple of five, so one household never shows."""
    return int(round_to(count, 5))


@dataclass(frozen=True)
class Band:
    """A rounded median with the rounded middle half around it."""

    low: float
    median: float
    high: float
    count: int  #: rounded to a multiple of five

    def position(self, value: float | None) -> str | None:
        """Return where a value stands: 'lower', 'middle' or 'higher'."""
        if value is None:
            return None
        if value < self.low:
            return "lower"
        if value > self.high:
            return "higher"
        return "middle"


def band(
    values: Sequence[float], metric: str, *, minimum: int = MIN_GROUP
) -> Band | None:
    """Return the privacy-safe band of a metric, or None below the minimum group."""
    if len(values) < minimum:
        return None
    low_clip, high_clip = CLIP[metric]
    clipped = sorted(min(max(v, low_clip), high_clip) for v in values)
    q1, median, q3 = statistics.quantiles(clipped, n=4, method="inclusive")
    step = STEP[metric]
    return Band(
        low=round_to(q1, step),
        median=round_to(median, step),
        high=round_to(q3, step),
        count=round_count(len(values)),
    )


@dataclass(frozen=True)
class Summary:
    households: int  #: rounded to a multiple of five
    kwh_per_person: Band | None
    elec_kwh: Band | None
    advance_eur: Band | None
    price_eur_kwh: Band | None
    price_by_contract: dict[str, Band]
    advance_change_eur: Band | None
    contract_counts: dict[str, int]  #: each rounded to a multiple of five


def _values(entries: Iterable[Entry], metric: str) -> list[float]:
    return [v for e in entries if (v := getattr(e, metric)) is not None]


def summarise(entries: Sequence[Entry], *, minimum: int = MIN_GROUP) -> Summary | None:
    """Return the group picture of released entries, or None below the minimum."""
    if len(entries) < minimum:
        return None
    by_contract = {
        c.value: band(
            _values([e for e in entries if e.contract == c], "price_eur_kwh"),
            "price_eur_kwh",
            minimum=minimum,
        )
        for c in Contract
    }
    return Summary(
        households=round_count(len(entries)),
        kwh_per_person=band(
            _values(entries, "kwh_per_person"), "kwh_per_person", minimum=minimum
        ),
        elec_kwh=band(_values(entries, "elec_kwh"), "elec_kwh", minimum=minimum),
        advance_eur=band(
            _values(entries, "advance_eur"), "advance_eur", minimum=minimum
        ),
        price_eur_kwh=band(
            _values(entries, "price_eur_kwh"), "price_eur_kwh", minimum=minimum
        ),
        price_by_contract={k: v for k, v in by_contract.items() if v is not None},
        advance_change_eur=band(
            _values(entries, "advance_change_eur"),
            "advance_change_eur",
            minimum=minimum,
        ),
        contract_counts={
            c.value: round_count(sum(1 for e in entries if e.contract == c))
            for c in Contract
        },
    )


def can_release(unreleased: int) -> bool:
    """Return whether enough new entries came in since the last release."""
    return unreleased >= MIN_GROUP
