"""The screen link: a secret address of a meeting's projector screen, so the
screen needs no staff login on a shared laptop. Its table and its services
(which flush; the view commits)."""

import logging
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.meetings.models import Meeting
from app.timeutil import utcnow
from app.tokens import new_token

logger = logging.getLogger(__name__)


class ScreenLink(db.Model):
    """A secret address that shows a meeting's projector screen without a login.

    It shows only what the room sees on the screen; revoking it deletes the row,
    so the address answers 404 from then on. The token is kept as it is (like
    the QR token, and what it opens is on the wall anyway), so the facilitator
    can copy the link again later.
    """

    __tablename__ = "screen_links"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    meeting: so.Mapped[Meeting] = so.relationship()

    def __repr__(self) -> str:
        return f"<ScreenLink {self.id}>"


#: the longest token worth looking up (new_token() makes 32 characters)
MAX_TOKEN = 64


def link_of(meeting: Meeting) -> ScreenLink | None:
    """Return the meeting's live screen link, if it has one."""
    return db.session.scalar(
        sa.select(ScreenLink).where(ScreenLink.meeting_id == meeting.id)
    )


def create_link(meeting: Meeting) -> ScreenLink:
    """Give the meeting a screen link; one that exists stays as it is."""
    link = link_of(meeting)
    if link is None:
        link = ScreenLink(meeting_id=meeting.id, token=new_token())
        db.session.add(link)
        db.session.flush()
        logger.info("Screen link %s made for %s", link.id, meeting)
    return link


def revoke_link(meeting: Meeting) -> int | None:
    """Delete the meeting's screen link; return its id (None if it had none)."""
    link = link_of(meeting)
    if link is None:
        return None
    link_id = link.id
    db.session.delete(link)
    db.session.flush()
    logger.info("Screen link %s of %s revoked", link_id, meeting)
    return link_id


def link_by_token(token: str) -> ScreenLink | None:
    """Return the live screen link with this token."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return db.session.scalar(sa.select(ScreenLink).where(ScreenLink.token == token))
