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
        #: windows this process holds, and changes made here since its last send
        self._holding: set[str] = set()
        self._dirty: set[str] = set()
        self._lock = threading.Lock()
        self._claim_or_mark = redis.register_script(_CLAIM_OR_MARK)

    def request(self, room: str, event: str, data) -> None:
        name = f"{room}|{event}"
        self._latest[name] = data
        with self._lock:
            if name in self._holding:  # our own catch-up sends it: no round trip
                self._dirty.add(name)
                return
        claimed = self._claim_or_mark(
            keys=[f"kt:window:{name}", f"kt:dirty:{name}"], args=[self._claim_ms]
        )
        if claimed:
            self._holding.add(name)
            self._emit(room, event, data)
            socketio.start_background_task(self._catch_up, room, event)

    def _claim(self, name: str) -> bool:
        return bool(self._redis.set(f"kt:window:{name}", 1, nx=True, px=self._claim_ms))

    def _take_dirty(self, name: str) -> bool:
        """Return whether anything changed, here or elsewhere, since the last send."""
        with self._lock:
            here = name in self._dirty
            self._dirty.discard(name)
        elsewhere = self._redis.getdel(f"kt:dirty:{name}")
        return here or bool(elsewhere)

    def _catch_up(self, room: str, event: str) -> None:
        try:
            self._send_while_changing(room, event)
        finally:  # however it ends, the next change here claims the window anew
            with self._lock:
                self._holding.discard(f"{room}|{event}")

    def _send_while_changing(self, room: str, event: str) -> None:
        name = f"{room}|{event}"
        window = f"kt:window:{name}"
        while True:
            socketio.sleep(self.window)
            if self._take_dirty(name):
                self._redis.pexpire(window, self._claim_ms)
                self._emit(room, event, self._latest[name])
                continue
            with self._lock:
                self._holding.discard(name)
            self._redis.delete(window)
            # A change that slipped in between must not be left unsent.
            if not self._take_dirty(name) or not self._claim(name):
                return
            self._holding.add(name)
            self._emit(room, event, self._latest[name])


#: claim a room's window (1), or, when another process holds it, mark the room
#: dirty for that process to send (0): one round trip either way
_CLAIM_OR_MARK = """
if redis.call('SET', KEYS[1], 1, 'NX', 'PX', ARGV[1]) then return 1 end
redis.call('SET', KEYS[2], 1, 'PX', ARGV[1])
return 0
"""


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
