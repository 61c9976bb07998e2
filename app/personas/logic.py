"""Pure rules for the persona exercise: dealing cards, grouping the wall and
counting ratings."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_ANSWER = 500  #: characters in one answer
MAX_PROPOSAL = 120  #: characters in one proposal
#: how a proposal works out for a persona, in the order phones show them
RATINGS = ("helps", "neutral", "hinders")


def persona_for_deal(deal_number: int, personas: Sequence[int]) -> int:
    """Return the persona for the n-th phone dealt (0-based): round robin.

    Every persona is dealt once before any persona is dealt twice.
    """
    if not personas:
        raise ValueError("a deck needs at least one persona")
    return personas[deal_number % len(personas)]


@dataclass(frozen=True)
class WallAnswer:
    persona_id: int
    prompt_id: int
    participant_id: int
    perspective: str  #: "persona" or "self"
    text: str
    highlighted: bool = False


@dataclass
class WallCard:
    """One phone's answers to one prompt, as the persona and as themselves."""

    prompt_id: int
    as_persona: str | None = None
    as_self: str | None = None
    highlighted: bool = False


def wall(
    answers: Iterable[WallAnswer], persona_order: Sequence[int]
) -> dict[int, list[WallCard]]:
    """Group visible answers by persona, pairing each phone's two perspectives."""
    cards: dict[tuple[int, int, int], WallCard] = {}
    for answer in answers:
        key = (answer.persona_id, answer.participant_id, answer.prompt_id)
        card = cards.setdefault(key, WallCard(answer.prompt_id))
        if answer.perspective == "self":
            card.as_self = answer.text
        else:
            card.as_persona = answer.text
        card.highlighted = card.highlighted or answer.highlighted
    grouped: dict[int, list[WallCard]] = {p: [] for p in persona_order}
    for (persona_id, _participant, _prompt), card in sorted(
        cards.items(), key=lambda item: (not item[1].highlighted, item[0])
    ):
        grouped.setdefault(persona_id, []).append(card)
    return {p: c for p, c in grouped.items() if c}


def rating_tally(
    ratings: Iterable[tuple[int, int, str]], persona_order: Sequence[int]
) -> dict[int, list[tuple[int, Counter]]]:
    """Count ratings per proposal and persona, from (proposal, persona, rating).

    Each proposal lists the personas that rated it, in deck order.
    """
    counts: dict[tuple[int, int], Counter] = {}
    for proposal_id, persona_id, rating in ratings:
        counts.setdefault((proposal_id, persona_id), Counter())[rating] += 1
    position = {persona_id: i for i, persona_id in enumerate(persona_order)}
    tally: dict[int, list[tuple[int, Counter]]] = {}
    for (proposal_id, persona_id), counter in sorted(
        counts.items(), key=lambda item: position.get(item[0][1], len(position))
    ):
        tally.setdefault(proposal_id, []).append((persona_id, counter))
    return tally
