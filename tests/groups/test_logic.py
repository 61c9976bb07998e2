"""Grouping and bundling on realistic data: hundreds of sign-ups, several streets."""

import random
from datetime import date, datetime

import pytest

from app.groups.logic import (
    Bundle,
    SignupRow,
    bundles,
    form_groups,
    in_brussels,
    next_status,
    phone_number,
    street_key,
)

STREETS = ["Kerkstraat", "Molenstraat", "Stationsstraat", "Beekstraat", "Lindelaan"]
MEASURES = ["pv", "ext_wall_ins", "glazing", "hp_air_water", "roof_ins"]


def _realistic(n=400, seed=3):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        street = rng.choice(STREETS)
        number = rng.randint(1, 180)
        written = rng.choice(
            [
                f"{street} {number}",
                f"  {street.upper()}  ",
                f"{street}, {number} bus 2",
                street.lower(),
            ]
        )
        wanted = frozenset(rng.sample(MEASURES, rng.choice([1, 1, 2, 3])))
        rows.append(
            SignupRow(
                i,
                written,
                rng.choice(["1y", "5y"]),
                rng.choice(["row_house", "semi_detached", None]),
                wanted,
            )
        )
    return rows


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kerkstraat 12", "kerkstraat"),
        ("  KERKSTRAAT  ", "kerkstraat"),
        ("Kerkstraat, 12 bus 3", "kerkstraat"),
        ("Kerkstraat 12A", "kerkstraat"),
        ("Sint-Pietersnieuwstraat", "sint-pietersnieuwstraat"),
        ("Kerkstraat 12/4", "kerkstraat"),
    ],
)
def test_street_key_folds_spelling_and_house_numbers(written, key):
    assert street_key(written) == key


def test_groups_split_by_measure_street_horizon_and_dwelling():
    rows = _realistic()
    groups = form_groups(rows, {"pv": 12})
    assert {g.key.street for g in groups} == {s.lower() for s in STREETS}
    # every (sign-up, measure) lands in exactly one group
    assert sum(g.size for g in groups) == sum(len(r.measures) for r in rows)
    for group in groups:
        members = [r for r in rows if r.signup_id in group.signup_ids]
        assert all(group.key.measure in r.measures for r in members)
        assert {r.horizon for r in members} == {group.key.horizon}
        assert {r.dwelling for r in members} == {group.key.dwelling}
        assert {street_key(r.street) for r in members} == {group.key.street}
        assert group.threshold == (12 if group.key.measure == "pv" else 8)
        assert group.viable == (group.size >= group.threshold)
    assert any(g.viable for g in groups) and any(not g.viable for g in groups)
    assert [g.size for g in groups] == sorted((g.size for g in groups), reverse=True)


def test_withdrawals_shrink_groups_below_the_threshold():
    rows = [SignupRow(i, "Kerkstraat", "1y", None, frozenset({"pv"})) for i in range(8)]
    assert form_groups(rows)[0].viable
    remaining = rows[1:]  # one household withdraws
    assert not form_groups(remaining)[0].viable
    assert form_groups([]) == []


def test_bundles_need_enough_households_wanting_several_measures():
    rows = [
        SignupRow(
            i,
            "Kerkstraat",
            "1y",
            None,
            frozenset({"ext_wall_ins", "glazing", "hp_air_water"}),
        )
        for i in range(6)
    ]
    rows += [
        SignupRow(
            10 + i, "Kerkstraat", "5y", None, frozenset({"glazing", "ext_wall_ins"})
        )
        for i in range(2)
    ]
    rows += [
        SignupRow(20 + i, "Molenstraat", "1y", None, frozenset({"pv", "glazing"}))
        for i in range(5)
    ]
    rows += [SignupRow(30, "Kerkstraat", "1y", None, frozenset({"pv"}))]
    assert bundles(rows) == [
        Bundle("kerkstraat", ("ext_wall_ins", "glazing", "hp_air_water"), 8)
    ]
    assert bundles(rows, threshold=5)[1] == Bundle("molenstraat", ("glazing", "pv"), 5)


def test_bundles_on_realistic_data_are_consistent():
    rows = _realistic(600, seed=9)
    found = bundles(rows, threshold=10)
    assert found
    for bundle in found:
        street_rows = [r for r in rows if street_key(r.street) == bundle.street]
        assert bundle.households == sum(
            1 for r in street_rows if len(r.measures & set(bundle.measures)) >= 2
        )
        assert bundle.households >= 10 and len(bundle.measures) >= 2


@pytest.mark.parametrize(
    ("current", "size", "threshold", "expected"),
    [
        (None, 3, 8, "forming"),
        ("forming", 8, 8, "viable"),
        ("viable", 7, 8, "forming"),
        ("tendering", 2, 8, "tendering"),
        ("closed", 20, 8, "closed"),
    ],
)
def test_status_follows_size_unless_staff_set_it(current, size, threshold, expected):
    assert next_status(current, size, threshold) == expected


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0470 12 34 56", "+32 470 12 34 56"),
        ("0470/12.34.56", "+32 470 12 34 56"),
        ("+32470123456", "+32 470 12 34 56"),
        ("0032 470 12 34 56", "+32 470 12 34 56"),
        ("(09) 223 45 67", "+32 9 223 45 67"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("+90 532 123 45 67", "+90 532 123 45 67"),
        ("12", None),
        ("0470", None),
        ("0470 12 34 56 78 90", None),
        ("+999 123", None),
        ("", None),
    ],
)
def test_phone_numbers_are_stored_in_one_international_form(typed, stored):
    assert phone_number(typed) == stored


def test_brussels_time_follows_summer_time():
    assert in_brussels(datetime(2026, 12, 31, 23, 30)).isoformat() == (
        "2027-01-01T00:30:00+01:00"
    )
    assert in_brussels(datetime(2026, 7, 1, 22, 30)).date() == date(2026, 7, 2)
