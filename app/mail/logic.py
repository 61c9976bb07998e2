"""Pure rules of the outbox: who gets which message, and when to try again."""

import enum
from datetime import timedelta


class Kind(enum.StrEnum):
    """What a message is about."""

    SIGNUP = "signup"  #: the private link, right after signing up
    OFFER = "offer"  #: the household's purchase group has an offer
    STATUS = "status"  #: the household's status in its group changed


#: the kinds other parts queue through app.mail.outbox.queue_news
NEWS_KINDS = frozenset({Kind.OFFER, Kind.STATUS})
#: what each kind's text needs besides the sign-up (queue_news(**context))
CONTEXT = {
    Kind.SIGNUP: frozenset({"link"}),
    Kind.OFFER: frozenset({"measure_key"}),
    Kind.STATUS: frozenset({"measure_key", "status_label"}),
}
#: tries before a message is given up (over a day and a half of waits below)
MAX_ATTEMPTS = 14
#: the first wait after a failed try, doubled after each next one, up to a cap
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
#: how long one process holds a message it took before another may take it;
#: far longer than one SMTP conversation can take (a few timeouts)
LEASE = timedelta(minutes=5)


def wants(kind: str, *, email: str | None, consent_news: bool) -> bool:
    """Return whether a household gets a message of this kind by e-mail.

    Only a household that gave an address gets mail. The sign-up message goes
    to every one of them (signing up at all needs the consent to be contacted
    about the group purchase); news of offers and statuses only to those who
    consented to news, which the unsubscribe link withdraws.
    """
    if not email:
        return False
    return kind == Kind.SIGNUP or (kind in NEWS_KINDS and consent_news)


def missing_context(kind: str, given) -> frozenset[str]:
    """Return the context a kind's text needs that was not given."""
    return CONTEXT[Kind(kind)] - frozenset(given)


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after the given number of failed tries."""
    doubling = max(attempts - 1, 0)
    if doubling > 20:  # far past the cap, and 2**n would only grow
        return LONGEST_DELAY
    return min(FIRST_DELAY * 2**doubling, LONGEST_DELAY)


def gives_up(attempts: int, smtp_code: int | None) -> bool:
    """Return whether a failed try is the last: the server refused for good
    (a 5xx reply, such as an unknown address) or the tries are used up."""
    permanent = smtp_code is not None and 500 <= smtp_code < 600
    return permanent or attempts >= MAX_ATTEMPTS
