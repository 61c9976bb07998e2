"""Send what the outbox holds: in every serving process, and `flask mail send`.

Exactly once, across several processes: a process first takes a message with
one conditional UPDATE (of two processes taking the same row, only one
changes it) and commits that before it talks to the server. Its take is a
lease: should it die before the hand-over, another process takes the message
again once the lease ran out. Just before the content goes to the server, the
process records the hand-over (again only if the take is still its own); from
then on the message is never sent again by itself. Should the process die, or
the connection break, between the hand-over and the server's answer, the
message counts as handed over and is not retried: at most once after the
server may have accepted it, rather than a household getting it twice or
more. Such a message keeps handed_over_at without sent_at, and its
Message-ID makes a copy recognisable should it be sent again by hand.

A failed try that the server clearly refused waits longer each time (see
logic.retry_delay) until the tries are used up or the server refused for good.
Logs name the message and the class of an error, never the address or text.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app

from app.background import ProcessLoop
from app.extensions import db
from app.mail import logic, smtp
from app.mail.models import OutboxMessage
from app.mail.outbox import enabled
from app.timeutil import utcnow

logger = logging.getLogger(__name__)

#: messages one pass looks at; the next pass takes the rest
BATCH = 50


@dataclass
class Drained:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0  #: taken by another process first


def due_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Return the ids of messages that may be sent now, oldest first."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def _mark(message_id: int, claim: str, **values) -> bool:
    """Change a message only while the take is still this one; commit."""
    changed = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim == claim)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return changed.rowcount == 1


def claim(message_id: int, now: datetime) -> str | None:
    """Take a due message for this process; return the take, or None when
    another process has it (or it was sent, given up or withdrawn)."""
    token = uuid.uuid4().hex
    taken = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.handed_over_at.is_(None),
        )
        .values(
            claim=token,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now + logic.LEASE,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return token if taken.rowcount == 1 else None


def _failed(row: OutboxMessage, token: str, error: Exception, now: datetime) -> None:
    """Record a failed try that nothing was accepted in: wait and try again,
    or give up."""
    refused = isinstance(error, smtp.Refused)
    cause = error.cause if refused else type(error).__name__
    last = logic.gives_up(row.attempts, error.code if refused else None)
    when = None if last else now + logic.retry_delay(row.attempts)
    _mark(
        row.id,
        token,
        next_attempt_at=when,
        handed_over_at=None,
        last_error=cause[:64],
    )
    logger.warning(
        "Mail %s not sent (try %s, %s)%s",
        row.id,
        row.attempts,
        cause,
        ": given up" if last else "",
    )


def _handed_over(message_id: int) -> bool:
    """Return whether a message's hand-over to the server was recorded."""
    db.session.rollback()
    handed = db.session.scalar(
        sa.select(OutboxMessage.handed_over_at).where(OutboxMessage.id == message_id)
    )
    return handed is not None


def _still_wanted(row: OutboxMessage) -> str | None:
    """Return why a taken message is not to be sent after all, if it is not."""
    signup = row.signup
    if not signup.email:
        return "NoAddress"
    if not logic.wants(row.kind, email=signup.email, consent_news=signup.consent_news):
        return "Unsubscribed"  # news withdrawn since it was queued
    return None


def deliver(message_id: int, now: datetime | None = None) -> bool | None:
    """Take one message and send it; return True when the server accepted it,
    False when it was not sent, None when another process had it."""
    now = now or utcnow()
    token = claim(message_id, now)
    if token is None:
        return None
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if reason := _still_wanted(row):
        _mark(row.id, token, next_attempt_at=None, last_error=reason)
        logger.info("Mail %s (%s) dropped: %s", row.id, row.kind, reason)
        return False
    config = current_app.config
    recipient = row.signup.email
    message = smtp.build(row, recipient, config["MAIL_DEFAULT_SENDER"])

    def handing_over() -> bool:
        return _mark(row.id, token, handed_over_at=utcnow(), next_attempt_at=None)

    try:
        connection = smtp.connect(config)
        try:
            accepted = smtp.transmit(connection, message, recipient, handing_over)
        finally:
            smtp.close(connection)
    except smtp.Refused as refused:  # the server said no: nothing was accepted
        _failed(row, token, refused, now)
        return False
    except Exception as error:
        if not _handed_over(row.id):
            _failed(row, token, error, now)
            return False
        _mark(row.id, token, last_error=type(error).__name__[:64])
        logger.warning(
            "Mail %s handed over without an answer (%s): not sent again",
            row.id,
            type(error).__name__,
        )
        return False
    if not accepted:
        return None  # the lease ran out meanwhile: another process has it
    _mark(
        row.id,
        token,
        sent_at=utcnow(),
        last_error=None,
        body_text=None,
        body_html=None,
        unsubscribe_url=None,
    )
    logger.info("Mail %s (%s) sent", row.id, row.kind)
    return True


def drain_once(now: datetime | None = None) -> Drained:
    """Send every message that is due now, once each; return what happened."""
    now = now or utcnow()
    done = Drained()
    for message_id in due_ids(now):
        outcome = deliver(message_id, now)
        if outcome is None:
            done.skipped += 1
        elif outcome:
            done.sent += 1
        else:
            done.failed += 1
    return done


def init_app(app: Flask) -> None:
    """Start sending mail in this process with the first request it serves,
    when the app sends mail at all and this process is to send it."""
    config = app.config
    worker = app.extensions["mail_worker"] = ProcessLoop(
        app,
        lambda: drain_once() if enabled() else None,
        period=lambda: config["MAIL_WORKER_PERIOD"],
        wanted=lambda: bool(config["MAIL_SERVER"] and config["MAIL_WORKER"]),
        log=logger,
        failing="The outbox cannot be read for now (%s)",
        recovered="The outbox is read again",
    )
    worker.start_with_first_request()
