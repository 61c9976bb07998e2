"""A persona step's deck, prompts and proposals, who was dealt which card, the
answers and the ratings."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.meetings.models import Participant
from app.personas.catalogue import CUSTOM_PERSONA_ICON, PERSONA_BY_KEY, PROMPTS
from app.personas.logic import MAX_PROPOSAL
from app.timeutil import utcnow

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "personas"


class Persona(db.Model):
    __tablename__ = "personas"
    __table_args__ = (
        sa.UniqueConstraint("step_id", "position"),
        sa.CheckConstraint(
            "(catalogue_key IS NULL) <> (custom_name IS NULL)", name="one_name"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    catalogue_key: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    custom_name: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    custom_description: so.Mapped[str | None] = so.mapped_column(sa.String(300))

    @property
    def name(self) -> str:
        if self.catalogue_key:
            return str(PERSONA_BY_KEY[self.catalogue_key].name)
        return self.custom_name or ""

    @property
    def description(self) -> str:
        if self.catalogue_key:
            return str(PERSONA_BY_KEY[self.catalogue_key].description)
        return self.custom_description or ""

    @property
    def icon(self) -> str:
        if self.catalogue_key:
            return PERSONA_BY_KEY[self.catalogue_key].icon
        return CUSTOM_PERSONA_ICON


class PersonaPrompt(db.Model):
    __tablename__ = "persona_prompts"
    __table_args__ = (
        sa.UniqueConstraint("step_id", "position"),
        sa.CheckConstraint(
            "(catalogue_key IS NULL) <> (custom_text IS NULL)", name="one_text"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    catalogue_key: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    custom_text: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    @property
    def text(self) -> str:
        if self.catalogue_key:
            return str(PROMPTS[self.catalogue_key])
        return self.custom_text or ""


class PersonaDeal(db.Model):
    """The card a phone was dealt on a step; deal_number makes dealing even."""

    __tablename__ = "persona_deals"
    __table_args__ = (
        sa.UniqueConstraint("step_id", "participant_id", name="uq_persona_deals_phone"),
        sa.UniqueConstraint("step_id", "deal_number", name="uq_persona_deals_number"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    deal_number: so.Mapped[int]
    persona_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("personas.id", ondelete="CASCADE"), index=True
    )

    persona: so.Mapped[Persona] = so.relationship()


class PersonaAnswer(db.Model):
    __tablename__ = "persona_answers"
    __table_args__ = (
        sa.UniqueConstraint("prompt_id", "participant_id", "perspective"),
        sa.CheckConstraint(
            "perspective IN ('persona', 'self')", name="perspective_known"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    prompt_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("persona_prompts.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    persona_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("personas.id", ondelete="CASCADE"), index=True
    )
    perspective: so.Mapped[str] = so.mapped_column(sa.String(8))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    #: moderation by the facilitator
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    highlighted: so.Mapped[bool] = so.mapped_column(default=False)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    participant: so.Mapped[Participant] = so.relationship()
    prompt: so.Mapped[PersonaPrompt] = so.relationship()
    persona: so.Mapped[Persona] = so.relationship()


class PersonaProposal(db.Model):
    """A plan for the street that phones rate as their persona."""

    __tablename__ = "persona_proposals"
    __table_args__ = (sa.UniqueConstraint("step_id", "position"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    text: so.Mapped[str] = so.mapped_column(sa.String(MAX_PROPOSAL))


class PersonaRating(db.Model):
    """How a proposal works out for the persona a phone was dealt."""

    __tablename__ = "persona_ratings"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "participant_id"),
        sa.CheckConstraint(
            "rating IN ('helps', 'neutral', 'hinders')", name="rating_known"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    proposal_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("persona_proposals.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    persona_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("personas.id", ondelete="CASCADE"), index=True
    )
    rating: so.Mapped[str] = so.mapped_column(sa.String(8))
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
