"""Start the app (as `make run` serves it) and the bare baseline, for benchmarks."""

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHARED_PERF = Path(os.getenv("SHARED_PERF", ROOT.parent / "shared" / "perf"))
#: Debian's Chromium, never a downloaded browser, and how it is started headless
CHROMIUM = os.getenv("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


class Process:
    """A server process pinned to one core, stopped on exit."""

    def __init__(
        self, args: list[str], env: dict, cwd: Path, core: int | None, log: Path
    ):
        prefix = (
            ["taskset", "-c", str(core)] if core is not None and _has_taskset() else []
        )
        self.log = log.open("w")
        self.popen = subprocess.Popen(
            prefix + args,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        """Return the serving process: gunicorn's single worker if there is one."""
        workers = gunicorn_workers(self.popen)
        return workers[0] if workers else self.popen.pid

    def stop(self) -> None:
        stop_gunicorn(self.popen)
        self.log.close()


def gunicorn_workers(popen: subprocess.Popen) -> list[int]:
    """Return the worker processes of a gunicorn master."""
    try:
        children = Path(f"/proc/{popen.pid}/task/{popen.pid}/children")
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def stop_gunicorn(popen: subprocess.Popen) -> None:
    """Stop gunicorn with its quick shutdown (SIGINT); kill it should it hang."""
    if popen.poll() is None:
        popen.send_signal(signal.SIGINT)
        try:
            popen.wait(10)
        except subprocess.TimeoutExpired:
            popen.kill()


def _has_taskset() -> bool:
    return subprocess.run(["which", "taskset"], capture_output=True).returncode == 0


def app_env(workdir: Path, **extra: str) -> dict:
    return {
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": extra.pop(
            "DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite'}"
        ),
        "SECRET_KEY": "bench-secret",
        "JOIN_FAILURE_LIMIT": "1000000 per minute",
        **extra,
    }


def output(command: list[str], env: dict) -> str:
    """Run a command in the project folder; return its output or raise its errors."""
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        shown = " ".join([Path(command[0]).name, *command[1:]])
        raise RuntimeError(f"{shown} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def flask(env: dict, *args: str) -> str:
    return output([str(BIN / "flask"), *args], env)


def seed(env: dict, phones: int = 0) -> dict:
    """Run bench.seed against this environment's database; return what it printed."""
    return json.loads(
        output([sys.executable, "-m", "bench.seed", "--phones", str(phones)], env)
    )


def seed_live(env: dict, households: int = 20) -> dict:
    """Seed the live benchmark's meeting (bench.seed --live); return what it printed."""
    return json.loads(
        output(
            [
                sys.executable,
                "-m",
                "bench.seed",
                "--live",
                "--households",
                str(households),
            ],
            env,
        )
    )


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


def gunicorn(target: str, port: int, *options: str) -> list[str]:
    """Return a gunicorn command line serving target on port with options."""
    return [str(BIN / "gunicorn"), *options, "--bind", f"127.0.0.1:{port}", target]


#: how `make run` serves the app: the options in gunicorn.conf.py
APP_OPTIONS = ("--config", str(ROOT / "gunicorn.conf.py"))


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


def start_app(
    workdir: Path, env: dict, *, core: int | None = 0, port: int | None = None
):
    """Serve the app with one gevent-websocket worker, exactly as `make run` does."""
    port = port or free_port()
    process = Process(
        gunicorn("wsgi:app", port, *APP_OPTIONS),
        env,
        ROOT,
        core,
        workdir / f"app-{port}.log",
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz")
    return process, f"http://127.0.0.1:{port}"


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


def migrated_env(
    work: Path, database: str | None = None, queue: str | None = None
) -> dict:
    """Return the app's environment on a migrated database (SQLite by default)."""
    extra = {}
    if database:
        extra["DATABASE_URL"] = database
    if queue:
        extra["SOCKETIO_MESSAGE_QUEUE"] = queue
    env = app_env(work, **extra)
    flask(env, "db", "upgrade")
    return env


def workdir() -> Path:
    """Return a new folder for one run's databases and logs, removed at exit
    (kept, and named on stderr, with BENCH_KEEP=1: the servers' logs are there)."""
    path = Path(tempfile.mkdtemp(prefix="kt-bench-"))
    if os.getenv("BENCH_KEEP") == "1":
        print(f"bench: keeping {path}", file=sys.stderr)
    else:
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@contextlib.contextmanager
def postgres_database(admin_url: str, prefix: str = "kt_bench"):
    """Yield the URL of a new, empty PostgreSQL database; drop it afterwards."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
