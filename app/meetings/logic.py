"""Pure rules for meetings: join codes and step transitions."""

import math
import random
from dataclasses import dataclass
from datetime import datetime
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


#: a countdown runs at least a few seconds and at most three hours
COUNTDOWN_MIN_SECONDS = 6
COUNTDOWN_MAX_SECONDS = 3 * 3600


def countdown_seconds(minutes: float | None) -> int | None:
    """Return a countdown's length in whole seconds, from minutes (None: none)."""
    if minutes is None:
        return None
    return round(minutes * 60)


def remaining_seconds(deadline: datetime | None, now: datetime) -> int | None:
    """Return the whole seconds left until the deadline (never below 0), or None
    when no countdown runs. Phones are sent this, not the deadline: their own
    clock may be minutes off, a duration is the same on every clock."""
    if deadline is None:
        return None
    return max(0, math.ceil((deadline - now).total_seconds()))


def countdown_text(seconds: int) -> str:
    """Return a countdown as minutes and seconds: 4:05, 72:00."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"


def is_due(deadline: datetime | None, now: datetime) -> bool:
    """Return whether a countdown with this deadline has run out."""
    return deadline is not None and deadline <= now


def neighbour_position(
    positions: list[int], position: int, direction: str
) -> int | None:
    """Return the position of the step a step swaps with when moved up or down
    the agenda, or None at either end."""
    ordered = sorted(positions)
    index = ordered.index(position)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return None
    return ordered[other]


def next_position(positions: list[int], current: int | None) -> int | None:
    """Return the position of the step after the current one (the first step
    before any opened), or None after the last."""
    later = [p for p in positions if current is None or p > current]
    return min(later, default=None)


@dataclass(frozen=True)
class Meter:
    """The everyone-counted meter: who had a say, per step and in all."""

    #: per step id: the households that answered it
    answered: dict[int, int]
    #: every household of the meeting: phones and those entered by hand
    households: int
    #: the households that answered at least one step
    had_a_say: int
    #: the people in the room as the facilitator counted them (None: not yet)
    present: int | None

    @property
    def share(self) -> int | None:
        """Return the whole percent of the people present who had a say (never
        above 100, never rounded up), or None without a head count."""
        if not self.present:
            return None
        return 100 * min(self.had_a_say, self.present) // self.present

    @property
    def over(self) -> bool:
        """Return whether more households had a say than people were counted."""
        return self.present is not None and self.had_a_say > self.present


def meter(
    answered: dict[int, set[int]], *, households: int, present: int | None
) -> Meter:
    """Count who had a say from the households that answered each step."""
    everyone = set().union(*answered.values()) if answered else set()
    return Meter(
        answered={step: len(who) for step, who in answered.items()},
        households=households,
        had_a_say=len(everyone),
        present=present,
    )
