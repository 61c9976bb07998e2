"""Socket.IO client managers where closing a room ends its connections, and
where the message queue may go away without anyone noticing but the log.

A staff user's room is closed when their logins end (logout, password change,
deactivation). With a message queue the close reaches every process, and each
process disconnects the members it holds.

Should Redis go away, every process keeps telling its own phones and screens
at once (python-socketio delivers locally before it publishes), keeps the
latest message of each kind per room that the others missed, and sends those
when Redis is back; and, once subscribed again, it tells its own phones and
screens to catch up with whatever the others sent while it was not listening
(app.core.catch_up).
Messages only say "something changed, version v": a late or repeated one
makes a screen refetch, and a phone refetch only when its step is older.
"""

import socket
import threading
import time
from collections.abc import Callable

import redis
import socketio
from flask import Flask
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.core import outages

#: how often a process tries to subscribe again while Redis is away
LISTEN_RETRY_SECONDS = 1.0
#: messages kept for the other processes while Redis is away, at most
KEPT_AT_MOST = 10_000


def redis_options(timeout: float = 2.0) -> dict:
    """Options for a Redis client that may be gone: fail within seconds.

    redis-py retries a failed command ten times with growing waits: a request
    that publishes to a Redis that went away would wait seconds every time. One
    retry at once is enough to replace a connection Redis closed on restart.
    """
    return {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "retry": Retry(NoBackoff(), 1),
    }


def _listen_options() -> dict:
    """A subscriber waits for messages as long as it takes; a dead peer is
    noticed by TCP keepalive (Redis closing the connection, at once)."""
    options = {
        **redis_options(),
        "socket_timeout": None,
        "socket_keepalive": True,
        # a lost subscription must reach the loop below, which catches up
        "retry": Retry(NoBackoff(), 0),
    }
    if hasattr(socket, "TCP_KEEPIDLE"):
        options["socket_keepalive_options"] = {
            socket.TCP_KEEPIDLE: 5,
            socket.TCP_KEEPINTVL: 2,
            socket.TCP_KEEPCNT: 3,
        }
    return options


def _disconnect_members(manager, room: str, namespace: str | None) -> None:
    namespace = namespace or "/"
    for sid, _ in list(manager.get_participants(namespace, room)):
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalManager(socketio.Manager):
    """One process: closing a room disconnects its members."""

    def close_room(self, room, namespace):
        _disconnect_members(self, room, namespace)
        super().close_room(room, namespace)


class RedisManager(socketio.RedisManager):
    """Several processes: every process disconnects its members of a closed
    room; messages the others missed while Redis was away follow when it is back.
    """

    def __init__(self, url: str, outage: outages.Outage | None = None):
        super().__init__(url, channel="flask-socketio", redis_options=redis_options())
        self.outage = outage or outages.Outages().redis(url)
        #: called (in a task of its own) once subscribed again after an outage
        self.on_back: Callable[[], None] | None = None
        self._kept: dict[tuple, dict] = {}
        self._kept_lock = threading.Lock()

    def _handle_close_room(self, message):
        _disconnect_members(self, message.get("room"), message.get("namespace"))
        super()._handle_close_room(message)

    def _publish(self, data):
        """Publish for the other processes; while Redis is away, keep it."""
        if self.outage.is_down and not self.outage.probe_due():
            self._keep(data)
            return
        try:
            if self.redis is None:
                self.redis = redis.Redis.from_url(self.redis_url, **self.redis_options)
            self.redis.publish(self.channel, self.json.dumps(data))
        except redis.RedisError as error:
            self.outage.down(error)
            self._keep(data)
            return
        if self._kept:  # Redis answered a probe before the subscriber noticed
            self.outage.up()
            self._send_kept()

    def _keep(self, data: dict) -> None:
        """Keep the latest message per kind, room and recipient."""
        key = tuple(
            str(data.get(field))
            for field in ("method", "namespace", "room", "event", "sid", "id")
        )
        with self._kept_lock:
            self._kept.pop(key, None)
            self._kept[key] = data
            while len(self._kept) > KEPT_AT_MOST:  # the oldest go; on_back covers
                self._kept.pop(next(iter(self._kept)))

    def _send_kept(self) -> None:
        with self._kept_lock:
            kept, self._kept = self._kept, {}
        for number, data in enumerate(kept.values()):
            try:
                self.redis.publish(self.channel, self.json.dumps(data))
            except redis.RedisError as error:
                self.outage.down(error)
                for rest in list(kept.values())[number:]:
                    self._keep(rest)
                return

    def _redis_listen_with_retries(self):
        """Listen, and while Redis is away try again every second (quietly)."""
        lost = False
        while True:
            try:
                client = redis.Redis.from_url(self.redis_url, **_listen_options())
                self.pubsub = client.pubsub(ignore_subscribe_messages=True)
                self.pubsub.subscribe(self.channel)
                if lost:
                    self._back()
                    lost = False
                yield from self.pubsub.listen()
            except Exception as error:  # whatever failed: try again
                self.outage.down(error)
                lost = True
                time.sleep(LISTEN_RETRY_SECONDS)

    def _back(self) -> None:
        self.outage.up()
        if self.redis is None:
            self.redis = redis.Redis.from_url(self.redis_url, **self.redis_options)
        self._send_kept()
        if self.on_back is not None:
            self.server.start_background_task(self.on_back)


def client_manager(app: Flask):
    """Return the manager for this deployment: local, or shared through Redis."""
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    if not queue:
        return LocalManager()
    manager = RedisManager(queue, outages.of(app).redis(queue))
    manager.on_back = lambda: _catch_up(app, manager.server)
    return manager


def _catch_up(app: Flask, server: socketio.Server) -> None:
    """Run what the app gave to tell its phones and screens to catch up
    (app.core.catch_up: it knows what they show)."""
    catch_up = app.extensions.get("live_catch_up")
    if catch_up is not None:
        catch_up(app, server)
