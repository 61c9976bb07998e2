"""Group commit: the answers of many phones share one transaction and one commit.

In a poll round hundreds of phones answer at once. Their writes queue here for
one writer per process, which runs everything queued in a single transaction,
commits once, and only then lets each request answer its phone. On SQLite with
synchronous=FULL that is one fsync for many answers; on PostgreSQL one commit
round trip (and one WAL flush) for many, with several processes each writing
their own batches side by side. A batch of one write (the usual case while
phones answer at a steady pace) runs on its own in autocommit: on PostgreSQL
one round trip instead of three (BEGIN, the write, COMMIT). Nothing is
acknowledged before it is committed: should the commit fail, every request of
that batch fails and its phone keeps the answer to send again (503 with
Retry-After when the database is away or full: app.core.errors). The writer
then drops its connection and takes a new one for the next batch, so it comes
back by itself when the database does.
"""

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy.engine import Connection, Engine

from app.core import outages
from app.extensions import db, socketio

Work = Callable[[Connection], Any]


class _Write:
    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: Work):
        self.work = work
        self.done = threading.Event()
        self.result = None
        self.error: BaseException | None = None


class GroupCommit:
    def __init__(self, engine: Engine, outage: outages.Outage | None = None):
        self._engine = engine
        self._outage = outage or outages.Outages().database()
        self._lock = threading.Lock()
        self._more = threading.Event()
        self._queue: list[_Write] = []
        self._writing = False
        #: transactions committed, for the benchmark and tests
        self.commits = 0

    @property
    def waiting(self) -> int:
        """Return how many writes wait for the next batch."""
        with self._lock:
            return len(self._queue)

    def run(self, work: Work):
        """Run work(connection) in the next shared transaction; return its result
        once that transaction is committed.

        The work must be one statement: alone in its batch, it commits by itself.
        """
        write = _Write(work)
        with self._lock:
            self._queue.append(write)
            if not self._writing:
                self._writing = True
                socketio.start_background_task(self._write_loop)
            self._more.set()
        write.done.wait()
        if write.error is not None:
            raise write.error
        return write.result

    def _write_loop(self) -> None:
        try:
            self._write_batches()
        finally:  # should the writer ever stop, the next write starts another
            with self._lock:
                self._writing = False

    def _write_batches(self) -> None:
        # The writer keeps a connection of its own: requests waiting for it
        # hold theirs, so borrowing one per batch could wait for ever.
        connection: Connection | None = None
        autocommit = False
        failures = self._outage.failures
        while True:
            self._more.wait()
            with self._lock:
                batch, self._queue = self._queue, []
                self._more.clear()
            if not batch:
                continue
            try:
                if self._outage.failures != failures:  # it went away since
                    connection = _dropped(connection)
                if connection is None:
                    failures = self._outage.failures
                    connection = self._engine.connect()
                    autocommit = False
                # alone, the write commits by itself: no BEGIN, no COMMIT
                autocommit = _autocommit(connection, autocommit, len(batch) == 1)
                with connection.begin():
                    for write in batch:
                        write.result = write.work(connection)
                self.commits += 1
                self._outage.up()
            except Exception as error:  # handed to every request of the batch
                for write in batch:
                    write.result = None
                    write.error = error
                connection = _dropped(connection)
            finally:
                for write in batch:
                    write.done.set()


def _dropped(connection: Connection | None) -> None:
    """Throw the writer's connection away (it may be dead); the next batch
    takes a new one."""
    if connection is not None:
        with contextlib.suppress(Exception):  # a dead one needs no goodbye
            connection.invalidate()


def _autocommit(connection: Connection, now: bool, wanted: bool) -> bool:
    """Switch the writer's connection in or out of autocommit; return the mode."""
    if now != wanted:
        connection.execution_options(
            isolation_level="AUTOCOMMIT"
            if wanted
            else connection.default_isolation_level
        )
    return wanted


def run(work: Work):
    """Run one write and commit it, together with concurrent ones."""
    return current_app.extensions["group_commit"].run(work)


def init_app(app: Flask) -> None:
    with app.app_context():
        outage = outages.of(app).database()
        app.extensions["group_commit"] = GroupCommit(db.engine, outage)
