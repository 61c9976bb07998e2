"""A meeting's poll counts, stored once the meeting can no longer change them.

What app/groups/poll_figures.py counts for a meeting is kept in the process
and also stored here with the meeting's fingerprint, so a new process, a
restart or another process of a scale-out reads five years of counts instead
of counting them again. Counts only: no answer, no participant.
"""

import hashlib

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


class MeetingFigure(db.Model):
    __tablename__ = "meeting_figures"

    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    #: "answers" (per measure and horizon) or "planning" (households)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), primary_key=True)
    #: what the meeting was when counted (app.groups.poll_figures._fingerprints)
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))
    counts: so.Mapped[list] = so.mapped_column(sa.JSON)


def digest(fingerprint: tuple) -> str:
    return hashlib.sha256(repr(fingerprint).encode()).hexdigest()


def stored(kind: str, fingerprints: dict[int, str]) -> dict[int, list]:
    """Return the stored counts of these meetings whose fingerprint still holds."""
    rows = db.session.execute(
        sa.select(
            MeetingFigure.meeting_id, MeetingFigure.fingerprint, MeetingFigure.counts
        ).where(
            MeetingFigure.kind == kind,
            MeetingFigure.meeting_id.in_(list(fingerprints)),
        )
    )
    return {m: counts for m, held, counts in rows if fingerprints[m] == held}


def store(kind: str, counted: dict[int, tuple[str, list]]) -> None:
    """Store (fingerprint, counts) per meeting, replacing what was stored."""
    if not counted:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(MeetingFigure)
    statement = statement.on_conflict_do_update(
        index_elements=[MeetingFigure.meeting_id, MeetingFigure.kind],
        set_={
            "fingerprint": statement.excluded.fingerprint,
            "counts": statement.excluded.counts,
        },
    )
    db.session.execute(
        statement,
        [
            {"meeting_id": m, "kind": kind, "fingerprint": f, "counts": c}
            for m, (f, c) in counted.items()
        ],
    )
