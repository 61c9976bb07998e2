"""The ideas step's pure rules: votes across merged ideas, stop-words and the
word cloud's layout."""

from collections import Counter

import pytest

from app.ideas import logic
from app.ideas.stopwords import STOP_WORDS, stop_words


def test_a_phone_counts_once_for_an_idea_and_the_duplicate_merged_into_it():
    votes = [(1, 10), (2, 10), (2, 11), (3, 12)]  # phone 10 voted for 1 and 2
    assert logic.tally(votes, {2: 1}) == Counter({1: 2, 3: 1})
    assert logic.tally(votes, {}) == Counter({1: 1, 2: 2, 3: 1})


def test_ideas_rank_by_votes_then_by_who_shared_first():
    assert logic.ranked([1, 2, 3, 4], {3: 2, 2: 2, 4: 1}) == [2, 3, 4, 1]


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Meer bomen in de straat", "nl", ["bomen", "straat"]),
        ("Plus d'arbres dans la rue", "fr", ["d'arbres", "rue"]),
        ("More trees in the street", "en", ["trees", "street"]),
        ("Sokakta daha çok ağaç ve bank", "tr", ["sokakta", "ağaç", "bank"]),
        ("أشجار في الشارع", "ar", ["أشجار", "الشارع"]),
        ("Więcej drzew na ulicy", "pl", ["więcej", "drzew", "ulicy"]),
        ("Mai mulți copaci pe stradă", "ro", ["mulți", "copaci", "stradă"]),
        ("Більше дерев на вулиці", "uk", ["більше", "дерев", "вулиці"]),
    ],
)
def test_stop_words_leave_the_words_that_say_something(text, locale, expected):
    assert logic.words(text, locale) == expected


def test_each_idea_keeps_the_stop_words_of_its_own_language():
    # "die" says nothing in Dutch and something in English
    assert logic.words("die bomen", "nl") == ["bomen"]
    assert logic.words("trees die", "en") == ["trees", "die"]
    assert stop_words("nl-BE") == STOP_WORDS["nl"]
    assert stop_words("xx") == frozenset()
    assert set(STOP_WORDS) == {"nl", "fr", "en", "tr", "ar", "pl", "ro", "uk"}


def test_a_word_counts_once_per_idea_and_numbers_are_no_words():
    counts = logic.word_counts(
        [("Bomen, bomen, bomen!", "nl"), ("Bomen en 30 km/u", "nl")]
    )
    assert counts == Counter({"bomen": 2, "km": 1})


def _inside(word: logic.Placed) -> bool:
    return (
        word.left >= 0
        and word.right <= logic.WIDTH
        and word.top >= 0
        and word.bottom <= logic.HEIGHT
    )


def _overlap(a: logic.Placed, b: logic.Placed) -> bool:
    return not (
        a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top
    )


@pytest.mark.parametrize(
    "counts",
    [
        {"bomen": 1},
        {f"woord{i}": i for i in range(1, 60)},
        {"x" * 80: 5, "geveltuin": 3, "أشجار": 9},
        {f"{'lang' * 6}{i}": 1 for i in range(40)},
        {"klimaatadaptatiemaatregelen": 1, "warmtepomp": 40},
    ],
)
def test_every_word_of_the_cloud_is_inside_its_view_and_none_overlap(counts):
    placed = logic.cloud(counts)
    assert placed
    assert all(_inside(word) for word in placed), placed
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b), (a, b)


def test_more_frequent_words_are_larger_and_the_rarest_stay_out_when_crowded():
    placed = {w.word: w for w in logic.cloud({"bomen": 9, "bank": 3, "licht": 1})}
    assert placed["bomen"].size > placed["bank"].size > placed["licht"].size
    crowded = logic.cloud({f"w{i:03d}": 100 - i for i in range(100)})
    assert len(crowded) == logic.CLOUD_WORDS
    assert "w000" in {w.word for w in crowded}


def test_right_to_left_words_are_marked_and_centred_on_their_place():
    placed = {w.word: w for w in logic.cloud({"أشجار": 2, "bomen": 2})}
    assert placed["أشجار"].rtl and not placed["bomen"].rtl
    assert placed["أشجار"].x == pytest.approx(
        (placed["أشجار"].left + placed["أشجار"].right) / 2
    )


def test_no_ideas_no_cloud():
    assert logic.cloud({}) == []


def test_an_idea_is_kept_on_one_line_with_single_spaces():
    assert logic.clean_text("  Meer\n\n bomen\t aub ") == "Meer bomen aub"
