"""Redis (the message queue, the rate-limit storage and the shared results
window) goes away mid-poll under two app processes, then comes back."""

import asyncio
import re
import time

import aiohttp
import psycopg
import pytest
import requests

from tests.support import servers
from tests.support.loops import run_apart
from tests.support.own_services import seconds, server_log
from tests.support.phones import Phone, Screen, figures, staff_post
from tests.support.servers import Server
from tests.support.web import PASSWORD

pytestmark = [pytest.mark.faults, pytest.mark.server]

#: the issue's outage is 30 s (FAULT_REDIS_OUTAGE_SECONDS=30)
OUTAGE = seconds("FAULT_REDIS_OUTAGE_SECONDS", 6)
PHONES = 40
WARNING = "Redis unreachable"


@pytest.fixture
def cluster(tmp_path, own_postgres, own_redis):
    base = {
        "DATABASE_URL": own_postgres.create_database("klimaattafel"),
        "SECRET_KEY": "shared-secret-of-the-cluster",
        "PHONE_WRITE_LIMIT": "1000 per second",
    }
    env = {**base, "SOCKETIO_MESSAGE_QUEUE": own_redis.url}
    a, b = Server(tmp_path, env), Server(tmp_path, env)
    a.flask("db", "upgrade")
    seed = servers.seed(base, PHONES)
    a.create_user("fien@gent.be", "Fien")
    a.start()
    b.start()
    try:
        yield a, b, seed, base["DATABASE_URL"]
    finally:
        a.stop()
        b.stop()


def _stored(database: str) -> list[str]:
    with psycopg.connect(database) as connection:
        return [
            row[0] for row in connection.execute("SELECT client_key FROM poll_answers")
        ]


def _version(database: str, meeting_id: int) -> int:
    with psycopg.connect(database) as connection:
        return connection.execute(
            "SELECT version FROM meetings WHERE id = %s", (meeting_id,)
        ).fetchone()[0]


def _csrf(session: requests.Session, url: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', session.get(url).text).group(1)


def _counters_work(server: Server) -> tuple[int, int]:
    """A wrong code still counts and a right login still goes through."""
    guest = requests.Session()
    wrong = guest.post(
        f"{server.url}/join",
        data={"code": "ZZZZZZ", "csrf_token": _csrf(guest, f"{server.url}/")},
        timeout=10,
    )
    staff = requests.Session()
    login = staff.post(
        f"{server.url}/login",
        data={
            "email": "fien@gent.be",
            "password": PASSWORD,
            "csrf_token": _csrf(staff, f"{server.url}/login"),
        },
        allow_redirects=False,
        timeout=10,
    )
    return wrong.status_code, login.status_code


async def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
    return condition()


def test_phones_and_screens_on_both_processes_carry_on_and_catch_up(cluster, own_redis):
    a, b, seed, database = cluster
    code, step = seed["code"], seed["step_id"]
    first, second = seed["measures"][:2]

    async def scenario():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            phones = [
                Phone.seeded(http, (a if i < PHONES // 2 else b).url, code, f"p{i}", s)
                for i, s in enumerate(seed["phones"])
            ]
            here, there = phones[: PHONES // 2], phones[PHONES // 2 :]
            screens = [Screen(s.url, code, seed["screen"]["cookie"]) for s in (a, b)]
            await asyncio.gather(*(p.refetch_step() for p in phones))
            await asyncio.gather(*(p.listen() for p in phones))
            await asyncio.gather(*(s.listen() for s in screens))

            answers = await asyncio.gather(
                *(p.answer(step, first, "1y", f"{p.name}-first-key") for p in phones)
            )
            assert all(x.acknowledged_at for x in answers), [
                x.statuses for x in answers
            ]

            own_redis.kill()
            gone = time.monotonic()
            during = await asyncio.gather(
                *(p.answer(step, second, "5y", f"{p.name}-second-key") for p in phones)
            )
            answers += during
            slowest = max(x.acknowledged_at - x.sent_at for x in during)
            assert all(x.statuses == [200] for x in during), "refused without Redis"
            assert slowest < 2, f"an answer took {slowest:.1f} s without Redis"
            counters = await asyncio.gather(
                *(asyncio.to_thread(_counters_work, s) for s in (a, b))
            )
            assert counters == [(422, 302), (422, 302)]
            await asyncio.sleep(0.5)  # the results window: at most 0.2 s
            for screen in screens:  # each hears its own process's answers
                assert screen.heard_since(gone, "poll-results"), screen.url

            for action in ("close", "reveal"):
                await staff_post(
                    http, a.url, f"/m/{code}/steps/{step}/{action}", seed["screen"]
                )
            revealed = _version(database, seed["meeting_id"])
            shown_here = await _until(
                lambda: all(p.reached.get(revealed) for p in here), 5
            )
            assert shown_here, "phones on the facilitator's process missed the reveal"

            await asyncio.sleep(max(0.0, gone + OUTAGE - time.monotonic()))
            own_redis.start()
            back = time.monotonic()
            caught_up = await _until(
                lambda: (
                    all(p.reached.get(revealed, 0) >= back for p in there)
                    and any(
                        d.get("v", 0) >= revealed
                        for d in screens[1].heard_since(back, "step-changed")
                    )
                ),
                20,
            )
            behind = [p.name for p in there if p.version < revealed]
            assert caught_up, f"still on the old step after Redis came back: {behind}"
            phones_caught_up = max(p.reached[revealed] for p in there) - back
            screen_caught_up = (
                min(
                    at
                    for at, name, d in screens[1].heard
                    if at >= back and name == "step-changed" and d["v"] >= revealed
                )
                - back
            )
            assert all(p.state == "revealed" for p in phones)
            for client in (*phones, *screens):
                await client.close()
            return answers, phones_caught_up, screen_caught_up

    answers, phones_caught_up, screen_caught_up = run_apart(scenario())
    acknowledged = [x.stored_key for x in answers if x.acknowledged_at]
    stored = _stored(database)
    assert sorted(stored) == sorted(acknowledged)  # none lost, none doubled

    logs = [server_log(s, "is back after") for s in (a, b)]
    for log in logs:
        assert log.count(WARNING) == 1, log[-3000:]
        assert "is back after" in log
        assert "Traceback" not in log, log[-3000:]
        assert "Cannot publish to redis" not in log
    figures(
        "redis outage",
        outage_seconds=OUTAGE,
        acknowledged=len(acknowledged),
        stored=len(stored),
        doubled=len(stored) - len(set(stored)),
        phones_caught_up_seconds=round(phones_caught_up, 2),
        screen_caught_up_seconds=round(screen_caught_up, 2),
        log=[line for line in logs[1].splitlines() if "outages" in line],
    )
