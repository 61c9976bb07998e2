"""Persona steps: the deck, dealing cards, answers, ratings and moderation."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.meetings.models import Participant, Step
from app.personas import logic
from app.personas.catalogue import PERSONA_BY_KEY, PROMPTS
from app.personas.models import (
    Persona,
    PersonaAnswer,
    PersonaDeal,
    PersonaPrompt,
    PersonaProposal,
    PersonaRating,
)
from app.timeutil import utcnow

logger = logging.getLogger(__name__)


def _next_position(model, step: Step) -> int:
    last = db.session.scalar(
        sa.select(sa.func.max(model.position)).where(model.step_id == step.id)
    )
    return (last or 0) + 1


def _in_order(model, step: Step) -> list:
    """Return a step's personas, prompts or proposals in the facilitator's order."""
    return list(
        db.session.scalars(
            sa.select(model).where(model.step_id == step.id).order_by(model.position)
        )
    )


def add_persona(
    step: Step, *, key: str | None = None, name: str = "", description: str = ""
) -> Persona:
    """Add a catalogue persona (by key) or the facilitator's own to the deck."""
    persona = Persona(step_id=step.id, position=_next_position(Persona, step))
    if key:
        persona.catalogue_key = key
    else:
        persona.custom_name = name.strip()[:80]
        persona.custom_description = description.strip()[:300] or None
    db.session.add(persona)
    db.session.flush()
    return persona


def add_prompt(step: Step, *, key: str | None = None, text: str = "") -> PersonaPrompt:
    """Add a catalogue prompt (by key) or the facilitator's own."""
    prompt = PersonaPrompt(
        step_id=step.id, position=_next_position(PersonaPrompt, step)
    )
    if key:
        prompt.catalogue_key = key
    else:
        prompt.custom_text = text.strip()[:200]
    db.session.add(prompt)
    db.session.flush()
    return prompt


def add_proposal(step: Step, text: str) -> PersonaProposal:
    """Add a plan for the street that phones rate as their persona."""
    proposal = PersonaProposal(
        step_id=step.id,
        position=_next_position(PersonaProposal, step),
        text=text.strip()[: logic.MAX_PROPOSAL],
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def create_deck(
    step: Step,
    keys: list[str],
    custom_personas: list[str],
    custom_prompts: list[str],
    proposals: list[str] = (),
) -> None:
    """Give a new persona step its deck, prompts and proposals to rate.

    Custom personas come as lines "Name: description"; without custom prompts
    the two default prompts are used.
    """
    for key in keys:
        if key in PERSONA_BY_KEY:
            add_persona(step, key=key)
    for line in custom_personas:
        name, _, description = line.partition(":")
        if name.strip():
            add_persona(step, name=name, description=description)
    prompts = [p for p in custom_prompts if p.strip()]
    if not prompts:
        for key in PROMPTS:
            add_prompt(step, key=key)
    for text in prompts:
        add_prompt(step, text=text)
    for text in proposals:
        if text.strip():
            add_proposal(step, text)


def personas_of(step: Step) -> list[Persona]:
    return _in_order(Persona, step)


def prompts_of(step: Step) -> list[PersonaPrompt]:
    return _in_order(PersonaPrompt, step)


def proposals_of(step: Step) -> list[PersonaProposal]:
    return _in_order(PersonaProposal, step)


def deal_of(step: Step, participant: Participant) -> PersonaDeal | None:
    return db.session.scalar(
        sa.select(PersonaDeal).where(
            PersonaDeal.step_id == step.id, PersonaDeal.participant_id == participant.id
        )
    )


#: one statement on every phone's step refetch: its card, and whether it wrote
#: anything of its own on the step yet
_STANDING = sa.select(
    sa.select(PersonaDeal.persona_id)
    .where(
        PersonaDeal.step_id == sa.bindparam("step"),
        PersonaDeal.participant_id == sa.bindparam("participant"),
    )
    .scalar_subquery(),
    sa.exists()
    .where(
        PersonaAnswer.participant_id == sa.bindparam("participant"),
        PersonaAnswer.prompt_id == PersonaPrompt.id,
        PersonaPrompt.step_id == sa.bindparam("step"),
    )
    .correlate_except(PersonaAnswer, PersonaPrompt),
    sa.exists()
    .where(
        PersonaRating.participant_id == sa.bindparam("participant"),
        PersonaRating.proposal_id == PersonaProposal.id,
        PersonaProposal.step_id == sa.bindparam("step"),
    )
    .correlate_except(PersonaRating, PersonaProposal),
)


def standing_of(step: Step, participant: Participant) -> tuple[int | None, bool]:
    """Return the id of the phone's persona card (None before it is dealt) and
    whether it answered or rated anything on the step."""
    card, answered, rated = db.session.execute(
        _STANDING, {"step": step.id, "participant": participant.id}
    ).one()
    return card, bool(answered or rated)


def deal_all(step: Step) -> None:
    """Deal a card to every phone of the meeting that has none, round robin.

    Called when the step opens (and a phone joining an open persona step gets
    its card at once), so showing the step never has to write.
    """
    order = [p.id for p in personas_of(step)]
    if not order:
        return
    dealt = sa.select(PersonaDeal.participant_id).where(PersonaDeal.step_id == step.id)
    waiting = db.session.scalars(
        sa.select(Participant.id)
        .where(
            Participant.meeting_id == step.meeting_id,
            Participant.assisted.is_(False),
            Participant.id.not_in(dealt),
        )
        .order_by(Participant.id)
    ).all()
    first = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(PersonaDeal)
        .where(PersonaDeal.step_id == step.id)
    )
    db.session.add_all(
        PersonaDeal(
            step_id=step.id,
            participant_id=participant_id,
            deal_number=first + i,
            persona_id=logic.persona_for_deal(first + i, order),
        )
        for i, participant_id in enumerate(waiting)
    )
    db.session.flush()


def deal(step: Step, participant: Participant) -> PersonaDeal:
    """Return this phone's card, dealing the next one round robin if it has none.

    The (step, deal_number) key makes concurrent deals take turns: a phone that
    loses the race takes the next number, so dealing stays even.
    """
    existing = deal_of(step, participant)
    if existing:
        return existing
    order = [p.id for p in personas_of(step)]
    for _ in range(50):
        number = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(PersonaDeal)
            .where(PersonaDeal.step_id == step.id)
        )
        try:
            with db.session.begin_nested():
                card = PersonaDeal(
                    step_id=step.id,
                    participant_id=participant.id,
                    deal_number=number,
                    persona_id=logic.persona_for_deal(number, order),
                )
                db.session.add(card)
                db.session.flush()
            return card
        except IntegrityError:
            existing = deal_of(step, participant)
            if existing:
                return existing
    raise RuntimeError("could not deal a persona card")


def answers_of(
    step: Step, participant: Participant
) -> dict[tuple[int, str], PersonaAnswer]:
    """Return a phone's answers by (prompt id, perspective)."""
    rows = db.session.scalars(
        sa.select(PersonaAnswer)
        .join(PersonaPrompt)
        .where(
            PersonaPrompt.step_id == step.id,
            PersonaAnswer.participant_id == participant.id,
        )
    )
    return {(row.prompt_id, row.perspective): row for row in rows}


def save_answers(
    prompt: PersonaPrompt, participant: Participant, persona_id: int, texts: dict
) -> dict[str, PersonaAnswer]:
    """Store a phone's answers to a prompt by perspective; a blank one withdraws it."""
    rows = db.session.scalars(
        sa.select(PersonaAnswer).where(
            PersonaAnswer.prompt_id == prompt.id,
            PersonaAnswer.participant_id == participant.id,
        )
    )
    kept = {row.perspective: row for row in rows}
    for perspective, text in texts.items():
        answer = kept.pop(perspective, None)
        if not text.strip():
            if answer is not None:
                db.session.delete(answer)
            continue
        if answer is None:
            answer = PersonaAnswer(
                prompt_id=prompt.id,
                participant_id=participant.id,
                perspective=perspective,
            )
            db.session.add(answer)
        answer.persona_id, answer.text = persona_id, text.strip()
        answer.updated_at = utcnow()
        kept[perspective] = answer
    db.session.flush()
    return kept


def ratings_of(step: Step, participant: Participant) -> dict[int, str]:
    """Return a phone's ratings by proposal id."""
    rows = db.session.execute(
        sa.select(PersonaRating.proposal_id, PersonaRating.rating)
        .join(PersonaProposal)
        .where(
            PersonaProposal.step_id == step.id,
            PersonaRating.participant_id == participant.id,
        )
    )
    return dict(rows.all())


def save_rating(
    proposal: PersonaProposal, participant: Participant, persona_id: int, rating: str
) -> PersonaRating:
    """Store or replace how a proposal works out for a phone's persona."""
    row = db.session.scalar(
        sa.select(PersonaRating).where(
            PersonaRating.proposal_id == proposal.id,
            PersonaRating.participant_id == participant.id,
        )
    )
    if row is None:
        row = PersonaRating(proposal_id=proposal.id, participant_id=participant.id)
        db.session.add(row)
    row.persona_id = persona_id
    row.rating = rating
    row.updated_at = utcnow()
    db.session.flush()
    return row


def rating_tally(step: Step, persona_order: list[int]):
    """Return the ratings counted per proposal and persona, personas in the
    deck's order (see logic)."""
    rows = db.session.execute(
        sa.select(
            PersonaRating.proposal_id, PersonaRating.persona_id, PersonaRating.rating
        )
        .join(PersonaProposal)
        .where(PersonaProposal.step_id == step.id)
    )
    return logic.rating_tally(rows.all(), persona_order)


def all_answers(step: Step) -> list[PersonaAnswer]:
    """Return every answer on the step, for moderation."""
    return list(
        db.session.scalars(
            sa.select(PersonaAnswer)
            .join(PersonaPrompt)
            .where(PersonaPrompt.step_id == step.id)
            .order_by(PersonaAnswer.persona_id, PersonaAnswer.id)
        )
    )


def wall_of(step: Step, persona_order: list[int]) -> dict[int, list[logic.WallCard]]:
    """Return the visible answers grouped by persona, in the deck's order."""
    visible = [
        logic.WallAnswer(
            a.persona_id,
            a.prompt_id,
            a.participant_id,
            a.perspective,
            a.text,
            a.highlighted,
        )
        for a in all_answers(step)
        if not a.hidden
    ]
    return logic.wall(visible, persona_order)


MODERATION = {
    "hide": {"hidden": True},
    "show": {"hidden": False},
    "highlight": {"highlighted": True},
    "unhighlight": {"highlighted": False},
}


def moderate(answer: PersonaAnswer, action: str) -> None:
    """Hide, show, highlight or unhighlight an answer."""
    for name, value in MODERATION[action].items():
        setattr(answer, name, value)
    db.session.flush()
    logger.info("Persona answer %s: %s", answer.id, action)


def respondents(step: Step) -> set[int]:
    """Return the households that answered a question or rated a proposal of
    the step: the everyone-counted meter's count."""
    answered = (
        sa.select(PersonaAnswer.participant_id)
        .join(PersonaPrompt, PersonaPrompt.id == PersonaAnswer.prompt_id)
        .where(PersonaPrompt.step_id == step.id)
    )
    rated = (
        sa.select(PersonaRating.participant_id)
        .join(PersonaProposal, PersonaProposal.id == PersonaRating.proposal_id)
        .where(PersonaProposal.step_id == step.id)
    )
    return set(db.session.scalars(sa.union(answered, rated)))
