"""Queue a message to a household: what other parts call.

Queuing only adds a row to the caller's transaction: the caller commits it
with the change the message is about, and a mail server that is away never
fails that change. Sending happens later, outside the request
(app.mail.worker). Without MAIL_SERVER nothing is queued.
"""

import logging
from email.utils import make_msgid

from flask import current_app

from app.extensions import db
from app.mail import letters, links, logic
from app.mail.logic import Kind
from app.mail.models import OutboxMessage
from app.timeutil import utcnow

logger = logging.getLogger(__name__)


def enabled() -> bool:
    """Return whether this app sends mail at all (MAIL_SERVER is set)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def sender_domain() -> str:
    """Return the domain of the sender's address, for Message-IDs."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.rpartition("@")[2].strip(" >") or "localhost"


def _queue(signup, kind: Kind, context: dict) -> OutboxMessage | None:
    if not enabled() or not logic.wants(
        kind, email=signup.email, consent_news=signup.consent_news
    ):
        return None
    if missing := logic.missing_context(kind, context):
        raise ValueError(f"a {kind} message needs {', '.join(sorted(missing))}")
    unsubscribe = links.unsubscribe_url(signup)
    letter = letters.compose(
        kind,
        language=signup.language,
        municipality=signup.municipality.name,
        unsubscribe_url=unsubscribe,
        **context,
    )
    text, html = letters.render(letter)
    message = OutboxMessage(
        signup_id=signup.id,
        kind=kind.value,
        language=signup.language,
        message_id=make_msgid(domain=sender_domain()),
        subject=letter.subject,
        body_text=text,
        body_html=html,
        unsubscribe_url=unsubscribe,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    logger.info("Mail %s (%s) queued for sign-up %s", message.id, kind, signup.id)
    return message


def queue_signup(signup, private_link: str) -> OutboxMessage | None:
    """Queue the message with a new sign-up's private link; return it, or None
    when the household gets no mail (no address, or no MAIL_SERVER).

    Call it in the request that made the sign-up: the link's token exists only
    there. The caller commits.
    """
    return _queue(signup, Kind.SIGNUP, {"link": private_link})


def queue_news(signup, kind: str, **context) -> OutboxMessage | None:
    """Queue news of an offer or a status change for a household; return the
    message, or None when the household gets no such mail (no address, news
    not consented to or unsubscribed, or no MAIL_SERVER). The caller commits.

    ``kind="offer"`` needs ``measure_key`` (the group's measure, a catalogue
    key); ``kind="status"`` needs ``measure_key`` and ``status_label`` (the new
    status's label: a lazy string is written in the household's language).
    """
    if kind not in logic.NEWS_KINDS:
        raise ValueError(f"not a kind of news: {kind!r}")
    return _queue(signup, Kind(kind), context)
