"""Coalescing: one window per room and kind of message, shared across processes."""

import itertools
import threading
import time
import uuid

import pytest
import redis

from app.live.coalesce import Coalescer, SharedCoalescer
from tests.support.clock import ManualClock
from tests.support.services import require_redis


def _recorder():
    sent, lock = [], threading.Lock()

    def emit(room, event, data):
        payload = data() if callable(data) else data  # as the app's emit does
        with lock:
            sent.append((time.monotonic(), event, payload))

    return sent, emit


def _flood(coalescers, room, n=100, pause=0.01):
    """Make n changes, spread over the processes; return when the last was made."""
    for i in range(n):
        coalescers[i % len(coalescers)].request(room, "poll-results", {"i": i})
        last_change = time.monotonic()
        time.sleep(pause)
    return last_change


def _sent_soon(sent, n: int) -> list:
    """Return what was sent once there are n broadcasts (the catch-up's thread
    runs as soon as the clock has moved): fail if they never come."""
    deadline = time.monotonic() + 5
    while len(sent) < n and time.monotonic() < deadline:
        time.sleep(0.001)
    return [(event, data) for _t, event, data in sent]


def test_a_burst_in_one_window_is_one_broadcast_now_and_one_at_its_end(app):
    clock = ManualClock()
    sent, emit = _recorder()
    local = Coalescer(0.2, emit, clock=clock, sleep=clock.sleep)
    for i in range(30):
        local.request("room", "poll-results", {"i": i})
        clock.now += 0.001  # every change within the window
    assert _sent_soon(sent, 1) == [("poll-results", {"i": 0})]
    clock.advance(0.2)
    assert _sent_soon(sent, 2) == [
        ("poll-results", {"i": 0}),
        ("poll-results", {"i": 29}),  # the last change reaches the screen
    ]
    clock.advance(0.2)
    local.request("room", "poll-results", {"i": 30})  # a quiet window: at once
    assert _sent_soon(sent, 3)[-1] == ("poll-results", {"i": 30})


def test_another_kind_of_message_is_not_swallowed(app):
    clock = ManualClock()
    sent, emit = _recorder()
    local = Coalescer(0.2, emit, clock=clock, sleep=clock.sleep)
    local.request("room", "poll-results", {"i": 0})
    local.request("room", "poll-results", {"i": 1})
    local.request("room", "bills-changed", {"step": 7})
    clock.advance(0.2)
    sent_then = _sent_soon(sent, 3)
    assert [event for event, _data in sent_then].count("bills-changed") == 1
    assert ("poll-results", {"i": 1}) in sent_then


@pytest.mark.services
def test_two_processes_send_no_more_than_one_would(app):
    client = redis.Redis.from_url(require_redis())
    room = f"test:{uuid.uuid4().hex}"
    sent, emit = _recorder()
    processes = [SharedCoalescer(0.2, emit, client), SharedCoalescer(0.2, emit, client)]
    started = time.monotonic()
    last_change = _flood(processes, room)
    time.sleep(0.7)
    windows = (last_change - started) / 0.2 + 2
    assert 2 <= len(sent) <= windows, (len(sent), windows)
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(sent)]
    assert min(gaps) > 0.15  # never two broadcasts in one window
    assert sent[-1][0] >= last_change  # the last change always reaches the screen


class CountingRedis(redis.Redis):
    """A real Redis client that counts its round trips."""

    calls = 0

    def execute_command(self, *args, **options):
        self.calls += 1
        return super().execute_command(*args, **options)


@pytest.mark.services
def test_a_process_holding_the_window_does_not_ask_redis_for_every_change(app):
    client = CountingRedis.from_url(require_redis())
    room = f"test:{uuid.uuid4().hex}"
    sent, emit = _recorder()
    process = SharedCoalescer(0.2, emit, client)
    started = time.monotonic()
    last_change = _flood([process], room, n=100)
    time.sleep(0.7)
    windows = (last_change - started) / 0.2 + 2
    # One claim, then about two calls per window (read the marks, extend the
    # claim), and the release: not one round trip per change.
    assert client.calls <= 3 * windows + 4 < 100, (client.calls, windows)
    assert sent[-1][2] == {"i": 99}  # the last change still reaches the screen


@pytest.mark.services
def test_a_process_not_holding_the_window_marks_it_about_once_per_window(app):
    url = require_redis()
    room = f"test:{uuid.uuid4().hex}"
    sent, emit = _recorder()
    tally = {"n": 0}
    holder = SharedCoalescer(0.2, emit, redis.Redis.from_url(url))
    other_client = CountingRedis.from_url(url)
    other = SharedCoalescer(0.2, emit, other_client)
    holder.request(room, "poll-results", lambda: dict(tally))
    started = time.monotonic()
    for n in range(1, 101):  # every change after the first happens elsewhere
        tally["n"] = n
        other.request(room, "poll-results", lambda: dict(tally))
        last_change = time.monotonic()
        time.sleep(0.01)
    time.sleep(0.7)
    windows = (last_change - started) / 0.2 + 2
    assert other_client.calls <= 3 * windows < 100, (other_client.calls, windows)
    # The holder's catch-ups carry every change made elsewhere, the last one too.
    assert sent[-1][0] >= last_change
    assert sent[-1][2] == {"n": 100}
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(sent)]
    assert min(gaps) > 0.15
