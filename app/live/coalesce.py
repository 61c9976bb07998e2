"""Coalesce results broadcasts: at most one per room per window.

Broadcasting on every answer is O(n²) with n phones; here the first change in a
quiet room goes out at once, and everything after it within the window becomes
a single catch-up broadcast at the window's end.
"""

import threading
import time
from collections.abc import Callable
from enum import Enum

from flask import Flask, current_app

from app.extensions import socketio


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
        self._last_sent: dict[str, float] = {}
        self._pending: dict[str, tuple[str, dict]] = {}

    def request(self, room: str, event: str, data) -> None:
        """Ask for a broadcast of event/data to room, coalesced.

        `data` may be a callable: it is then called only when a broadcast goes
        out, so a burst of changes costs one payload, not one per change.
        """
        now = time.monotonic()
        with self._lock:
            decision = decide(
                now, self._last_sent.get(room), room in self._pending, self.window
            )
            if decision is Decision.SEND:
                self._last_sent[room] = now
            else:
                self._pending[room] = (event, data)
        if decision is Decision.SEND:
            self._emit(room, event, data)
        elif decision is Decision.SCHEDULE:
            delay = self._last_sent[room] + self.window - now
            socketio.start_background_task(self._catch_up, room, delay)

    def _catch_up(self, room: str, delay: float) -> None:
        socketio.sleep(max(delay, 0))
        with self._lock:
            event, data = self._pending.pop(room)
            self._last_sent[room] = time.monotonic()
        self._emit(room, event, data)


def _emit(room: str, event: str, data) -> None:
    socketio.emit(event, data() if callable(data) else data, to=room)


def init_app(app: Flask) -> None:
    """Give the app its coalescer: ≈200 ms keeps screens live without flooding."""
    app.extensions["results_coalescer"] = Coalescer(
        window=app.config["RESULTS_WINDOW_SECONDS"], emit=_emit
    )


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
