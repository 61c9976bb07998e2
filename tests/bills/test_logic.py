"""Comparison maths and the privacy guarantees of the group picture."""

import pytest

from app.bills import logic
from app.bills.logic import Entry, band, check, heat_to_kwh, round_count, summarise


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


def test_consumption_per_person_and_advance_change():
    entry = _entry(elec=3000, heat=12000, size=3, advance=140, peak=300)
    assert entry.kwh_per_person == 5000
    assert entry.advance_change_eur == -160


def test_nothing_below_five_entries():
    assert summarise([_entry() for _ in range(4)]) is None
    assert band([1, 2, 3, 4], "elec_kwh") is None
    assert summarise([_entry() for _ in range(5)]) is not None


def test_bands_are_rounded_medians_of_clipped_values():
    values = [2100, 2900, 3400, 3800, 250_000]  # one absurd value is clipped
    result = band(values, "elec_kwh")
    assert (result.low, result.median, result.high) == (3000, 3500, 3750)
    assert result.count == 5
    assert result.position(2000) == "lower"
    assert result.position(3600) == "middle"
    assert result.position(9000) == "higher"


def test_counts_are_rounded_to_fives():
    assert [round_count(n) for n in (4, 5, 6, 7, 8, 12, 13)] == [5, 5, 5, 5, 10, 10, 15]


def test_price_by_contract_needs_five_of_that_contract():
    entries = [_entry(contract="fixed", price=0.30) for _ in range(5)]
    entries += [_entry(contract="variable", price=0.40) for _ in range(4)]
    summary = summarise(entries)
    assert set(summary.price_by_contract) == {"fixed"}
    assert summary.contract_counts["variable"] == 5  # 4, rounded: no exact count shows


@pytest.mark.parametrize("metric", ["elec", "advance", "price", "size"])
def test_four_attacker_entries_cannot_reveal_a_fifth_households_figure(metric):
    """The attacker chooses four entries around the victim's; two different victims
    whose figures lie in the same rounding step produce the very same output."""
    attacker = [
        _entry(elec=100, heat=100, size=1, advance=20, price=0.06, peak=20),
        _entry(elec=200, heat=200, size=1, advance=25, price=0.07, peak=25),
        _entry(elec=14_000, heat=90_000, size=1, advance=790, price=1.1, peak=790),
        _entry(elec=14_500, heat=95_000, size=1, advance=795, price=1.15, peak=795),
    ]
    victims = {
        "elec": (_entry(elec=3_420), _entry(elec=3_580)),
        "advance": (_entry(advance=141), _entry(advance=144)),
        "price": (_entry(price=0.301), _entry(price=0.324)),
        "size": (
            _entry(heat=16_000, elec=3_000, size=4),
            _entry(heat=15_900, elec=3_050, size=4),
        ),
    }[metric]
    first, second = (summarise([*attacker, victim]) for victim in victims)
    assert first == second
    assert first.households == 5


def test_release_needs_five_new_entries():
    assert not logic.can_release(4)
    assert logic.can_release(5)
