"""Every phone's budget of answers, counted by the process that serves the phone.

One phone flooding the server is refused (429 with Retry-After) while the
venue's other phones, behind the same address, go on answering; the phone keeps
a refused answer and sends it again after the wait.

The count lives in the serving process's memory: Socket.IO needs a sticky load
balancer, so each phone talks to one process, and an answer costs no round trip
to a shared store. A phone moved to another process (a restart) starts afresh.
"""

from datetime import UTC, datetime
from functools import lru_cache, wraps

from flask import Flask, current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from app.meetings.participant import phone_token_hash

SCOPE = "phone-writes"


def init_app(app: Flask) -> None:
    app.extensions["phone_budget"] = FixedWindowRateLimiter(MemoryStorage())


@lru_cache(maxsize=8)
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def _phone_key() -> str:
    hashed = phone_token_hash()
    return "phone:" + hashed[:32] if hashed else get_remote_address()


def phone_writes(view):
    """Count a write against the phone's budget (PHONE_WRITE_LIMIT); 429 when spent."""

    @wraps(view)
    def counted(*args, **kwargs):
        budget = current_app.extensions["phone_budget"]
        limit = _limit(current_app.config["PHONE_WRITE_LIMIT"])
        key = _phone_key()
        if not budget.hit(limit, SCOPE, key):
            reset_at, _remaining = budget.get_window_stats(limit, SCOPE, key)
            raise TooManyRequests(retry_after=datetime.fromtimestamp(reset_at, UTC))
        return view(*args, **kwargs)

    return counted
