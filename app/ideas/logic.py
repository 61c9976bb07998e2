"""Pure rules for the ideas step: counting votes across merged ideas, the words
of the word cloud and where each word goes in it."""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.ideas.stopwords import stop_words

#: characters in one idea, unless the facilitator chose another maximum
DEFAULT_MAX_LENGTH = 140
#: the maxima a facilitator may choose
SHORTEST_MAX, LONGEST_MAX = 20, 500
#: ideas one phone may share on one step
IDEAS_PER_PHONE = 10
#: what a phone's vote form asks: an upvote, or taking it back
UP, WITHDRAW = "up", "withdraw"
VOTES = (UP, WITHDRAW)
#: words in the cloud at most
CLOUD_WORDS = 40

_WORD = re.compile(
    r"[^\W\d_](?:[\w'\u2019\-]*\w)?"
)  # letters, inner apostrophes/hyphens


def clean_text(text: str) -> str:
    """Return the idea as it is kept: one line, spaces collapsed, NFC."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def canonical_of(idea_id: int, merged_into: Mapping[int, int | None]) -> int:
    """Return the idea an idea was merged into, or itself (merges are one level)."""
    return merged_into.get(idea_id) or idea_id


def tally(
    votes: Iterable[tuple[int, int]], merged_into: Mapping[int, int | None]
) -> Counter:
    """Count the phones behind each idea from (idea id, phone id) votes.

    An idea merged into another counts for that one; a phone that voted for
    both counts once.
    """
    voters: dict[int, set[int]] = {}
    for idea_id, phone_id in votes:
        voters.setdefault(canonical_of(idea_id, merged_into), set()).add(phone_id)
    return Counter({idea: len(phones) for idea, phones in voters.items()})


def ranked(idea_ids: Iterable[int], counts: Mapping[int, int]) -> list[int]:
    """Return ideas by votes, most first; ties in the order they were shared."""
    return sorted(idea_ids, key=lambda idea: (-counts.get(idea, 0), idea))


def words(text: str, locale: str) -> list[str]:
    """Return the words of an idea that say something, lower-case."""
    stop = stop_words(locale)
    found = (m.group(0).casefold() for m in _WORD.finditer(clean_text(text)))
    return [w for w in found if len(w) > 1 and w not in stop]


def word_counts(texts: Iterable[tuple[str, str]]) -> Counter:
    """Count words over (text, locale) ideas; a word counts once per idea."""
    counts: Counter = Counter()
    for text, locale in texts:
        counts.update(set(words(text, locale)))
    return counts


def is_rtl(word: str) -> bool:
    """Return whether a word is written right to left (Arabic, Hebrew, …)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


@dataclass(frozen=True)
class Placed:
    """A word in the cloud: centred on x, baseline y, `width` wide exactly."""

    word: str
    count: int
    x: float
    y: float
    size: float
    width: float
    rtl: bool

    @property
    def top(self) -> float:
        return self.y - self.size * ASCENT

    @property
    def bottom(self) -> float:
        return self.y + self.size * DESCENT

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2


#: the cloud's own coordinates (the SVG viewBox) and its type sizes
WIDTH, HEIGHT, MARGIN = 800, 400, 12
SMALLEST, LARGEST = 16.0, 64.0
#: a glyph's advance and the line's ascent and descent, as shares of the size;
#: the width is also given to the browser (textLength), so a word is drawn
#: exactly as wide as laid out, whatever the font
ADVANCE, ASCENT, DESCENT, GAP = 0.6, 0.95, 0.3, 0.45


def _sizes(counts: list[int], scale: float) -> list[float]:
    low, high = min(counts), max(counts)
    if high == low:
        return [(SMALLEST + LARGEST) / 2 * scale] * len(counts)
    return [
        max(SMALLEST * 0.75, scale * (SMALLEST + (LARGEST - SMALLEST) * share))
        for share in (math.sqrt((c - low) / (high - low)) for c in counts)
    ]


def _lines(
    items: list[tuple[str, int]], sizes: list[float], width: float
) -> list[list[tuple[str, int, float, float]]]:
    """Fill lines left to right with (word, count, size, drawn width)."""
    lines: list[list[tuple[str, int, float, float]]] = [[]]
    used = 0.0
    for (word, count), size in zip(items, sizes, strict=True):
        drawn = len(word) * size * ADVANCE
        if drawn > width:  # one long word: smaller, so it fits on its own
            size, drawn = size * width / drawn, width
        gap = size * GAP if lines[-1] else 0.0
        if lines[-1] and used + gap + drawn > width:
            lines.append([])
            used, gap = 0.0, 0.0
        lines[-1].append((word, count, size, drawn))
        used += gap + drawn
    return lines


def _height(line) -> float:
    return max(size for _w, _c, size, _d in line) * (ASCENT + DESCENT)


def cloud(counts: Mapping[str, int], limit: int = CLOUD_WORDS) -> list[Placed]:
    """Lay out the most frequent words, sized by frequency, inside the viewBox.

    Larger words first, in lines centred across the cloud and the lines
    centred down it; when they do not fit, every word gets smaller, and past
    the smallest size the rarest words stay out. Each word is centred on its
    x (text-anchor middle), so right-to-left words stay where they were laid
    out.
    """
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    while items:
        for scale in (1.0, 0.85, 0.7, 0.6, 0.5, 0.42, 0.35):
            lines = _lines(items, _sizes([c for _w, c in items], scale), inner_w)
            total = sum(_height(line) for line in lines)
            if total <= inner_h:
                return _place(lines, total)
        items = items[:-1]
    return []


def _place(lines, total: float) -> list[Placed]:
    placed = []
    y = MARGIN + (HEIGHT - 2 * MARGIN - total) / 2
    for line in lines:
        tallest = max(size for _w, _c, size, _d in line)
        baseline = y + tallest * ASCENT
        gaps = sum(size * GAP for _w, _c, size, _d in line[1:])
        x = (WIDTH - (sum(d for *_rest, d in line) + gaps)) / 2
        for i, (word, count, size, drawn) in enumerate(line):
            if i:
                x += size * GAP
            placed.append(
                Placed(word, count, x + drawn / 2, baseline, size, drawn, is_rtl(word))
            )
            x += drawn
        y += tallest * (ASCENT + DESCENT)
    return placed
