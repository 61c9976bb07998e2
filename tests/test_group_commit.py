"""Writes from many requests go through one writer: each request gets its own
result once committed; a failed write fails its request, stores nothing, and
the next write goes through."""

import threading

import pytest
import sqlalchemy as sa

from app.group_commit import GroupCommit

NOTES = sa.Table(
    "notes",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.String, nullable=False),
)


@pytest.fixture
def shared(app, tmp_path):  # the app: its socket server runs the writer
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'notes.sqlite'}")
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
