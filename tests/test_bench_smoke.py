"""Keep the load benchmark working: 50 phones on the real server, no timing asserted."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import bare
from tests.support import servers

pytestmark = [pytest.mark.services, pytest.mark.bench]


def test_fifty_phones_join_answer_and_nothing_is_lost(tmp_path):
    if not (bare.SHARED_PERF / "bench_load.py").exists():
        message = f"the bare baseline's load generator is missing at {bare.SHARED_PERF}"
        if os.getenv("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from bench import phones  # needs ../shared/perf on the path
    from bench.run import stored_answers

    env = servers.app_env(tmp_path)
    servers.flask(env, "db", "upgrade")
    seeded = servers.seed(env, 50)
    process, url = servers.start_app(tmp_path, env, core=None)
    try:
        port = int(url.rsplit(":", 1)[1])
        load = phones.run(seeded, [port], [process.pid], n=50, rate=50, duration=2)
        # Its own thread: the browser tests' Playwright keeps a loop in this one.
        with ThreadPoolExecutor(1) as pool:
            result = pool.submit(asyncio.run, load).result()
    finally:
        process.stop()
    assert result["connect"]["errors"] == 0
    assert result["burst"]["errors"] == 0 and result["sustained"]["errors"] == 0
    assert result["burst"]["max_n_seen"] == 50  # the screen saw the whole round
    assert result["lost_connections"] == 0
    offered = 50 + result["sustained"]["offered"]
    assert (
        result["acknowledged_total"] == stored_answers(env["DATABASE_URL"]) == offered
    )


@pytest.mark.parametrize("target", ["app", "bare"])
def test_twenty_phones_join_and_follow_every_step(target):
    """The live benchmark at 20 phones: each joins through the QR link, and after
    every open, close and reveal of each kind of step each phone holds the
    fragment with that step's title and new state; nothing fails."""
    if not (bare.SHARED_PERF / "bench_load.py").exists():
        message = f"the bare baseline's load generator is missing at {bare.SHARED_PERF}"
        if os.getenv("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from bench import live_phases

    run = live_phases.app_run if target == "app" else live_phases.bare_run
    with ThreadPoolExecutor(1) as pool:  # a thread of its own, as above
        result = pool.submit(run, 20, core=None, refresh_samples=20).result()
    assert result["join"]["live"] == 20 and result["join"]["errors"] == 0
    kinds = [step["kind"] for step in result["seed"]["steps"]]
    assert kinds == ["poll", "bills", "personas", "groups"]
    done = [(row["kind"], row["action"]) for row in result["fanout"]]
    assert done == [(k, a) for k in kinds for a in ("open", "close", "reveal")]
    for row in result["fanout"]:
        # every phone got the message, refetched, and its fragment showed the
        # step's title in the new state (bench.live checks each one)
        assert row["post_status"] == 200, row
        assert row["errors"] == 0 and row["first_errors"] == [], row
        assert row["shown"] == row["refetches"] == 20, row
        assert row["body_kb"] > 0
    last = result["seed"]["steps"][-1]["title"]
    assert result["final"] == {
        "step": last,
        "states": {"revealed": 20},
        "with_title": 20,
    }
    for how in ("visible", "offline", "reconnect"):
        refresh = result["refresh"][how]
        assert refresh["samples"] == 20 and refresh["errors"] == 0, refresh
        assert refresh["refetched_per_phone"] == 0, refresh  # the step is unchanged
    # Back on the page with the socket up a phone asks nothing; with it down it
    # asks the version over HTTP.
    assert result["refresh"]["visible"]["requests_per_phone"] == 0
    assert result["refresh"]["visible"]["bytes"] == 0
    assert result["refresh"]["offline"]["requests_per_phone"] >= 1
    assert result["refresh"]["offline"]["bytes"] > 0
    assert result["lost_connections"] == 0
