"""Pure rules for bill figures: checks, conversion and the released picture.

Privacy: no household's figure leaves the server as itself. Each released
figure is a histogram over fixed, public bands (`SCALES`), made noisy by
`app.bills.privacy` once per batch of new entries and stored, so everything a
page shows is computed from those noisy counts. An attacker who chose every
other entry still cannot tell which band the last household is in.
"""

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

MIN_GROUP = 5  #: new entries before a release in the room
MIN_GROUP_OUTSIDE = 10  #: released entries per cell before anything leaves the room
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
class Scale:
    """The public bands of one released figure: edges for numbers, or categories.

    Band i of a numeric scale holds edges[i-1] <= value < edges[i]; the first
    and last bands are open. No household's value chooses a band's limits.
    """

    unit: str
    edges: tuple[float, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.categories) or len(self.edges) + 1

    def band_of(self, value: float | str | None) -> int | None:
        """Return the band a value falls in, or None for no value."""
        if value is None:
            return None
        if self.categories:
            return self.categories.index(value)
        return bisect.bisect_right(self.edges, value)

    def limits(self, band: int) -> tuple[float | None, float | None]:
        """Return (low, high) of a numeric band; None where it is open."""
        low = self.edges[band - 1] if band > 0 else None
        high = self.edges[band] if band < len(self.edges) else None
        return low, high


#: every released figure and its bands, from the domain sheet's typical ranges
SCALES: dict[str, Scale] = {
    "elec_kwh": Scale("kWh", edges=(1_500, 2_500, 4_000, 6_000)),
    "heat_kwh": Scale("kWh", edges=(8_000, 13_000, 20_000, 30_000)),
    "advance_eur": Scale("€", edges=(75, 125, 200, 300)),
    "peak_advance_eur": Scale("€", edges=(150, 250, 350, 500)),
    "price_eur_kwh": Scale("€", edges=(0.25, 0.30, 0.35, 0.45)),
    "contract": Scale("", categories=tuple(c.value for c in Contract)),
}
#: typical Flemish household figures (domain sheet: CREG/VREG), for too few neighbours
REFERENCE = {"elec_kwh": 3_500, "heat_kwh": 17_000}


@dataclass(frozen=True)
class Entry:
    elec_kwh: int | None
    heat_kwh: int | None
    household_size: int
    advance_eur: int
    contract: str
    price_eur_kwh: float | None = None
    peak_advance_eur: int | None = None

    def value(self, figure: str) -> float | str | None:
        return getattr(self, figure)


def histograms(entries: Iterable[Entry]) -> dict[str, list[int]]:
    """Count the entries per band of every released figure (exact: never shown)."""
    counts = {name: [0] * scale.size for name, scale in SCALES.items()}
    for entry in entries:
        for name, scale in SCALES.items():
            band = scale.band_of(entry.value(name))
            if band is not None:
                counts[name][band] += 1
    return counts


def add_counts(histograms: Iterable[Sequence[int]]) -> list[int]:
    """Add released histograms of one figure band by band."""
    return [sum(band) for band in zip(*histograms, strict=True)]


@dataclass(frozen=True)
class FigurePicture:
    """What the room sees of one figure: shares per band and where the middle is."""

    scale: Scale
    shares: tuple[float, ...]  #: per band, from the noisy counts
    middle: tuple[int, int]  #: first and last band of the middle of the street

    @property
    def low(self) -> float | None:
        return self.scale.limits(self.middle[0])[0]

    @property
    def high(self) -> float | None:
        return self.scale.limits(self.middle[1])[1]


def figure_picture(scale: Scale, noisy: Sequence[int]) -> FigurePicture | None:
    """Return the picture of noisy counts, or None when noise left nothing.

    The middle is the pair of neighbouring bands holding most (a category's
    single most common band): with 20 households it holds the middle
    household in ≥ 90% of releases (tests/bills/test_privacy.py).
    """
    counts = [max(n, 0) for n in noisy]
    total = sum(counts)
    if total == 0:
        return None
    if scale.categories:
        top = max(range(len(counts)), key=counts.__getitem__)
        middle = (top, top)
    else:
        first = max(range(len(counts) - 1), key=lambda i: counts[i] + counts[i + 1])
        middle = (first, first + 1)
    return FigurePicture(scale, tuple(n / total for n in counts), middle)


@dataclass(frozen=True)
class Picture:
    households: int  #: entries released: public in the room, says nothing of a figure
    figures: dict[str, FigurePicture]


def picture(
    households: int, noisy: Mapping[str, Sequence[int]], *, minimum: int = MIN_GROUP
) -> Picture | None:
    """Return the released picture, or None below the minimum group."""
    if households < minimum:
        return None
    figures = {
        name: shown
        for name, counts in noisy.items()
        if name in SCALES and (shown := figure_picture(SCALES[name], counts))
    }
    return Picture(households, figures)


def can_release(unreleased: int) -> bool:
    """Return whether enough new entries came in since the last release."""
    return unreleased >= MIN_GROUP
