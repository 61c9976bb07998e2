"""Every phone's budget of answers, counted by the process that serves the phone.

One phone flooding the server is refused (429 with Retry-After) while the
venue's other phones, behind the same address, go on answering; the phone keeps
a refused answer and sends it again after the wait.

The count lives in the serving process's memory: Socket.IO needs a sticky load
balancer, so each phone talks to one process, and an answer costs no round trip
to a shared store. A phone moved to another process (a restart) starts afresh.
"""

import math
import time
from collections.abc import Callable
from functools import lru_cache, wraps

from flask import Flask, current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from werkzeug.exceptions import TooManyRequests

from app.meetings.phones import phone_token_hash


class Budgets:
    """Fixed windows of writes per phone, in this process's memory.

    A phone's window starts with its first write and lasts the limit's period.
    Windows that ended are swept once a period, so memory follows the phones of
    the last period. (limits' MemoryStorage does the same with a timer thread
    started every 10 ms while any key lives, walking every key each time.)
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._swept = clock()

    def spend(self, key: str, limit: RateLimitItem) -> float:
        """Count one write; return 0 if it fits, else the seconds until it would."""
        now = self._clock()
        period = limit.get_expiry()
        if now - self._swept >= period:
            self._sweep(now, period)
        started, spent = self._windows.get(key, (now, 0))
        if now - started >= period:
            started, spent = now, 0
        if spent >= limit.amount:
            return started + period - now
        self._windows[key] = (started, spent + 1)
        return 0

    def __len__(self) -> int:
        """How many phones this process holds a window for."""
        return len(self._windows)

    def _sweep(self, now: float, period: float) -> None:
        self._windows = {
            key: window
            for key, window in self._windows.items()
            if now - window[0] < period
        }
        self._swept = now


def init_app(app: Flask) -> None:
    app.extensions["phone_budget"] = Budgets()


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
        limit = _limit(current_app.config["PHONE_WRITE_LIMIT"])
        wait = current_app.extensions["phone_budget"].spend(_phone_key(), limit)
        if wait:
            raise TooManyRequests(retry_after=math.ceil(wait))
        return view(*args, **kwargs)

    return counted
