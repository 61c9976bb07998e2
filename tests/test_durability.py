"""Nothing acknowledged is lost: a server killed mid-meeting, racing retries,
and answers racing the facilitator closing the step; on SQLite and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.support.served import ServedMeeting
from tests.support.services import fresh_postgres_database

pytestmark = pytest.mark.services


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'klimaattafel.sqlite'}"
    else:
        with fresh_postgres_database() as url:
            yield url


@pytest.fixture
def meeting_with(tmp_path, database):
    served = []

    def make(phones: int) -> ServedMeeting:
        served.append(ServedMeeting(tmp_path, database, phones))
        return served[-1]

    yield make
    for meeting in served:
        meeting.stop()


def test_a_killed_server_keeps_every_acknowledged_answer(meeting_with, database):
    meeting = meeting_with(phones=260)
    acknowledged: list[int] = []
    enough = threading.Event()
    lock = threading.Lock()

    def send(phone: int) -> None:
        if meeting.answer(phone) == 200:
            with lock:
                acknowledged.append(phone)
                if len(acknowledged) >= 200:
                    enough.set()

    with ThreadPoolExecutor(max_workers=16) as pool:
        for phone in range(260):
            pool.submit(send, phone)
        assert enough.wait(60), f"only {len(acknowledged)} answers acknowledged"
        meeting.server.kill()  # while the remaining answers are still in flight
    assert len(acknowledged) >= 200

    if database.startswith("sqlite"):
        path = database.removeprefix("sqlite:///")
        with sa.create_engine(f"sqlite:///{path}").connect() as connection:
            assert connection.scalar(sa.text("PRAGMA integrity_check")) == "ok"

    meeting.server.start()
    for phone in acknowledged:  # the phones' retries after the restart
        assert meeting.answer(phone) == 200
    stored = meeting.stored_keys()
    expected = {f"phone-{phone:04d}:1y:" for phone in acknowledged}
    assert expected <= set(stored)
    assert len(stored) == len(set(stored))  # each answer once


def test_twenty_simultaneous_copies_of_one_answer_store_one_row(meeting_with):
    meeting = meeting_with(phones=1)
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _: meeting.answer(0), range(20)))
    assert statuses == [200] * 20
    assert meeting.stored_keys() == ["phone-0000:1y:"]


def test_answers_racing_the_close_are_either_counted_or_refused(meeting_with):
    meeting = meeting_with(phones=50)
    start = threading.Barrier(51)

    def send(phone: int):
        start.wait()
        return meeting.answer(phone)

    def close():
        start.wait()
        return meeting.close_step()

    with ThreadPoolExecutor(max_workers=51) as pool:
        answers = [pool.submit(send, phone) for phone in range(50)]
        closed = pool.submit(close)
        statuses = [future.result() for future in answers]
    assert closed.result() == 302
    assert set(statuses) <= {200, 409}, statuses
    stored = meeting.stored_keys()
    assert len(stored) == statuses.count(200)
    # Once closed, the tally stays: a late phone is refused and changes nothing.
    assert meeting.answer(0, horizon="5y", key="late-retry") == 409
    assert len(meeting.stored_keys()) == len(stored)
