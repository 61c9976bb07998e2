"""The road from interest to works done, and what an offer costs one home:
pure rules, integer cents throughout."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.groups.logic import (
    Actor,
    DropReason,
    HouseholdStatus,
    MoveRefused,
    Unit,
    check_move,
    funnels,
    home_quantity,
    indication,
    offer_open,
    parse_euros,
    parse_quantity,
    unit_of,
    whole_euros,
)

S = HouseholdStatus
RESIDENT, STAFF = Actor.RESIDENT, Actor.STAFF


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.INTERESTED, S.VISIT_PLANNED),
        (S.QUALIFIED, S.VISIT_PLANNED),
        (S.INTERESTED, S.OFFER_ACCEPTED),
        (S.VISIT_PLANNED, S.OFFER_ACCEPTED),
        (S.DROPPED, S.OFFER_ACCEPTED),  # changed their mind
        (S.DROPPED, S.VISIT_PLANNED),
    ],
)
def test_a_resident_may_ask_for_a_visit_or_accept_an_offer(current, new):
    assert check_move(RESIDENT, current, new) is True


@pytest.mark.parametrize("new", [S.QUALIFIED, S.WORKS_DONE, S.INTERESTED])
def test_a_resident_never_qualifies_themselves_or_declares_works_done(new):
    with pytest.raises(MoveRefused) as refused:
        check_move(RESIDENT, S.OFFER_ACCEPTED, new)
    assert refused.value.code == "not_for_residents"


def test_after_the_works_a_resident_can_no_longer_change_the_status():
    for new, reason in ((S.DROPPED, "price"), (S.OFFER_ACCEPTED, None)):
        with pytest.raises(MoveRefused):
            check_move(RESIDENT, S.WORKS_DONE, new, reason)
    with pytest.raises(MoveRefused):  # a visit once an offer is accepted
        check_move(RESIDENT, S.OFFER_ACCEPTED, S.VISIT_PLANNED)


def test_a_resident_may_decline_at_any_stage_before_the_works():
    for current in (S.INTERESTED, S.QUALIFIED, S.VISIT_PLANNED, S.OFFER_ACCEPTED):
        assert check_move(RESIDENT, current, S.DROPPED, "timing")


def test_staff_may_move_anywhere_also_back():
    assert check_move(STAFF, S.WORKS_DONE, S.QUALIFIED)
    assert check_move(STAFF, S.INTERESTED, S.WORKS_DONE)
    assert check_move(STAFF, S.DROPPED, S.INTERESTED)
    assert check_move(STAFF, S.DROPPED, S.DROPPED, "price", "other")  # the reason


@pytest.mark.parametrize("actor", list(Actor))
def test_dropping_needs_a_known_reason_and_only_dropping_has_one(actor):
    for reason in (None, "", "money", "PRICE"):
        with pytest.raises(MoveRefused) as refused:
            check_move(actor, S.INTERESTED, S.DROPPED, reason)
        assert refused.value.code == "reason_needed"
    with pytest.raises(MoveRefused) as refused:
        check_move(actor, S.INTERESTED, S.VISIT_PLANNED, "price")
    assert refused.value.code == "reason_only_when_dropping"
    for reason in DropReason:
        assert check_move(actor, S.INTERESTED, S.DROPPED, reason)


def test_the_same_status_again_changes_nothing_and_unknown_ones_are_refused():
    assert check_move(STAFF, S.QUALIFIED, S.QUALIFIED) is False
    assert check_move(RESIDENT, S.OFFER_ACCEPTED, S.OFFER_ACCEPTED) is False
    assert check_move(STAFF, S.DROPPED, S.DROPPED, "price", "price") is False
    with pytest.raises(MoveRefused):
        check_move(STAFF, S.INTERESTED, "signed")
    with pytest.raises(MoveRefused):
        check_move("contractor", S.INTERESTED, S.QUALIFIED)


def test_an_offer_is_open_up_to_and_on_its_last_day():
    last = date(2027, 3, 31)
    assert offer_open(last, date(2027, 3, 30)) and offer_open(last, last)
    assert not offer_open(last, date(2027, 4, 1))


def test_units_follow_the_measure_with_one_per_home_as_default():
    assert unit_of("pv") == Unit.KILOWATT_PEAK
    assert unit_of("ext_wall_ins") == Unit.SQUARE_METRE
    assert unit_of("glazing") == Unit.WINDOW
    assert unit_of("hp_air_water") == Unit.HOME
    assert unit_of("not-a-measure") == Unit.HOME
    assert home_quantity(Unit.HOME, None) == 10  # one home, in tenths
    assert home_quantity(Unit.SQUARE_METRE, None) is None


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("45", 4500),
        ("45,5", 4550),
        ("45.50", 4550),
        ("€ 1250", 125000),
        (" 0,01 ", 1),
        ("1000000", 100_000_000),
    ],
)
def test_euros_are_read_as_typed_into_whole_cents(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize(
    "typed",
    ["", "0", "0,00", "-5", "1.234,50", "45,555", "1e3", "NaN", "٣٤", "1000000,01"],
)
def test_anything_else_is_not_an_amount(typed):
    assert parse_euros(typed) is None


def test_quantities_take_one_decimal_unless_counted_whole():
    assert parse_quantity("4,5", Unit.KILOWATT_PEAK) == 45
    assert parse_quantity("120", Unit.SQUARE_METRE) == 1200
    assert parse_quantity("12", Unit.WINDOW) == 120
    for typed in ("12,5", "0", "", "-3", "1,25", "100001", "x"):
        assert parse_quantity(typed, Unit.WINDOW) is None


def test_an_indicative_total_is_price_times_quantity_to_the_cent():
    # €45.55 per m² for 80.5 m²: 3666.775 -> 3666.78 (half up)
    shown = indication(4555, 805)
    assert shown.total == 366678 and shown.premium is None and shown.net == 366678
    assert whole_euros(shown.total) == 3667
    assert whole_euros(150) == 2 and whole_euros(149) == 1
    assert indication(4555, None) is None  # "don't know": no total


def test_a_premium_per_unit_or_fixed_and_never_more_than_the_total():
    per_unit = indication(
        12000, 45, premium_kind="per_unit", premium_cents=1550
    )  # 4.5 windows of €120 with €15.50 each: 540.00 - 69.75
    assert (per_unit.total, per_unit.premium, per_unit.net) == (54000, 6975, 47025)
    fixed = indication(50000, 10, premium_kind="fixed", premium_cents=300000)
    assert (fixed.total, fixed.premium, fixed.net) == (50000, 50000, 0)
    none = indication(50000, 10, premium_kind=None, premium_cents=None)
    assert none.premium is None and none.net == 50000


@given(
    price=st.integers(1, 100_000_000),
    tenths=st.integers(1, 1_000_000),
    premium=st.integers(1, 100_000_000),
    kind=st.sampled_from(["per_unit", "fixed"]),
)
def test_totals_are_whole_cents_and_the_net_never_negative(
    price, tenths, premium, kind
):
    shown = indication(price, tenths, premium_kind=kind, premium_cents=premium)
    assert all(isinstance(v, int) for v in (shown.total, shown.premium, shown.net))
    assert 0 <= shown.net <= shown.total
    assert abs(shown.total * 10 - price * tenths) <= 5  # rounded once, to a cent


def test_funnels_count_households_per_status_and_drop_reasons_per_key():
    rows = [
        ("kerkstraat", "interested", None, 3),
        ("kerkstraat", "dropped", "price", 2),
        ("kerkstraat", "dropped", None, 1),  # an old row without a reason
        ("molenstraat", "works_done", None, 4),
        ("kerkstraat", "dropped", "price", 1),
    ]
    found = funnels(rows)
    assert found["kerkstraat"].statuses == {"interested": 3, "dropped": 4}
    assert found["kerkstraat"].reasons == {"price": 3, "other": 1}
    assert found["kerkstraat"].households == 7
    assert found["molenstraat"].reasons == {} and found["molenstraat"].households == 4
