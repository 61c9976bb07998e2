"""`flask backup` while 100 phones answer, then `flask restore`: the copy is
sound and holds every answer acknowledged before the backup began; on SQLite
(the online backup API) and PostgreSQL (pg_dump and pg_restore)."""

import asyncio
import time

import aiohttp
import pytest
import requests
import sqlalchemy as sa

from app.config import database_url
from tests.support import servers
from tests.support.loops import run_apart
from tests.support.phones import Phone, figures
from tests.support.servers import Server

pytestmark = [pytest.mark.faults, pytest.mark.server]

PHONES = 100


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite'}", None
        return
    own_postgres = request.getfixturevalue("own_postgres")
    yield own_postgres.create_database("klimaattafel"), own_postgres


def _keys(url: str) -> list[str]:
    engine = sa.create_engine(database_url(url, None))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            integrity = connection.scalar(sa.text("PRAGMA integrity_check"))
            assert integrity == "ok"
        keys = list(connection.scalars(sa.text("SELECT client_key FROM poll_answers")))
    engine.dispose()
    return keys


async def _answer_every_measure(phone: Phone, seed: dict) -> None:
    for number, measure in enumerate(seed["measures"]):
        await phone.answer(seed["step_id"], measure, "1y", f"{phone.name}-key-{number}")
        await asyncio.sleep(0.9)  # the backup runs in the middle of the poll


def test_a_backup_while_phones_answer_holds_every_earlier_answer(tmp_path, database):
    live, own_postgres = database
    env = {
        "DATABASE_URL": live,
        "SECRET_KEY": "backup-secret",
        "PHONE_WRITE_LIMIT": "1000 per second",
    }
    server = Server(tmp_path, env)
    server.flask("db", "upgrade")
    seed = servers.seed(env, PHONES)
    server.start()
    backup = tmp_path / ("backup.sqlite" if own_postgres is None else "backup.dump")

    async def scenario():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            phones = [
                Phone.seeded(http, server.url, seed["code"], f"p{i}", state)
                for i, state in enumerate(seed["phones"])
            ]
            answering = asyncio.gather(
                *(_answer_every_measure(p, seed) for p in phones)
            )
            await asyncio.sleep(1.5)
            began = time.monotonic()
            said = await asyncio.to_thread(server.flask, "backup", str(backup))
            took = time.monotonic() - began
            await answering
            return phones, began, took, said

    try:
        phones, began, took, said = run_apart(scenario())
    finally:
        server.stop()
    answers = [a for p in phones for a in p.answers]
    assert all(a.statuses == [200] for a in answers)  # served all along
    before = {a.stored_key for a in answers if a.acknowledged_at < began}
    during = {a.stored_key for a in answers if a.acknowledged_at >= began}
    assert before and during, "the backup did not run while phones answered"

    if own_postgres is None:  # restore over the live file
        target_env = env
    else:  # restore into an empty database, as after losing the server
        target_env = {**env, "DATABASE_URL": own_postgres.create_database("restored")}
    restored = servers.flask(target_env, "restore", "--yes", str(backup))
    held = _keys(target_env["DATABASE_URL"])
    assert len(held) == len(set(held))
    missing = before - set(held)
    assert not missing, f"acknowledged before the backup, not in it: {len(missing)}"
    assert set(held) <= before | during  # nothing that was never acknowledged
    assert len(held) < len(before | during), "the backup came after the poll"

    again = Server(tmp_path, target_env)
    servers.flask(target_env, "db", "upgrade")
    again.start()
    try:
        assert requests.get(f"{again.url}/healthz", timeout=10).status_code == 200
    finally:
        again.stop()
    figures(
        f"backup and restore ({'SQLite' if own_postgres is None else 'PostgreSQL'})",
        acknowledged_before_backup=len(before),
        acknowledged_during_backup=len(during),
        in_backup=len(held),
        backup_seconds=round(took, 2),
        backup_said=said.strip(),
        restore_said=restored.strip(),
    )
