"""Nothing acknowledged is lost: a server killed mid-meeting, racing retries,
and answers racing the facilitator closing the step; on SQLite and PostgreSQL."""

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from app.config import database_url
from tests.e2e.conftest import ROOT, Server
from tests.services import fresh_postgres_database

pytestmark = pytest.mark.services


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'klimaattafel.sqlite'}"
    else:
        with fresh_postgres_database() as url:
            yield url


class Meeting:
    """A served meeting with an open poll and phones that joined it."""

    def __init__(self, tmp_path: Path, database: str, phones: int):
        env = {
            "DATABASE_URL": database,
            "SECRET_KEY": "durability-secret",
            "PHONE_WRITE_LIMIT": "1000 per second",
        }
        self.server = Server(tmp_path, env)
        self.server.flask("db", "upgrade")
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.seed", "--phones", str(phones)],
            cwd=ROOT,
            env=self.server.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.seed = json.loads(seeded)
        self.engine = sa.create_engine(database_url(database, tmp_path))
        self.server.start()

    def answer(self, phone: int, horizon: str = "1y", measure: int = 0, key=None):
        """Send one poll answer as the phone's page does; return the status."""
        state = self.seed["phones"][phone]
        url = (
            f"{self.server.url}/m/{self.seed['code']}"
            f"/polls/{self.seed['step_id']}/answer"
        )
        try:
            return requests.post(
                url,
                data={
                    "measure": self.seed["measures"][measure],
                    "horizon": horizon,
                    "key": key or f"phone-{phone:04d}",
                },
                headers={
                    "Cookie": state["cookie"],
                    "X-CSRFToken": state["csrf"],
                    "HX-Request": "true",
                },
                timeout=10,
            ).status_code
        except requests.ConnectionError:
            return None

    def close_step(self) -> int:
        screen = self.seed["screen"]
        return requests.post(
            f"{self.server.url}/m/{self.seed['code']}"
            f"/steps/{self.seed['step_id']}/close",
            headers={"Cookie": screen["cookie"], "X-CSRFToken": screen["csrf"]},
            allow_redirects=False,
            timeout=10,
        ).status_code

    def stored_keys(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(sa.text("SELECT client_key FROM poll_answers"))
            )

    def stop(self) -> None:
        self.server.stop()
        self.engine.dispose()


@pytest.fixture
def meeting_with(tmp_path, database):
    served = []

    def make(phones: int) -> Meeting:
        served.append(Meeting(tmp_path, database, phones))
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
