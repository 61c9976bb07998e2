from collections import Counter

import pytest

from app.personas.logic import WallAnswer, persona_for_deal, rating_tally, wall


@pytest.mark.parametrize("deck_size", [1, 3, 9])
def test_dealing_gives_every_persona_once_before_any_twice(deck_size):
    deck = list(range(100, 100 + deck_size))
    dealt = [persona_for_deal(n, deck) for n in range(deck_size * 3 + 1)]
    for start in range(0, len(dealt) - deck_size + 1, deck_size):
        assert sorted(dealt[start : start + deck_size]) == deck
    counts = Counter(dealt)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_dealing_needs_a_deck():
    with pytest.raises(ValueError, match="deck"):
        persona_for_deal(0, [])


def test_wall_groups_by_persona_and_pairs_perspectives():
    answers = [
        WallAnswer(1, 10, 500, "persona", "Brede stoep"),
        WallAnswer(1, 10, 500, "self", "Meer bomen"),
        WallAnswer(2, 10, 501, "persona", "Bankjes"),
        WallAnswer(1, 11, 502, "persona", "Licht", highlighted=True),
    ]
    result = wall(answers, [2, 1, 3])
    assert list(result) == [2, 1]  # deck order; personas without answers left out
    first = result[1][0]
    assert (first.as_persona, first.highlighted) == ("Licht", True)  # highlighted first
    paired = result[1][1]
    assert (paired.as_persona, paired.as_self) == ("Brede stoep", "Meer bomen")


def test_ratings_are_counted_per_proposal_and_persona_in_deck_order():
    ratings = [
        (7, 3, "helps"),
        (7, 1, "hinders"),
        (7, 3, "helps"),
        (7, 3, "neutral"),
        (8, 2, "helps"),
    ]
    tally = rating_tally(ratings, persona_order=[1, 2, 3])
    assert [persona for persona, _ in tally[7]] == [1, 3]
    counts = dict(tally[7])
    assert counts[3] == {"helps": 2, "neutral": 1}
    assert counts[1]["hinders"] == 1 and counts[1]["helps"] == 0
    assert tally[8] == [(2, {"helps": 1})]
    assert 9 not in tally  # a proposal nobody rated has no rows
