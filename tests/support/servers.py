"""Serve the app in processes of its own, as `make run` serves it: for the tests
that need a real server and for the benchmarks."""

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

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


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
            "DATABASE_URL", f"sqlite:///{workdir / 'app.sqlite'}"
        ),
        "SECRET_KEY": "served-secret",
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
    """Seed a meeting (tests.support.seed) in this environment's database; return
    what it printed."""
    return json.loads(
        output(
            [sys.executable, "-m", "tests.support.seed", "--phones", str(phones)], env
        )
    )


def seed_live(env: dict, households: int = 20) -> dict:
    """Seed the live benchmark's meeting (seed --live); return what it printed."""
    return json.loads(
        output(
            [
                sys.executable,
                "-m",
                "tests.support.seed",
                "--live",
                "--households",
                str(households),
            ],
            env,
        )
    )


def gunicorn(target: str, port: int, *options: str) -> list[str]:
    """Return a gunicorn command line serving target on port with options."""
    return [str(BIN / "gunicorn"), *options, "--bind", f"127.0.0.1:{port}", target]


#: how `make run` serves the app: the options in gunicorn.conf.py
APP_OPTIONS = ("--config", str(ROOT / "gunicorn.conf.py"))


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
    path = Path(tempfile.mkdtemp(prefix="kt-served-"))
    if os.getenv("BENCH_KEEP") == "1":
        print(f"keeping {path}", file=sys.stderr)
    else:
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@contextlib.contextmanager
def postgres_database(admin_url: str, prefix: str = "kt_served"):
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


class Server:
    """One gunicorn process with the gevent websocket worker, as `make run` starts."""

    def __init__(self, workdir: Path, env: dict[str, str], port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FLASK_APP": "wsgi.py", **env}
        self.log = (workdir / f"server-{self.port}.log").open("a")
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str) -> str:
        return flask(self.env, *args)

    def create_user(self, email: str, name: str, role: str = "facilitator") -> str:
        """Create a Gent staff account with the tests' password; return its e-mail."""
        from tests.support.web import PASSWORD  # not at import: it reads the settings

        self.flask(
            "users",
            "create",
            "--email",
            email,
            "--name",
            name,
            "--municipality",
            "Gent",
            "--role",
            role,
            "--password",
            PASSWORD,
        )
        return email

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            gunicorn("wsgi:app", self.port, *APP_OPTIONS),
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.name}")

    def kill(self) -> None:
        """Kill the server as a power cut would: SIGKILL, workers first."""
        for worker in gunicorn_workers(self.process):
            os.kill(worker, signal.SIGKILL)
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process:
            stop_gunicorn(self.process)
        self.log.close()
