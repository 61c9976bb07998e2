"""Comparison maths and the privacy guarantees of the group picture."""

import pytest

from app.bills import logic
from app.bills.logic import Entry, check, heat_to_kwh


def _entry(
    elec=3500, heat=17000, size=2, advance=150, contract="fixed", price=0.32, peak=None
):
    return Entry(elec, heat, size, advance, contract, price, peak)


def test_heating_converts_to_kwh():
    assert heat_to_kwh(1000, "m3") == 10300
    assert heat_to_kwh(1500, "litre") == 15000
    assert heat_to_kwh(17000, "kwh") == 17000
    assert heat_to_kwh(None, "kwh") is None


@pytest.mark.parametrize(
    ("figures", "refused", "doubtful"),
    [
        ({"elec_kwh": 3500, "advance_eur": 150}, [], []),
        ({"elec_kwh": -1}, ["elec_kwh"], []),
        ({"elec_kwh": 50_000}, ["elec_kwh"], []),
        ({"elec_kwh": 12_000}, [], ["elec_kwh"]),
        ({"advance_eur": 900}, [], ["advance_eur"]),
        ({"price_eur_kwh": 3.0}, ["price_eur_kwh"], []),
        ({"price_eur_kwh": 0.9}, [], ["price_eur_kwh"]),
        ({"household_size": 0}, ["household_size"], []),
        ({"heat_kwh": 150_000}, ["heat_kwh"], []),
    ],
)
def test_check_refuses_impossible_and_doubts_unusual_figures(
    figures, refused, doubtful
):
    assert check(figures) == (refused, doubtful)


def test_bands_are_public_and_open_ended():
    elec = logic.SCALES["elec_kwh"]
    assert [elec.band_of(v) for v in (0, 1_499, 1_500, 3_999, 4_000, 39_000)] == [
        0,
        0,
        1,
        2,
        3,
        4,
    ]
    assert elec.limits(0) == (None, 1_500) and elec.limits(4) == (6_000, None)
    assert logic.SCALES["contract"].band_of("social") == 3
    assert elec.band_of(None) is None


def test_histograms_count_each_entry_once_per_figure():
    counts = logic.histograms(
        [_entry(elec=1_000), _entry(elec=3_000), _entry(elec=None, contract="social")]
    )
    assert counts["elec_kwh"] == [1, 0, 1, 0, 0]
    assert counts["contract"] == [2, 0, 0, 1]
    assert counts["peak_advance_eur"] == [0, 0, 0, 0, 0]  # nobody gave it


def test_nothing_below_five_entries():
    noisy = {"elec_kwh": [0, 1, 3, 0, 0]}
    assert logic.picture(4, noisy) is None
    assert logic.picture(5, noisy).households == 5
    assert logic.picture(9, noisy, minimum=logic.MIN_GROUP_OUTSIDE) is None


def test_middle_is_the_pair_of_bands_holding_most_and_noise_below_zero_is_none():
    shown = logic.figure_picture(logic.SCALES["elec_kwh"], [-2, 1, 6, 5, 0])
    assert shown.middle == (2, 3)
    assert (shown.low, shown.high) == (2_500, 6_000)
    assert shown.shares == (0, 1 / 12, 6 / 12, 5 / 12, 0)
    assert logic.figure_picture(logic.SCALES["elec_kwh"], [-1, 0, -3, 0, 0]) is None
    contracts = logic.figure_picture(logic.SCALES["contract"], [2, 7, 0, 1])
    assert contracts.middle == (1, 1)


def test_released_histograms_add_up_band_by_band():
    assert logic.add_counts([[1, 2, 3], [0, -1, 4]]) == [1, 1, 7]


def test_release_needs_five_new_entries():
    assert not logic.can_release(4)
    assert logic.can_release(5)
