"""Real-browser tests: the app served as `make run` serves it, driven in Chromium."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from bench.servers import (
    APP_OPTIONS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    flask,
    free_port,
    gunicorn,
    gunicorn_workers,
    stop_gunicorn,
)
from tests.conftest import PASSWORD

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


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


def _serve(workdir: Path, **extra_env: str):
    """Serve the app on SQLite with one facilitator account."""
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'live.sqlite'}",
        "SECRET_KEY": "e2e-secret",
        # Every test phone and login shares 127.0.0.1, under the real limits:
        # right codes and logins never count.
        **extra_env,
    }
    server = Server(workdir, env)
    server.flask("db", "upgrade")
    server.create_user("fien@gent.be", "Fien")
    server.start()
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = _serve(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture
def strict_server(tmp_path):
    """A server that lets one phone send only two answers per three seconds."""
    server = _serve(tmp_path, PHONE_WRITE_LIMIT="2 per 3 seconds")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.getenv("CI") == "true":
            pytest.fail(
                f"Chromium is missing at {CHROMIUM}; CI must not skip browser tests"
            )
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


def watch_csp(context, violations: list[str]) -> None:
    """Collect what Chromium reports as Content-Security-Policy violations."""

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(
                f"{message.page.url if message.page else ''}: {message.text}"
            )

    context.on("console", on_console)


@pytest.fixture
def csp_violations():
    """Every journey runs under the real policy: no violation may be reported."""
    violations: list[str] = []
    yield violations
    assert violations == [], "\n".join(violations)


@pytest.fixture
def new_context(browser, csp_violations):
    """Return a factory of browser contexts watched for CSP violations."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        watch_csp(context, csp_violations)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_context):
    """Return a factory of phone-sized browser contexts with a given language."""
    return lambda locale="nl-BE": new_context(locale=locale, **PHONE).new_page()


@pytest.fixture
def desk(new_context):
    """Return a laptop-sized context for the facilitator."""
    return new_context(locale="nl-BE", viewport={"width": 1280, "height": 800})


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{page.url}: {bad}"
