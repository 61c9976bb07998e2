"""A persona step's deck, questions and proposals as its configuration form
holds them: prefilled to edit the step, carried by duplicates and agenda
templates, replaced while nobody answered or rated."""

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.meetings.models import Step, StepState
from app.personas import services
from app.personas.models import (
    Persona,
    PersonaAnswer,
    PersonaDeal,
    PersonaPrompt,
    PersonaProposal,
    PersonaRating,
)

LOCKED = _l(
    "People have answered or rated as their persona, so the personas, questions"
    " and proposals can no longer change. The title, text and countdown still can."
)


def config_data(step: Step) -> dict:
    personas = services.personas_of(step)
    prompts = services.prompts_of(step)
    return {
        "personas": [p.catalogue_key for p in personas if p.catalogue_key],
        "custom_personas": "\n".join(
            f"{p.custom_name}: {p.custom_description or ''}".rstrip(": ")
            for p in personas
            if not p.catalogue_key
        ),
        # without questions of its own a step asks the two default ones
        "custom_prompts": "\n".join(
            p.custom_text for p in prompts if not p.catalogue_key
        ),
        "custom_proposals": "\n".join(p.text for p in services.proposals_of(step)),
    }


def has_answers(step: Step) -> bool:
    answered = (
        sa.select(PersonaAnswer.id)
        .join(PersonaPrompt, PersonaPrompt.id == PersonaAnswer.prompt_id)
        .where(PersonaPrompt.step_id == step.id)
    )
    rated = (
        sa.select(PersonaRating.id)
        .join(PersonaProposal, PersonaProposal.id == PersonaRating.proposal_id)
        .where(PersonaProposal.step_id == step.id)
    )
    return any(
        db.session.scalar(query.limit(1)) is not None for query in (answered, rated)
    )


def replace_deck(step: Step, form) -> None:
    """Give the step the form's deck instead of its own (nobody answered yet);
    an open step deals the new cards to every phone."""
    for model in (PersonaDeal, PersonaPrompt, PersonaProposal, Persona):
        db.session.execute(sa.delete(model).where(model.step_id == step.id))
    services.create_deck(
        step,
        form.personas.data or [],
        (form.custom_personas.data or "").splitlines(),
        (form.custom_prompts.data or "").splitlines(),
        (form.custom_proposals.data or "").splitlines(),
    )
    if step.state == StepState.OPEN:
        services.deal_all(step)
