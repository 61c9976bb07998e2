"""Writes from many requests go through one writer: each request gets its own
result once committed; a failed write fails its request, stores nothing, and
the next write goes through."""

import threading
import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.group_commit import GroupCommit
from tests.support.services import fresh_postgres_database

NOTES = sa.Table(
    "notes",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.String, nullable=False),
)


@contextmanager
def _database(kind: str, tmp_path):
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'notes.sqlite'}"
    else:
        with fresh_postgres_database() as url:
            yield url.replace("postgresql://", "postgresql+psycopg://")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)]
)
def shared(request, app, tmp_path):  # the app: its socket server runs the writer
    with _database(request.param, tmp_path) as url:
        engine = sa.create_engine(url)
        NOTES.create(engine)
        yield GroupCommit(engine)
        engine.dispose()


def _stored(shared) -> list[str]:
    with shared._engine.connect() as connection:
        return sorted(connection.scalars(sa.select(NOTES.c.text)))


def _insert(text):
    def work(connection):
        connection.execute(NOTES.insert().values(text=text))
        return text

    return work


def test_concurrent_writes_each_get_their_own_committed_result(shared):
    texts = [f"note {i:02d}" for i in range(30)]
    start = threading.Barrier(len(texts))
    results = {}

    def write(text):
        start.wait(5)
        results[text] = shared.run(_insert(text))

    threads = [threading.Thread(target=write, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == {t: t for t in texts}
    assert _stored(shared) == texts
    assert 1 <= shared.commits <= len(texts)


def test_a_failed_write_is_refused_and_the_next_one_goes_through(shared):
    assert shared.run(_insert("first")) == "first"
    with pytest.raises(sa.exc.IntegrityError):
        shared.run(_insert(None))
    assert shared.run(_insert("after")) == "after"
    assert _stored(shared) == ["after", "first"]


def test_a_failed_write_fails_its_whole_batch_and_stores_none_of_it(shared):
    """A write alone commits by itself; writes queued together share one
    transaction, so one failing undoes the others of its batch."""

    busy, free = threading.Event(), threading.Event()

    def slow(connection):  # keeps the writer busy while the next batch queues
        busy.set()
        free.wait(10)
        return _insert("alone")(connection)

    outcomes = {}

    def write(name, work):
        try:
            outcomes[name] = shared.run(work)
        except sa.exc.IntegrityError:
            outcomes[name] = "refused"

    first = threading.Thread(target=write, args=("alone", slow))
    first.start()
    assert busy.wait(10)
    queued = [
        threading.Thread(target=write, args=("good", _insert("good"))),
        threading.Thread(target=write, args=("bad", _insert(None))),
    ]
    for thread in queued:
        thread.start()
    deadline = time.monotonic() + 10
    while shared.waiting < 2 and time.monotonic() < deadline:
        time.sleep(0.001)  # until both are queued behind the busy writer
    free.set()
    for thread in [first, *queued]:
        thread.join(10)
    assert outcomes == {"alone": "alone", "good": "refused", "bad": "refused"}
    assert _stored(shared) == ["alone"]
    assert shared.run(_insert("after")) == "after"
    assert _stored(shared) == ["after", "alone"]
