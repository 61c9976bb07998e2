"""Pure rules for meetings: join codes and step transitions."""

import random
from enum import StrEnum

#: no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type on a phone
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


class StepAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    REVEAL = "reveal"


#: action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    StepAction.OPEN: (frozenset({"pending", "closed", "revealed"}), "open"),
    StepAction.CLOSE: (frozenset({"open"}), "closed"),
    StepAction.REVEAL: (frozenset({"open", "closed"}), "revealed"),
}


def generate_code(rng: random.Random, length: int = CODE_LENGTH) -> str:
    """Return a join code drawn from the unambiguous alphabet."""
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """Return a typed code in canonical form: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -.\t")


def next_state(state: str, action: str) -> str | None:
    """Return the state a step moves to, or None when the action is not allowed."""
    if action not in TRANSITIONS:
        return None
    sources, target = TRANSITIONS[action]
    return target if state in sources else None


class Stance(StrEnum):
    """Capacity and motivation to renovate (the four owner types)."""

    CAN_AND_WANT = "can_want"
    CAN_BUT_DONT_WANT = "can_not_want"
    WANT_BUT_CANT = "want_cannot"
    CANT_AND_DONT_WANT = "cannot_not_want"
