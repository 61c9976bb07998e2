"""The measures of a poll step and each household's answer per measure."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.meetings.models import Participant, Step, in_values
from app.polls.catalogue import BY_KEY, CUSTOM_ICON
from app.polls.logic import Barrier, Horizon
from app.timeutil import utcnow

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "poll"


class PollMeasure(db.Model):
    __tablename__ = "poll_measures"
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
    #: a measure from the catalogue (translated name and pictogram) ...
    catalogue_key: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    #: ... or one the facilitator typed, shown as typed
    custom_name: so.Mapped[str | None] = so.mapped_column(sa.String(80))

    step: so.Mapped[Step] = so.relationship()

    @property
    def name(self) -> str:
        """Return the name in the current language (custom names as typed)."""
        if self.catalogue_key:
            return str(BY_KEY[self.catalogue_key].name)
        return self.custom_name or ""

    @property
    def icon(self) -> str:
        """Return the name of its pictogram (app/icons.py): the catalogue key's own."""
        return self.catalogue_key or CUSTOM_ICON

    def __repr__(self) -> str:
        return f"<PollMeasure {self.id}>"


class PollAnswer(db.Model):
    __tablename__ = "poll_answers"
    __table_args__ = (
        sa.UniqueConstraint("measure_id", "participant_id"),
        sa.CheckConstraint(in_values("horizon", Horizon), name="horizon_known"),
        sa.CheckConstraint(
            f"barrier IS NULL OR {in_values('barrier', Barrier)}", name="barrier_known"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    measure_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("poll_measures.id", ondelete="CASCADE"), index=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    horizon: so.Mapped[str] = so.mapped_column(sa.String(16))
    barrier: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    #: the phone's key for the last write: a retry with it changes nothing
    client_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    measure: so.Mapped[PollMeasure] = so.relationship()
    participant: so.Mapped[Participant] = so.relationship()
