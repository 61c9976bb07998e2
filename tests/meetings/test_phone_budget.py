"""A phone's budget of writes: refused when spent, back when its window ends,
and forgotten once the phone stops writing."""

import pytest
from limits import parse

from app.meetings.phone_budget import Budgets
from tests.support.clock import ManualClock


def test_a_spent_budget_comes_back_when_its_window_ends():
    clock = ManualClock()
    budgets, limit = Budgets(clock), parse("2 per 1 second")
    clock.now += 0.4  # the phone's window ends between two sweeps of old windows
    assert [budgets.spend("phone-a", limit) for _ in range(2)] == [0, 0]
    clock.now += 0.05
    wait = budgets.spend("phone-a", limit)
    assert wait == pytest.approx(0.95)
    clock.now += 0.7
    assert budgets.spend("phone-b", limit) == 0  # the neighbour still writes
    assert budgets.spend("phone-a", limit) > 0  # still refused before the wait
    clock.now += wait - 0.7
    assert budgets.spend("phone-a", limit) == 0


def test_phones_that_stopped_writing_are_forgotten():
    clock = ManualClock()
    budgets, limit = Budgets(clock), parse("5 per 1 second")
    for phone in range(100):
        budgets.spend(f"phone-{phone}", limit)
    assert len(budgets) == 100
    clock.now += 0.99
    budgets.spend("phone-late", limit)
    assert len(budgets) == 101
    clock.now += 0.02
    budgets.spend("phone-late", limit)
    assert len(budgets) == 1
