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

import redis as redis_client
from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from app import database
from app.core import outages
from app.extensions import socketio
from app.live.managers import redis_options

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
    def __init__(
        self,
        window: float,
        emit: Callable[[str, str, dict], None],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ):
        self.window = window
        self._emit = emit
        self._clock = clock
        self._sleep = sleep or socketio.sleep
        self._lock = threading.Lock()
        self._last_sent: dict[tuple[str, str], float] = {}
        self._pending: dict[tuple[str, str], object] = {}

    def request(self, room: str, event: str, data) -> None:
        """Ask for a broadcast of event/data to room, coalesced.

        `data` may be a callable: it is then called only when a broadcast goes
        out, so a burst of changes costs one payload, not one per change.
        """
        now = self._clock()
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
        self._sleep(max(delay, 0))
        with self._lock:
            data = self._pending.pop(key)
            self._last_sent[key] = self._clock()
        room, event = key
        self._emit(room, event, data)


class SharedCoalescer:
    """The same window, shared by every server process through Redis.

    The process whose SET NX claims a room's window broadcasts at once and keeps
    the claim while changes keep coming, sending one catch-up per window; the
    other processes only mark the room dirty. So the screen gets no more
    broadcasts from several processes than from one. The claim expires by
    itself should its process die.

    Redis takes a mark no sooner than a window after the holder last claimed or
    extended its claim, and a process that marks learns from the claim's time
    to live when that is. Until then further changes there need no mark of
    their own: the catch-up reads the tally after taking the mark, so it
    carries them too. So each process calls Redis about once per window, not
    once per change.

    While Redis is away each process keeps a window of its own (a Coalescer):
    its screens still hear its own changes, at most one broadcast per window.
    """

    def __init__(
        self,
        window: float,
        emit: Callable[[str, str, object], None],
        redis,
        outage: outages.Outage | None = None,
    ):
        self.window = window
        self.outage = outage or outages.Outages().redis("results window")
        self._here = Coalescer(window, emit)
        self._emit = emit
        self._window_ms = int(window * 1000)
        self._claim_ms = max(1000, 5 * self._window_ms)
        self._latest: dict[str, object] = {}
        #: windows this process holds, and changes made here since its last send
        self._holding: set[str] = set()
        self._dirty: set[str] = set()
        #: until when (monotonic) a mark made here is sure to wait in Redis
        self._marked_until: dict[str, float] = {}
        self._lock = threading.Lock()
        self._claim_or_mark = redis.register_script(_CLAIM_OR_MARK)
        self._take_or_release = redis.register_script(_TAKE_OR_RELEASE)

    def request(self, room: str, event: str, data) -> None:
        """Ask for a broadcast, in the shared window or, without Redis, here."""
        if self.outage.is_down and not self.outage.probe_due():
            self._here.request(room, event, data)
            return
        try:
            self._request_shared(room, event, data)
        except redis_client.RedisError as error:
            self.outage.down(error)
            self._here.request(room, event, data)
            return
        self.outage.up()

    def _request_shared(self, room: str, event: str, data) -> None:
        name = f"{room}|{event}"
        self._latest[name] = data
        asked = time.monotonic()
        with self._lock:
            if name in self._holding:  # our own catch-up sends it: no round trip
                self._dirty.add(name)
                return
            if asked < self._marked_until.get(name, 0):  # our mark carries it
                return
        if self._claim_or_mark_from(name, asked):
            self._emit(room, event, data)
            socketio.start_background_task(self._catch_up, room, event)

    def _keys(self, name: str) -> list[str]:
        return [f"kt:window:{name}", f"kt:dirty:{name}"]

    def _claim_or_mark_from(self, name: str, asked: float) -> bool:
        """Claim the window (True) or mark it dirty for its holder (False)."""
        claim_left_ms = self._claim_or_mark(
            keys=self._keys(name), args=[self._claim_ms]
        )
        with self._lock:
            if claim_left_ms < 0:
                self._holding.add(name)
                return True
            wait_ms = claim_left_ms - (self._claim_ms - self._window_ms)
            self._marked_until[name] = asked + (wait_ms - _CLOCK_SLACK_MS) / 1000
            return False

    def _catch_up(self, room: str, event: str) -> None:
        try:
            self._send_while_changing(room, event)
        except redis_client.RedisError as error:  # Redis went away: send what we hold
            self.outage.down(error)
            self._emit(room, event, self._latest[f"{room}|{event}"])
        finally:  # however it ends, the next change here claims the window anew
            with self._lock:
                self._holding.discard(f"{room}|{event}")

    def _send_while_changing(self, room: str, event: str) -> None:
        name = f"{room}|{event}"
        held_since = time.monotonic()
        while True:
            socketio.sleep(max(0.0, held_since + self.window - time.monotonic()))
            with self._lock:
                here = name in self._dirty
                self._dirty.discard(name)
            result = self._take_or_release(
                keys=self._keys(name),
                args=[self._claim_ms, self._window_ms, int(here)],
            )
            if result > 0:  # Redis's window is not over yet: wait for it
                if here:
                    with self._lock:
                        self._dirty.add(name)
                socketio.sleep(result / 1000)
                continue
            if result == 0:  # released; a change made here meanwhile claims anew
                with self._lock:
                    self._holding.discard(name)
                    here = name in self._dirty
                    self._dirty.discard(name)
                if not (here and self._claim_or_mark_from(name, time.monotonic())):
                    return
            held_since = time.monotonic()
            self._emit(room, event, self._latest[name])


#: a mark's wait is known to the millisecond, both ways
_CLOCK_SLACK_MS = 2

#: claim a room's window (-1), or, when another process holds it, mark the room
#: dirty for that process to send and return the claim's time to live in ms:
#: one round trip either way
_CLAIM_OR_MARK = """
if redis.call('SET', KEYS[1], 1, 'NX', 'PX', ARGV[1]) then return -1 end
redis.call('SET', KEYS[2], 1, 'PX', ARGV[1])
return redis.call('PTTL', KEYS[1])
"""

#: for the holder, a window after it claimed: the ms still to wait (> 0); or,
#: when the room changed here (ARGV[3]) or elsewhere, take the marks and extend
#: the claim (-1); or else release the window (0)
_TAKE_OR_RELEASE = """
local early = redis.call('PTTL', KEYS[1]) - (ARGV[1] - ARGV[2])
if early > 0 then return early end
if redis.call('GETDEL', KEYS[2]) or ARGV[3] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return -1
end
redis.call('DEL', KEYS[1])
return 0
"""


def _emitter(app: Flask) -> Callable[[str, str, object], None]:
    database_outage = outages.of(app).database()

    def emit(room: str, event: str, data) -> None:
        try:
            payload = data() if callable(data) else data
        except SQLAlchemyError as error:
            # A screen refresh that cannot be computed now is skipped; the next
            # change sends a fresh one. Answers themselves are already committed.
            reason = database.unavailable(error)
            if reason is None:
                logger.exception("Results broadcast to %s skipped", room)
            else:  # said once for the whole outage
                database_outage.down(error, reason)
            return
        socketio.emit(event, payload, to=room)

    return emit


def init_app(app: Flask, **timing) -> None:
    """Give the app its coalescer: ≈200 ms keeps screens live without flooding.

    A test may hand a one-process coalescer its `clock` and `sleep`."""
    window = app.config["RESULTS_WINDOW_SECONDS"]
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    emit = _emitter(app)
    if queue and queue.startswith(("redis://", "rediss://")):
        shared = redis_client.Redis.from_url(queue, **redis_options())
        outage = outages.of(app).redis(queue)
        app.extensions["results_coalescer"] = SharedCoalescer(
            window, emit, shared, outage
        )
    else:
        app.extensions["results_coalescer"] = Coalescer(window, emit, **timing)


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
