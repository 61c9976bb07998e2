"""Coalesce results broadcasts: at most one per room per window.

Broadcasting on every answer is O(n²) with n phones; here the first change in a
quiet room goes out at once, and everything after it within the window becomes
a single catch-up broadcast at the window's end.
"""

import logging
import threading
import time
from collections.abc import Callable
from enum import Enum

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import socketio

logger = logging.getLogger(__name__)


class Decision(Enum):
    SEND = "send"
    SCHEDULE = "schedule"
    JOIN = "join"  # a catch-up is already scheduled and will carry this change


def decide(
    now: float, last_sent: float | None, scheduled: bool, window: float
) -> Decision:
    """Return what to do with a change in a room (pure, for tests)."""
    if scheduled:
        return Decision.JOIN
    if last_sent is None or now - last_sent >= window:
        return Decision.SEND
    return Decision.SCHEDULE


class Coalescer:
    def __init__(self, window: float, emit: Callable[[str, str, dict], None]):
        self.window = window
        self._emit = emit
        self._lock = threading.Lock()
        self._last_sent: dict[tuple[str, str], float] = {}
        self._pending: dict[tuple[str, str], object] = {}

    def request(self, room: str, event: str, data) -> None:
        """Ask for a broadcast of event/data to room, coalesced.

        `data` may be a callable: it is then called only when a broadcast goes
        out, so a burst of changes costs one payload, not one per change.
        """
        now = time.monotonic()
        key = (room, event)  # one window per kind of message, so none is lost
        with self._lock:
            decision = decide(
                now, self._last_sent.get(key), key in self._pending, self.window
            )
            if decision is Decision.SEND:
                self._last_sent[key] = now
            else:
                self._pending[key] = data
        if decision is Decision.SEND:
            self._emit(room, event, data)
        elif decision is Decision.SCHEDULE:
            delay = self._last_sent[key] + self.window - now
            socketio.start_background_task(self._catch_up, key, delay)

    def _catch_up(self, key: tuple[str, str], delay: float) -> None:
        socketio.sleep(max(delay, 0))
        with self._lock:
            data = self._pending.pop(key)
            self._last_sent[key] = time.monotonic()
        room, event = key
        self._emit(room, event, data)


class SharedCoalescer:
    """The same window, shared by every server process through Redis.

    The process whose SET NX claims a room's window broadcasts at once and keeps
    the claim while changes keep coming, sending one catch-up per window; the
    other processes only mark the room dirty. So the screen gets no more
    broadcasts from several processes than from one. The claim expires by
    itself should its process die.
    """

    def __init__(self, window: float, emit: Callable[[str, str, object], None], redis):
        self.window = window
        self._emit = emit
        self._redis = redis
        self._claim_ms = max(1000, int(window * 5000))
        self._latest: dict[str, object] = {}

    def request(self, room: str, event: str, data) -> None:
        name = f"{room}|{event}"
        self._latest[name] = data
        if self._claim(name):
            self._emit(room, event, data)
            socketio.start_background_task(self._catch_up, room, event)
        else:
            self._redis.set(f"kt:dirty:{name}", 1, px=self._claim_ms)

    def _claim(self, name: str) -> bool:
        return bool(self._redis.set(f"kt:window:{name}", 1, nx=True, px=self._claim_ms))

    def _catch_up(self, room: str, event: str) -> None:
        name = f"{room}|{event}"
        window, dirty = f"kt:window:{name}", f"kt:dirty:{name}"
        while True:
            socketio.sleep(self.window)
            if self._redis.getdel(dirty):
                # Changes came in, here or elsewhere, since our last broadcast.
                self._redis.pexpire(window, self._claim_ms)
                self._emit(room, event, self._latest[name])
                continue
            self._redis.delete(window)
            # A change that slipped in between must not be left unsent.
            if not self._redis.getdel(dirty) or not self._claim(name):
                return
            self._emit(room, event, self._latest[name])


def _emit(room: str, event: str, data) -> None:
    try:
        payload = data() if callable(data) else data
    except SQLAlchemyError:
        # A screen refresh that cannot be computed now is skipped; the next
        # change sends a fresh one. Answers themselves are already committed.
        logger.exception("Results broadcast to %s skipped", room)
        return
    socketio.emit(event, payload, to=room)


def init_app(app: Flask) -> None:
    """Give the app its coalescer: ≈200 ms keeps screens live without flooding."""
    window = app.config["RESULTS_WINDOW_SECONDS"]
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    if queue and queue.startswith(("redis://", "rediss://")):
        import redis

        shared = redis.Redis.from_url(queue)
        app.extensions["results_coalescer"] = SharedCoalescer(window, _emit, shared)
    else:
        app.extensions["results_coalescer"] = Coalescer(window=window, emit=_emit)


def broadcast(room: str, event: str, data) -> None:
    """Ask for a coalesced results broadcast (call after the commit).

    A callable `data` runs in an app context of its own when the broadcast is
    sent, possibly later, from the catch-up task.
    """
    if callable(data):
        app = current_app._get_current_object()
        compute = data

        def data():
            with app.app_context():
                return compute()

    current_app.extensions["results_coalescer"].request(room, event, data)
