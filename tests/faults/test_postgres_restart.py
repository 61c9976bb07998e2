"""PostgreSQL restarts mid-poll (fast shutdown, then start), then goes away for
longer: answers in flight get a clear retryable refusal, phones send them again,
the pool recovers by itself, and what is stored is exactly what was acknowledged."""

import asyncio
import itertools
import time

import aiohttp
import psycopg
import pytest
import requests

from tests.support import servers
from tests.support.loops import run_apart
from tests.support.own_services import seconds, server_log
from tests.support.phones import Phone, figures, staff_post
from tests.support.servers import Server, gunicorn_workers

pytestmark = [pytest.mark.faults, pytest.mark.server]

#: the issue's longer outage is 60 s (FAULT_POSTGRES_OUTAGE_SECONDS=60)
OUTAGE = seconds("FAULT_POSTGRES_OUTAGE_SECONDS", 8)
PHONES = 60
HORIZONS = ["done", "1y", "5y", "not_now", "not_possible"]
WARNING = "Database unreachable"
REFUSAL = "Something on our side is briefly unavailable"


@pytest.fixture
def served(tmp_path, own_postgres):
    env = {
        "DATABASE_URL": own_postgres.create_database("klimaattafel"),
        "SECRET_KEY": "restart-secret",
        "PHONE_WRITE_LIMIT": "1000 per second",
    }
    server = Server(tmp_path, env)
    server.flask("db", "upgrade")
    seed = servers.seed(env, PHONES)
    server.start()
    yield server, seed, env["DATABASE_URL"]
    server.stop()


def _stored(database: str) -> set[str]:
    with psycopg.connect(database) as connection:
        rows = connection.execute("SELECT client_key FROM poll_answers").fetchall()
    keys = [row[0] for row in rows]
    assert len(keys) == len(set(keys))
    return set(keys)


def _last_acknowledged(phones) -> set[str]:
    """Per phone and measure, the last answer the server acknowledged."""
    last = {}
    for phone in phones:
        for answer in phone.answers:
            if answer.acknowledged_at:
                last[phone.name, answer.measure] = answer.stored_key
    return set(last.values())


async def _keep_answering(phone, seed, until: float, serial) -> None:
    """Tap through the measures, one answer after the other, until `until`."""
    measures = itertools.cycle(seed["measures"])
    while time.monotonic() < until:
        n = next(serial)
        await phone.answer(
            seed["step_id"], next(measures), HORIZONS[n % 5], f"{phone.name}-key-{n}"
        )


def _phone_page(server: Server, seed: dict):
    phone = seed["phones"][0]
    return requests.get(
        f"{server.url}/m/{seed['code']}",
        headers={"Cookie": phone["cookie"], "Accept-Language": "en"},
        timeout=10,
    )


def test_a_restart_and_an_outage_lose_nothing_and_need_no_app_restart(
    served, own_postgres
):
    server, seed, database = served
    worker = gunicorn_workers(server.process)

    async def scenario():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            phones = [
                Phone.seeded(http, server.url, seed["code"], f"p{i}", state)
                for i, state in enumerate(seed["phones"])
            ]
            serial = itertools.count()
            started = time.monotonic()
            answering = [
                asyncio.create_task(_keep_answering(p, seed, started + 8, serial))
                for p in phones
            ]
            await asyncio.sleep(2)
            await asyncio.to_thread(own_postgres.stop, "fast")
            await asyncio.to_thread(own_postgres.start)
            await asyncio.gather(*answering)
            restart = {
                "acknowledged": len(_last_acknowledged(phones)),
                "refused_for_now": sum(
                    a.statuses.count(503) for p in phones for a in p.answers
                ),
                "answers_sent": sum(len(p.answers) for p in phones),
            }
            assert _stored(database) == _last_acknowledged(phones)
            await asyncio.to_thread(server_log, server, "Database is back after")

            # The longer outage: refused for now, said so, and resumed after.
            await asyncio.to_thread(own_postgres.stop, "fast")
            gone = time.monotonic()
            pending = [
                asyncio.create_task(
                    p.answer(
                        seed["step_id"], seed["measures"][0], "5y", f"{p.name}-late-key"
                    )
                )
                for p in phones
            ]
            # a phone that reloads meanwhile: its socket keeps trying by itself
            reloaded = Phone.seeded(
                http, server.url, seed["code"], "reloaded", seed["phones"][1]
            )
            await asyncio.wait_for(reloaded.listen(), 10)
            await asyncio.sleep(1)
            health = await asyncio.to_thread(
                requests.get, f"{server.url}/healthz", timeout=10
            )
            page = await asyncio.to_thread(_phone_page, server, seed)
            await asyncio.sleep(max(0.0, gone + OUTAGE - time.monotonic()))
            await asyncio.to_thread(own_postgres.start)
            back = time.monotonic()
            late = await asyncio.wait_for(asyncio.gather(*pending), 30)
            resumed = max(a.acknowledged_at for a in late) - back
            healthy = await asyncio.to_thread(
                requests.get, f"{server.url}/healthz", timeout=10
            )
            await asyncio.sleep(5)  # its socket is back in the meeting's room
            await staff_post(
                http,
                server.url,
                f"/m/{seed['code']}/steps/{seed['step_id']}/close",
                seed["screen"],
            )
            await asyncio.sleep(1)
            heard = [name for _, name, _ in reloaded.heard]
            await reloaded.close()
            return phones, restart, heard, health, page, resumed, healthy

    phones, restart, heard, health, page, resumed, healthy = run_apart(scenario())
    assert "step-changed" in heard, "a socket opened during the outage never got in"

    statuses = {s for p in phones for a in p.answers for s in a.statuses}
    assert statuses <= {200, 503}, statuses  # refused for now, never failed
    assert 503 in statuses
    assert _stored(database) == _last_acknowledged(phones)
    assert gunicorn_workers(server.process) == worker  # the same process throughout

    assert health.status_code == 503
    assert health.json()["database"] == "unreachable"
    assert page.status_code == 503
    assert int(page.headers["Retry-After"]) > 0
    assert REFUSAL in page.text
    assert healthy.status_code == 200
    assert healthy.json()["database"] == "ok"

    log = server_log(server, "Database is back after", count=2)
    assert log.count(WARNING) == 2, log[-3000:]  # the restart, the outage
    assert log.count("Database is back after") == 2
    assert "Traceback" not in log, log[-3000:]
    figures(
        "postgres restart",
        restart=restart,
        outage_seconds=OUTAGE,
        acknowledged=len(_last_acknowledged(phones)),
        stored=len(_stored(database)),
        outage_refused_for_now=sum(
            a.statuses.count(503) for p in phones for a in p.answers[-1:]
        ),
        seconds_until_all_stored_after_outage=round(resumed, 2),
        log=[line for line in log.splitlines() if "outages" in line],
    )
