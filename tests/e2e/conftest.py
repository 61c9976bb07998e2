"""Real-browser tests: the app served as `make run` serves it, driven in Chromium."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, watch_csp
from tests.support.mail import SmtpServer
from tests.support.servers import Server

# How long a journey waits for what a user would see: long enough for a loaded
# machine; how fast it comes is the benchmarks' to measure.
expect.set_options(timeout=15_000)


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
def mailing_server(tmp_path):
    """The app served as `make run` serves it, sending to a real SMTP server."""
    smtp = SmtpServer().start()
    settings = {k: str(v) for k, v in smtp.config().items() if v}
    server = _serve(tmp_path, **settings, MAIL_WORKER_PERIOD="0.2")
    yield server, smtp
    server.stop()
    smtp.stop()


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
