"""The disk under SQLite fills up mid-poll (a small tmpfs the test fills): writes
are refused for now with a translated message, reads go on, nothing acknowledged
is lost, and the app recovers by itself once space is freed."""

import asyncio
import contextlib
import errno
import subprocess
import tempfile
import time
from pathlib import Path

import aiohttp
import pytest
import requests
import sqlalchemy as sa

from tests.support import servers
from tests.support.loops import run_apart
from tests.support.own_services import need_root, server_log
from tests.support.phones import Phone, figures
from tests.support.servers import Server

pytestmark = [pytest.mark.faults, pytest.mark.server]

PHONES = 50
REFUSAL = "The server has no room to store anything new right now"
WARNING = "Database full"


@contextlib.contextmanager
def small_disk(megabytes: int = 8):
    """Mount a tmpfs of its own, as small as a forgotten partition."""
    need_root("mounting a small file system")
    mountpoint = Path(tempfile.mkdtemp(prefix="kt-disk-"))
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mountpoint)],
        check=True,
    )
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)
        mountpoint.rmdir()


def fill(disk: Path) -> Path:
    """Write a file until the disk has no byte left; return it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


@pytest.fixture
def served(tmp_path):
    with small_disk() as disk:
        env = {
            "DATABASE_URL": f"sqlite:///{disk / 'klimaattafel.sqlite'}",
            "SECRET_KEY": "disk-secret",
            "PHONE_WRITE_LIMIT": "1000 per second",
        }
        server = Server(tmp_path, env)  # its log stays on the roomy disk
        server.flask("db", "upgrade")
        seed = servers.seed(env, PHONES)
        server.start()
        try:
            yield server, seed, disk
        finally:
            server.stop()


def _stored(disk: Path) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{disk / 'klimaattafel.sqlite'}")
    with engine.connect() as connection:
        assert connection.scalar(sa.text("PRAGMA integrity_check")) == "ok"
        keys = list(connection.scalars(sa.text("SELECT client_key FROM poll_answers")))
    engine.dispose()
    assert len(keys) == len(set(keys))
    return set(keys)


def _reads(server: Server, seed: dict) -> dict:
    """What a phone, the screen and an operator get while the disk is full."""
    phone, screen = seed["phones"][0], seed["screen"]
    base = f"{server.url}/m/{seed['code']}"
    step = requests.get(
        f"{base}/step",
        headers={"Cookie": phone["cookie"], "HX-Request": "true"},
        timeout=10,
    )
    shown = requests.get(
        f"{base}/screen", headers={"Cookie": screen["cookie"]}, timeout=10
    )
    stored = []  # a nearly full disk may still take a write now and then
    for attempt in range(20):
        refused = requests.post(
            f"{base}/polls/{seed['step_id']}/answer",
            data={
                "measure": seed["measures"][-1],
                "horizon": "1y",
                "key": f"probe-key-{attempt}",
            },
            headers={
                "Cookie": phone["cookie"],
                "X-CSRFToken": phone["csrf"],
                "Accept-Language": "en",
            },
            timeout=10,
        )
        if refused.status_code != 200:
            break
        stored.append(f"probe-key-{attempt}:1y:")
        time.sleep(0.1)
    health = requests.get(f"{server.url}/healthz", timeout=10)
    return {
        "step": step,
        "screen": shown,
        "refused": refused,
        "health": health,
        "stored": stored[-1:],  # the phone's last answer for that measure
    }


def test_a_full_disk_refuses_writes_for_now_and_loses_nothing(served):
    server, seed, disk = served

    async def scenario():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            phones = [
                Phone.seeded(http, server.url, seed["code"], f"p{i}", state)
                for i, state in enumerate(seed["phones"])
            ]
            step = seed["step_id"]
            first = await asyncio.gather(
                *(
                    p.answer(step, seed["measures"][0], "1y", f"{p.name}-one-key")
                    for p in phones
                )
            )
            assert all(a.acknowledged_at for a in first)

            filler = await asyncio.to_thread(fill, disk)
            pending = [
                asyncio.create_task(
                    p.answer(step, seed["measures"][1], "5y", f"{p.name}-two-key")
                )
                for p in phones
            ]
            await asyncio.sleep(2)
            reads = await asyncio.to_thread(_reads, server, seed)
            filler.unlink()
            freed = time.monotonic()
            second = await asyncio.wait_for(asyncio.gather(*pending), 30)
            dropped = [a.statuses for a in second if not a.acknowledged_at]
            assert not dropped, f"answers refused for good: {dropped}"
            recovered = max(a.acknowledged_at for a in second) - freed
            return phones, reads, recovered

    phones, reads, recovered = run_apart(scenario())
    acknowledged = {
        a.stored_key for p in phones for a in p.answers if a.acknowledged_at
    }
    lost = acknowledged - _stored(disk)
    assert not lost, f"acknowledged, not stored: {sorted(lost)[:5]} ({len(lost)})"
    statuses = [s for p in phones for a in p.answers for s in a.statuses]
    assert set(statuses) <= {200, 503}, set(statuses)
    refusals = statuses.count(503)
    assert refusals >= 10, "the full disk refused hardly anything"

    assert reads["step"].status_code == 200  # reads keep working
    assert reads["screen"].status_code == 200
    assert reads["refused"].status_code == 503
    assert int(reads["refused"].headers["Retry-After"]) > 0
    assert REFUSAL in reads["refused"].text
    assert reads["health"].status_code == 503
    assert reads["health"].json()["database"] == "full"

    acknowledged = {
        a.stored_key for p in phones for a in p.answers if a.acknowledged_at
    }
    assert len(acknowledged) == 2 * PHONES  # every answer, once space came back
    assert _stored(disk) == acknowledged | set(reads["stored"])
    health = requests.get(f"{server.url}/healthz", timeout=10)
    assert health.status_code == 200, health.text

    log = server_log(server, "Database is back after")
    assert log.count(WARNING) == 1, log[-3000:]
    assert "Database is back after" in log
    assert "Traceback" not in log, log[-3000:]
    figures(
        "disk full",
        acknowledged=len(acknowledged),
        stored=len(_stored(disk)),
        refused_for_now=refusals,
        seconds_until_all_stored_after_freeing=round(recovered, 2),
        log=[line for line in log.splitlines() if "outages" in line],
    )
