"""A phone's budget of writes: refused when spent, back when its window ends,
and forgotten once the phone stops writing."""

import time

from limits import parse

from app.meetings.phone_budget import Budgets


def test_a_spent_budget_comes_back_when_its_window_ends():
    budgets, limit = Budgets(), parse("2 per 1 second")
    time.sleep(0.4)  # the phone's window ends between two sweeps of old windows
    assert [budgets.spend("phone-a", limit) for _ in range(2)] == [0, 0]
    wait = budgets.spend("phone-a", limit)
    assert 0.9 < wait <= 1
    time.sleep(0.7)
    assert budgets.spend("phone-b", limit) == 0  # the neighbour still writes
    assert budgets.spend("phone-a", limit) > 0  # still refused before the wait
    time.sleep(wait - 0.7 + 0.02)
    assert budgets.spend("phone-a", limit) == 0


def test_phones_that_stopped_writing_are_forgotten():
    budgets, limit = Budgets(), parse("5 per 1 second")
    for phone in range(100):
        budgets.spend(f"phone-{phone}", limit)
    assert len(budgets) == 100
    time.sleep(1.05)
    budgets.spend("phone-late", limit)
    assert len(budgets) == 1
