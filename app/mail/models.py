"""The outbox: one row per message to a household, until it is sent.

A row holds what the message says, never the address: that is read from the
sign-up when the message is sent, so a withdrawn sign-up (whose rows go with
it) leaves nothing behind. Once sent, the texts are cleared; the sign-up
message carried the private link's token, which is stored nowhere else.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.mail.logic import Kind
from app.meetings.models import in_values
from app.timeutil import utcnow


class OutboxMessage(db.Model):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        sa.CheckConstraint(in_values("kind", Kind), name="kind_known"),
        sa.CheckConstraint("attempts >= 0", name="attempts_counted"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    signup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(12))
    #: the language the message is written in: the household's own
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    #: the Message-ID header: a message sent twice is recognisably one message
    message_id: so.Mapped[str] = so.mapped_column(sa.String(255), unique=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(255))
    #: the texts as rendered when the message was queued; cleared once sent
    body_text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str | None] = so.mapped_column(sa.Text)
    unsubscribe_url: so.Mapped[str | None] = so.mapped_column(sa.String(512))
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    #: when a process may next take it; NULL once there is nothing more to try
    #: (sent, given up, or handed to the server with no answer heard)
    next_attempt_at: so.Mapped[datetime | None] = so.mapped_column(index=True)
    #: the take of the process sending it now: only that one marks the outcome
    claim: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    #: when its content went to the SMTP server: from then on it is never
    #: sent again by itself (at most once after the server may have accepted it)
    handed_over_at: so.Mapped[datetime | None]
    sent_at: so.Mapped[datetime | None]
    #: the class of the last failure (never its message, which may name the address)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    signup = so.relationship("Signup", lazy="joined")
