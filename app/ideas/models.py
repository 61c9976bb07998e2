"""An ideas step's open question, the ideas phones shared and their upvotes."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.ideas.logic import DEFAULT_MAX_LENGTH, LONGEST_MAX, SHORTEST_MAX
from app.timeutil import utcnow

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "ideas"


class IdeaQuestion(db.Model):
    """The open question of an ideas step, asked when the step is added."""

    __tablename__ = "idea_questions"
    __table_args__ = (
        sa.CheckConstraint(
            f"max_length BETWEEN {SHORTEST_MAX} AND {LONGEST_MAX}",
            name="max_length_range",
        ),
    )

    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), primary_key=True
    )
    text: so.Mapped[str] = so.mapped_column(sa.String(200))
    max_length: so.Mapped[int] = so.mapped_column(default=DEFAULT_MAX_LENGTH)


class Idea(db.Model):
    """One idea a phone shared; moderated and merged by the facilitator."""

    __tablename__ = "ideas"
    __table_args__ = (
        # a retried send (the same form key) stores the idea once
        sa.UniqueConstraint("step_id", "participant_id", "client_key"),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name="not_itself"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    client_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    #: the phone's language when it was typed: its stop-words in the cloud
    locale: so.Mapped[str] = so.mapped_column(sa.String(8))
    text: so.Mapped[str] = so.mapped_column(sa.String(LONGEST_MAX))
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    #: the idea this one was merged into (one level: that one is never merged)
    merged_into_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class IdeaVote(db.Model):
    """A phone's upvote of an idea: one per phone and idea."""

    __tablename__ = "idea_votes"
    __table_args__ = (sa.UniqueConstraint("idea_id", "participant_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    idea_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("ideas.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
