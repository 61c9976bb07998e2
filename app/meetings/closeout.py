"""After the meeting: the close-out record (attendance, organisations, minutes,
follow-ups) and the everyone-counted meter it shares the head count with."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.meetings import kinds, logic
from app.meetings.models import Meeting, Participant, StepState
from app.timeutil import utcnow

MAX_HEAD_COUNT = 100_000


class MeetingRecord(db.Model):
    """What the facilitator records about a meeting: never a resident's name."""

    __tablename__ = "meeting_records"
    __table_args__ = (
        sa.CheckConstraint(
            f"head_count IS NULL OR head_count BETWEEN 0 AND {MAX_HEAD_COUNT}",
            name="head_count_sensible",
        ),
    )

    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    #: the people in the room, counted by the facilitator
    head_count: so.Mapped[int | None]
    organisations: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    minutes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    follow_ups: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<MeetingRecord {self.meeting_id}>"


def record_of(meeting: Meeting) -> MeetingRecord | None:
    """Return the meeting's close-out record, if anything was recorded."""
    return db.session.get(MeetingRecord, meeting.id)


def _record_for(meeting: Meeting) -> MeetingRecord:
    record = record_of(meeting)
    if record is None:
        record = MeetingRecord(
            meeting_id=meeting.id, organisations="", minutes="", follow_ups=""
        )
        db.session.add(record)
    return record


def set_head_count(meeting: Meeting, head_count: int | None) -> None:
    """Remember how many people are in the room (None: not counted)."""
    record = _record_for(meeting)
    record.head_count = head_count
    record.updated_at = utcnow()
    db.session.flush()


def save_record(meeting: Meeting, data: dict) -> MeetingRecord:
    """Store the close-out record: head count, organisations, minutes, follow-ups."""
    record = _record_for(meeting)
    record.head_count = data.get("head_count")
    for name in ("organisations", "minutes", "follow_ups"):
        setattr(record, name, (data.get(name) or "").strip())
    record.updated_at = utcnow()
    db.session.flush()
    return record


def households_of(meeting: Meeting) -> int:
    """Return every household of the meeting: phones and those entered by hand."""
    return db.session.scalar(
        sa.select(sa.func.count(Participant.id)).where(
            Participant.meeting_id == meeting.id
        )
    )


def meter_of(meeting: Meeting) -> logic.Meter:
    """Count who had a say: per started step that takes answers, and in all."""
    answered = {
        step.id: views.respondents(step)
        for step in meeting.steps
        if (views := kinds.views_for(step.kind)).respondents is not None
        and step.state != StepState.PENDING
    }
    record = record_of(meeting)
    return logic.meter(
        answered,
        households=households_of(meeting),
        present=record.head_count if record else None,
    )
