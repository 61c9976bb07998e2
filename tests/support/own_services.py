"""PostgreSQL and Redis processes of a test's own, on ports of their own.

A fault test stops, kills and restarts them; the machine's own services (and
other tests using them) are left alone. Locally a test skips when the binaries
are missing; in CI (CI=true) it fails instead.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

from tests.support.servers import free_port


def need(what: str, found) -> None:
    """Skip (or, in CI, fail) without what a fault test needs."""
    if found:
        return
    if os.getenv("CI") == "true":
        pytest.fail(f"{what} is missing; CI must not skip fault tests")
    pytest.skip(f"{what} is missing")


def need_root(why: str) -> None:
    need(f"root ({why})", os.geteuid() == 0)


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class OwnPostgres:
    """A PostgreSQL cluster in a folder of its own (trust auth, 127.0.0.1)."""

    def __init__(self):
        self.bin = _postgres_bin()
        need("PostgreSQL's initdb (apt-get install postgresql)", self.bin)
        self.root = Path(tempfile.mkdtemp(prefix="kt-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> str:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=True, capture_output=True, text=True, timeout=60
        ).stdout

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: fast (ends every session at once, as a restart does)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class OwnRedis:
    """A Redis server without persistence, killed and started again at will."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        need("redis-server (apt-get install redis-server)", self.binary)
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kt-redis-"))
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _options(self) -> list[str]:
        return [
            *("--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(self.root)),
        ]

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, *self._options()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        """Take Redis away as a crash would: SIGKILL, every connection cut."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def server_log(server, waiting_for: str = "", count: int = 1, seconds: float = 10):
    """Return a served process's log, once it says `waiting_for` (`count` times)."""
    path = Path(server.log.name)
    deadline = time.monotonic() + seconds
    while True:
        text = path.read_text()
        if text.count(waiting_for) >= count or time.monotonic() > deadline:
            return text
        time.sleep(0.2)


def seconds(name: str, default: float) -> float:
    """An outage's length: shortened for the suite, the issue's with the variable.

    The behaviour under test does not change with the length (every retry and
    resubscription runs on a fixed period of a few seconds), only the wait.
    """
    return float(os.getenv(name, default))
