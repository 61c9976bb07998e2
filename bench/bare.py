"""The bare references the benchmarks measure the app against: ../shared/perf's
Flask-SocketIO baseline and bench/bare_fanout.py, served as the app is."""

import json
import os
import sys
from pathlib import Path

from tests.support.servers import (
    APP_OPTIONS,
    ROOT,
    Process,
    free_port,
    gunicorn,
    output,
    wait_until_up,
)

SHARED_PERF = Path(os.getenv("SHARED_PERF", ROOT.parent / "shared" / "perf"))


def bare_live_env(workdir: Path, database: str | None = None, queue: str | None = None):
    """Settings of the bare live reference (bench/bare_fanout.py)."""
    return {
        "BARE_DATABASE_URL": database or f"sqlite:///{workdir / 'bare-live.sqlite'}",
        "BARE_MQ": queue or "",
        "BARE_SECRET": "bench-secret",
    }


def seed_bare_live(env: dict) -> dict:
    """Create the bare reference's schema and meeting; return its codes and cookie."""
    return json.loads(
        output([sys.executable, "-m", "bench.bare_fanout", "--seed"], env)
    )


#: how ../shared/perf serves the bare baseline: one stock gevent-websocket worker
BARE_OPTIONS = (
    "--worker-class",
    "geventwebsocket.gunicorn.workers.GeventWebSocketWorker",
    "--workers",
    "1",
    "--worker-connections",
    "10000",
    "--no-control-socket",
)


def start_bare(
    workdir: Path,
    *,
    core: int | None = 0,
    coalesce_ms: int = 200,
    port: int | None = None,
):
    """Serve the bare Flask-SocketIO baseline from ../shared/perf the same way."""
    if not (SHARED_PERF / "bench_server.py").exists():
        raise RuntimeError(f"the bare baseline is missing at {SHARED_PERF}")
    port = port or free_port()
    env = {
        "BENCH_ASYNC_MODE": "gevent",
        "BENCH_COALESCE_MS": str(coalesce_ms),
        "BENCH_DB": str(workdir / "bare.sqlite"),
    }
    process = Process(
        gunicorn("bench_server:app", port, *BARE_OPTIONS),
        env,
        SHARED_PERF,
        core,
        workdir / f"bare-{port}.log",
    )
    wait_until_up(f"http://127.0.0.1:{port}/")
    return process, f"http://127.0.0.1:{port}"


def start_bare_live(
    workdir: Path, env: dict, *, core: int | None = 0, port: int | None = None
):
    """Serve bench/bare_fanout.py exactly as the app is served (gunicorn.conf.py)."""
    port = port or free_port()
    process = Process(
        gunicorn("bench.bare_fanout:app", port, *APP_OPTIONS),
        env,
        ROOT,
        core,
        workdir / f"bare-live-{port}.log",
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz")
    return process, f"http://127.0.0.1:{port}"
