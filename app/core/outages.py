"""Parts of a deployment that may fail while the app keeps serving.

Each part (the database, a Redis) says once that it went away, what that means
for residents and staff, and once that it is back, with how long it was gone:
an operator reads two lines per outage, not a traceback per answer. The health
endpoint reads the same state.
"""

import logging
import threading
import time

from flask import Flask

logger = logging.getLogger(__name__)

#: while a part is down, whoever could use it asks it again at most this often
PROBE_SECONDS = 2.0


class Outage:
    """The state of one part: up, or down since when and why."""

    def __init__(self, part: str, effect: str):
        self.part = part
        self.effect = effect
        self._lock = threading.Lock()
        self.since: float | None = None
        self.reason = ""
        self._probed = 0.0

    @property
    def is_down(self) -> bool:
        return self.since is not None

    def down(self, error: BaseException, reason: str = "unreachable") -> None:
        """Note that the part failed; warn only when it was up until now."""
        with self._lock:
            first = self.since is None
            if first:
                self.since = time.monotonic()
            self.reason = reason
            self._probed = time.monotonic()
        if first:
            logger.warning(
                "%s %s (%s): %s. It is tried again by itself.",
                self.part,
                reason,
                describe(error),
                self.effect,
            )

    def up(self, only: str | None = None) -> None:
        """Note that the part works (if `only`: works again after failing for
        that reason); say so once after an outage."""
        if self.since is None:  # the usual case: one attribute read
            return
        with self._lock:
            if only is not None and self.reason != only:
                return
            since, self.since = self.since, None
        if since is not None:
            logger.info("%s is back after %.0f s", self.part, time.monotonic() - since)

    def probe_due(self) -> bool:
        """While down: whether it is time to try the part again (and claim it)."""
        with self._lock:
            if time.monotonic() - self._probed < PROBE_SECONDS:
                return False
            self._probed = time.monotonic()
            return True

    def state(self) -> str:
        return self.reason if self.is_down else "ok"


def describe(error: BaseException) -> str:
    """Name an error by its type and first line, without what it was writing.

    Database errors hide their parameters (app.database); the first line of the
    driver's message says what failed ("Connection refused", "disk is full").
    """
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0][:160]
    name = type(original).__name__
    return f"{name}: {first_line}" if first_line else name


class Outages:
    """Every part of one app, by name."""

    def __init__(self):
        self._parts: dict[str, Outage] = {}
        self._lock = threading.Lock()

    def part(self, name: str, label: str, effect: str) -> Outage:
        with self._lock:
            if name not in self._parts:
                self._parts[name] = Outage(label, effect)
            return self._parts[name]

    def database(self) -> Outage:
        return self.part(
            "database",
            "Database",
            "answers and changes are refused with 503 and Retry-After; phones "
            "keep their answers and send them again",
        )

    def redis(self, url: str) -> Outage:
        """One Redis, whatever it serves: one warning when it goes away."""
        return self.part(
            f"redis:{url}",
            "Redis (message queue)",
            "live updates reach only the phones and screens of this process, and "
            "the results window and the join and login counters are kept in this "
            "process until Redis is back; answers are stored as usual",
        )


def of(app: Flask) -> Outages:
    """Return the app's outages, made on first use."""
    return app.extensions.setdefault("outages", Outages())
