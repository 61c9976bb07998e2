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
#: how long a part must stay up before the log says it is back
STEADY_SECONDS = 2.0


class Outage:
    """The state of one part: up, or down since when and why.

    Whoever uses the part sees it up again at its first success. The log says
    it is back only once it stayed up for a moment (STEADY_SECONDS): a disk that
    is nearly full, or a database still starting, fails and works by turns, and
    that is one outage, not one per turn.
    """

    def __init__(self, part: str, effect: str):
        self.part = part
        self.effect = effect
        self._lock = threading.Lock()
        self.since: float | None = None
        self.reason = ""
        self._probed = 0.0
        #: the outage the log has not yet said is over: (since, came up at)
        self._ending: tuple[float, float] | None = None
        #: how often the part went down: a connection older than the last
        #: time is likely dead (app.group_commit)
        self.failures = 0

    @property
    def is_down(self) -> bool:
        return self.since is not None

    def down(self, error: BaseException, reason: str = "unreachable") -> None:
        """Note that the part failed; warn only when a new outage starts."""
        now = time.monotonic()
        with self._lock:
            new = self.since is None and self._ending is None
            if self.since is None:
                self.since = self._ending[0] if self._ending else now
                self.failures += 1
            self._ending = None  # failing again: the same outage goes on
            self.reason = reason
            self._probed = now
        if new:
            logger.warning(
                "%s %s (%s): %s. It is tried again by itself.",
                self.part,
                reason,
                describe(error),
                self.effect,
            )

    def up(self, only: str | None = None) -> None:
        """Note that the part works (if `only`: works again after failing for
        that reason); the log says so once it stayed up for a moment."""
        if self.since is None:  # the usual case: one attribute read
            return
        with self._lock:
            if self.since is None or (only is not None and self.reason != only):
                return
            ending = self._ending = (self.since, time.monotonic())
            self.since = None
        timer = threading.Timer(STEADY_SECONDS, self._say_back, args=(ending,))
        timer.daemon = True
        timer.start()

    def _say_back(self, ending: tuple[float, float]) -> None:
        with self._lock:
            if self._ending is not ending:  # it failed again meanwhile
                return
            self._ending = None
        since, came_up = ending
        logger.info("%s is back after %.0f s", self.part, came_up - since)

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
            "Redis",
            "live updates reach only the phones and screens of this process, and "
            "the results window and the join and login counters are kept in this "
            "process until Redis is back; answers are stored as usual",
        )


def of(app: Flask) -> Outages:
    """Return the app's outages, made on first use."""
    return app.extensions.setdefault("outages", Outages())
