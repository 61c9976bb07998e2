"""Pure poll rules: answer values and tallies. No Flask, no SQLAlchemy."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Horizon(StrEnum):
    DONE = "done"
    ONE_YEAR = "1y"
    FIVE_YEARS = "5y"
    NOT_NOW = "not_now"
    NOT_POSSIBLE = "not_possible"


class Barrier(StrEnum):
    MONEY = "money"
    INFORMATION = "information"
    LANDLORD = "landlord"
    TIME = "time"
    CONTRACTOR = "contractor"
    PERMIT = "permit"
    OTHER = "other"


@dataclass(frozen=True)
class Answer:
    """One household's answer for one measure, with what the tally may split by."""

    measure_id: int
    horizon: str
    barrier: str | None = None
    household: int = 0
    tenure: str | None = None
    dwelling: str | None = None


@dataclass
class MeasureTally:
    measure_id: int
    by_horizon: dict[str, int] = field(default_factory=dict)
    barriers: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_horizon.values())


@dataclass
class Tally:
    measures: list[MeasureTally]
    households: int

    def for_measure(self, measure_id: int) -> MeasureTally:
        return next(m for m in self.measures if m.measure_id == measure_id)


def tally(measure_ids: Iterable[int], answers: Iterable[Answer]) -> Tally:
    """Count answers per measure and horizon, barriers per measure, and households."""
    ids = list(measure_ids)
    horizons = {m: Counter() for m in ids}
    barriers = {m: Counter() for m in ids}
    households = set()
    for answer in answers:
        if answer.measure_id not in horizons or answer.horizon not in set(Horizon):
            continue
        horizons[answer.measure_id][answer.horizon] += 1
        if answer.barrier:
            barriers[answer.measure_id][answer.barrier] += 1
        households.add(answer.household)
    return Tally(
        measures=[
            MeasureTally(
                m,
                {h.value: horizons[m][h.value] for h in Horizon},
                {
                    b.value: barriers[m][b.value]
                    for b in Barrier
                    if barriers[m][b.value]
                },
            )
            for m in ids
        ],
        households=len(households),
    )


def split_tally(
    measure_ids: Iterable[int], answers: Iterable[Answer], by: str
) -> dict[str | None, Tally]:
    """Return a tally per value of a household attribute ('tenure' or 'dwelling')."""
    ids = list(measure_ids)
    groups: dict[str | None, list[Answer]] = {}
    for answer in answers:
        groups.setdefault(getattr(answer, by), []).append(answer)
    return {key: tally(ids, group) for key, group in groups.items()}


def bar_segments(
    by_horizon: dict[str, int], width: float
) -> list[tuple[str, int, float, float]]:
    """Lay out a stacked bar: (horizon, count, x, w) for each non-empty horizon."""
    total = sum(by_horizon.values())
    segments, x = [], 0.0
    if total == 0:
        return segments
    for horizon in Horizon:
        count = by_horizon.get(horizon.value, 0)
        if count:
            w = width * count / total
            segments.append((horizon.value, count, round(x, 2), round(w, 2)))
            x += w
    return segments


#: the order of the boxes on a paper ballot; the tally clerk types a box's
#: number (1 for the first) for each measure, and 0 when none was ticked
BALLOT_BOXES: tuple[Horizon, ...] = tuple(Horizon)
BALLOT_DIGITS = {str(number): box for number, box in enumerate(BALLOT_BOXES, 1)}
BALLOT_BLANK = "0"


class BallotProblem(StrEnum):
    UNKNOWN_MARK = "unknown_mark"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    EMPTY = "empty"


@dataclass(frozen=True)
class TypedBallot:
    """A paper ballot as typed: a horizon (or None) per measure, in the
    ballot's order, or what is wrong with it."""

    marks: tuple[Horizon | None, ...] = ()
    problem: BallotProblem | None = None
    typed: int = 0


def read_ballot(typed: str, measures: int) -> TypedBallot:
    """Read a ballot typed as one digit per measure (spaces ignored).

    1-5 is the box ticked (BALLOT_BOXES), 0 no box (or two: a spoilt answer).
    """
    digits = "".join(typed.split())
    marks = []
    for digit in digits:
        if digit == BALLOT_BLANK:
            marks.append(None)
        elif digit in BALLOT_DIGITS:
            marks.append(BALLOT_DIGITS[digit])
        else:
            return TypedBallot(problem=BallotProblem.UNKNOWN_MARK, typed=len(digits))
    if len(marks) < measures:
        return TypedBallot(problem=BallotProblem.TOO_FEW, typed=len(marks))
    if len(marks) > measures:
        return TypedBallot(problem=BallotProblem.TOO_MANY, typed=len(marks))
    if all(mark is None for mark in marks):
        return TypedBallot(problem=BallotProblem.EMPTY, typed=len(marks))
    return TypedBallot(marks=tuple(marks), typed=len(marks))
