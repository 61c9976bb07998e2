import random

import pytest

from app.meetings import logic


def test_codes_use_only_the_unambiguous_alphabet():
    rng = random.Random(7)
    codes = {logic.generate_code(rng) for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == logic.CODE_LENGTH >= 6
        assert set(code) <= set(logic.CODE_ALPHABET)
        assert not set(code) & set("0O1IL2Z5S8B")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ac-d 34f", "ACD34F"), (" hj k.mn ", "HJKMN"), ("ACDEFG", "ACDEFG")],
)
def test_typed_codes_are_normalised(typed, expected):
    assert logic.normalise_code(typed) == expected


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("pending", "open", "open"),
        ("open", "close", "closed"),
        ("closed", "reveal", "revealed"),
        ("open", "reveal", "revealed"),
        ("closed", "open", "open"),
        ("revealed", "open", "open"),
        ("pending", "close", None),
        ("pending", "reveal", None),
        ("open", "open", None),
        ("revealed", "close", None),
        ("open", "delete", None),
    ],
)
def test_step_transitions(state, action, expected):
    assert logic.next_state(state, action) == expected
