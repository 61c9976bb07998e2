import pytest

from app.live.coalesce import Decision, decide
from app.polls.logic import Answer, bar_segments, split_tally, tally


def test_tally_counts_per_measure_and_horizon_and_households():
    answers = [
        Answer(1, "1y", "money", household=10),
        Answer(1, "1y", None, household=11),
        Answer(1, "done", None, household=12),
        Answer(2, "not_possible", "landlord", household=10),
        Answer(2, "5y", "money", household=13),
    ]
    result = tally([1, 2, 3], answers)
    assert result.households == 4
    assert result.for_measure(1).by_horizon == {
        "done": 1,
        "1y": 2,
        "5y": 0,
        "not_now": 0,
        "not_possible": 0,
    }
    assert result.for_measure(1).total == 3
    assert result.for_measure(2).barriers == {"money": 1, "landlord": 1}
    assert result.for_measure(3).total == 0


def test_tally_ignores_unknown_measures_and_values():
    result = tally(
        [1], [Answer(9, "1y"), Answer(1, "someday"), Answer(1, "5y", household=1)]
    )
    assert result.for_measure(1).total == 1
    assert result.households == 1


def test_split_by_tenure_keeps_each_group_apart():
    answers = [
        Answer(1, "1y", household=1, tenure="owner"),
        Answer(1, "not_possible", "landlord", household=2, tenure="tenant"),
        Answer(1, "not_possible", "landlord", household=3, tenure="tenant"),
        Answer(1, "5y", household=4, tenure=None),
    ]
    split = split_tally([1], answers, "tenure")
    assert split["tenant"].for_measure(1).by_horizon["not_possible"] == 2
    assert split["tenant"].for_measure(1).barriers == {"landlord": 2}
    assert split["owner"].households == 1
    assert split[None].for_measure(1).by_horizon["5y"] == 1


def test_bar_segments_fill_the_width_in_horizon_order():
    segments = bar_segments(
        {"done": 1, "1y": 2, "5y": 0, "not_now": 1, "not_possible": 0}, 1000
    )
    assert [(h, c) for h, c, _x, _w in segments] == [
        ("done", 1),
        ("1y", 2),
        ("not_now", 1),
    ]
    assert segments[0][2] == 0
    assert sum(w for *_rest, w in segments) == pytest.approx(1000)
    assert bar_segments({"done": 0}, 1000) == []


@pytest.mark.parametrize(
    ("now", "last", "scheduled", "expected"),
    [
        (10.0, None, False, Decision.SEND),
        (10.0, 9.7, False, Decision.SEND),
        (10.0, 9.9, False, Decision.SCHEDULE),
        (10.0, 9.9, True, Decision.JOIN),
        (10.0, 5.0, True, Decision.JOIN),
    ],
)
def test_coalescing_decision(now, last, scheduled, expected):
    assert decide(now, last, scheduled, window=0.2) == expected
