"""Pure rules of the open data: stable columns, and no count under the minimum.

Published figures leave the municipality, so they follow the rule for
anything that leaves the room (app.bills.logic.MIN_GROUP_OUTSIDE): a count of
households is shown only from that many households on. A row of a smaller
group is left out; in a row that is shown, a smaller count is empty (null),
and more are emptied until the empty ones cannot be worked out from the row's
total (see `suppressed`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from app.bills.logic import MIN_GROUP_OUTSIDE

MINIMUM = MIN_GROUP_OUTSIDE
DATASET = "klimaattafel-lekp-figures"
SCHEMA_VERSION = "1.0"
SCHEMA_PATH = "docs/opendata/klimaattafel-figures.schema.json"
#: poll answers as published columns, in order (app.polls.logic.Horizon values)
HORIZON_COLUMNS = {
    "done": "done",
    "1y": "within_1_year",
    "5y": "within_5_years",
    "not_now": "not_now",
    "not_possible": "not_possible",
}
NEIGHBOURHOOD_COLUMNS = [
    "year",
    "year_complete",
    "neighbourhood",
    "measure_key",
    "measure_name",
    "households",
    *HORIZON_COLUMNS.values(),
]
STREET_COLUMNS = [
    "street_name",
    "street_id",
    "measure_key",
    "measure_name",
    "households_signed_up",
]
#: the columns that count households: each is empty or at least MINIMUM
COUNT_COLUMNS = frozenset(
    {"households", "households_signed_up", *HORIZON_COLUMNS.values()}
)


def suppressed(counts: Mapping[str, int], minimum: int = MINIMUM) -> dict:
    """Return the counts with each one under the minimum emptied (None).

    More are emptied, smallest first, while the empty ones could be worked out
    from the row's total: while only one is empty, or while together they hold
    some households but fewer than the minimum.
    """
    shown = {k: (v if v >= minimum else None) for k, v in counts.items()}

    def hidden() -> list[str]:
        return [k for k, v in shown.items() if v is None]

    while hidden():
        total = sum(counts[k] for k in hidden())
        rest = [k for k, v in shown.items() if v is not None]
        if not rest or (len(hidden()) > 1 and (total == 0 or total >= minimum)):
            break
        shown[min(rest, key=lambda k: (counts[k], k))] = None
    return shown


@dataclass(frozen=True)
class Names:
    """How keys read: measure names in the export's language."""

    measures: Mapping[str, str]

    def measure(self, key: str) -> str:
        return self.measures.get(key, key)


def neighbourhood_rows(
    answers: Mapping[tuple, Mapping[str, int]],
    names: Names,
    this_year: int,
    minimum: int = MINIMUM,
) -> list[dict]:
    """Return one row per year, neighbourhood and measure with enough households.

    :param answers: answers per (year, neighbourhood, measure key) and horizon;
        a household answers a measure once, so the answers are its households.
    """
    rows = []
    for (year, neighbourhood, key), by_horizon in sorted(answers.items()):
        households = sum(by_horizon.values())
        if households < minimum:
            continue
        counts = {
            column: by_horizon.get(horizon, 0)
            for horizon, column in HORIZON_COLUMNS.items()
        }
        rows.append(
            {
                "year": year,
                "year_complete": year < this_year,
                "neighbourhood": neighbourhood,
                "measure_key": key,
                "measure_name": names.measure(key),
                "households": households,
                **suppressed(counts, minimum),
            }
        )
    return rows


def street_rows(
    signups: Mapping[tuple[str, str], int], names: Names, minimum: int = MINIMUM
) -> list[dict]:
    """Return one row per street and measure with enough households signed up.

    `street_name` is the street of the municipality's street list a sign-up
    is matched to, else the name as residents typed it, normalised
    (app.groups.logic.group_street). `street_id`, the address register's
    identifier of the street, is not loaded with the list: it stays empty.
    """
    return [
        {
            "street_name": street.title(),
            "street_id": None,
            "measure_key": key,
            "measure_name": names.measure(key),
            "households_signed_up": count,
        }
        for (street, key), count in sorted(signups.items())
        if count >= minimum and street
    ]


def document(
    municipality: str,
    generated_at: str,
    language: str,
    neighbourhoods: list[dict],
    streets: list[dict],
    minimum: int = MINIMUM,
) -> dict:
    """Return the whole open-data document, as the schema describes it."""
    return {
        "dataset": DATASET,
        "schema_version": SCHEMA_VERSION,
        "municipality": municipality,
        "generated_at": generated_at,
        "language": language,
        "minimum_households": minimum,
        "measures_by_neighbourhood": neighbourhoods,
        "signups_by_street": streets,
    }
