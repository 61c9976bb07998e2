"""The parts a fault test breaks, in-process: what counts as "the database cannot
serve now", what a refused request says, what the log and the health endpoint
say. (The fault tests beside this one break real services.)"""

import logging
import sqlite3
import time

import pytest
import sqlalchemy as sa
from flask import Flask

from app import create_app, database
from app.core import outages
from app.core.errors import UNAVAILABLE
from app.extensions import db
from tests.support.servers import free_port
from tests.support.web import FreshContextClient, csrf_token, make_config


def _sqlite_error(code: int, text: str) -> sa.exc.OperationalError:
    original = sqlite3.OperationalError(text)
    original.sqlite_errorcode = code
    return sa.exc.OperationalError("INSERT …", {}, original)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (_sqlite_error(13, "database or disk is full"), "full"),
        (_sqlite_error(5, "database is locked"), "busy"),
        (_sqlite_error(778, "disk I/O error"), "unreachable"),  # SQLITE_IOERR_WRITE
        (_sqlite_error(1, "no such table: meetings"), None),  # a bug, not an outage
        (sa.exc.IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE")), None),
        (sa.exc.TimeoutError("QueuePool limit reached"), "unreachable"),
    ],
)
def test_what_counts_as_the_database_cannot_serve_now(error, reason):
    assert database.unavailable(error) == reason


def test_an_outage_that_fails_and_works_by_turns_is_one_warning(caplog, monkeypatch):
    monkeypatch.setattr(outages, "STEADY_SECONDS", 0.05)
    outage = outages.Outages().database()
    error = _sqlite_error(13, "database or disk is full")
    with caplog.at_level(logging.INFO, logger="app.core.outages"):
        outage.down(error, "full")
        outage.up()
        outage.down(error, "full")  # before it stayed up: the same outage
        assert outage.state() == "full"
        outage.up()
        assert outage.state() == "ok"  # whoever uses it sees it up at once
        time.sleep(0.2)
        outage.down(error, "full")  # a new outage
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in lines] == ["WARNING", "INFO", "WARNING"]
    assert lines[0][1].startswith("Database full (OperationalError: database or disk")
    assert "INSERT" not in lines[0][1]  # what it was writing stays out
    assert lines[1][1].startswith("Database is back after")


@pytest.fixture
def failing_app(migrated_sqlite, tmp_path):
    """An app with a view that meets a full disk, and a limiter store that is gone."""
    path = tmp_path / "app.sqlite"
    path.write_bytes(migrated_sqlite.read_bytes())
    app = create_app(
        make_config(
            f"sqlite:///{path}",
            RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
            JOIN_FAILURE_LIMIT="3 per minute",
        )
    )
    app.test_client_class = FreshContextClient

    def full():
        raise _sqlite_error(13, "database or disk is full")

    app.add_url_rule("/full", view_func=full, methods=["POST"])
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_write_on_a_full_disk_is_refused_for_now_in_the_phones_language(
    failing_app: Flask,
):
    client = failing_app.test_client()
    refused = client.post(
        "/full",
        data={"csrf_token": csrf_token(client)},
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == str(UNAVAILABLE["full"][1])
    assert "no room to store anything new" in refused.get_data(as_text=True)
    assert "no-store" in refused.headers["Cache-Control"]

    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json == {
        "ok": False,
        "database": "full",
        "message_queue": "none",
        "rate_limit_storage": "unreachable",
    }


def test_without_its_store_the_join_limit_counts_here(failing_app: Flask, caplog):
    client = failing_app.test_client()
    with caplog.at_level(logging.WARNING, logger="app.core.outages"):
        statuses = [
            client.post(
                "/join", data={"code": "ZZZZZZ", "csrf_token": csrf_token(client)}
            ).status_code
            for _ in range(4)
        ]
    assert statuses == [422, 422, 422, 429]  # wrong codes still wait
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and warnings[0].startswith("Redis unreachable")


def test_health_says_all_is_well(client):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {
        "ok": True,
        "database": "ok",
        "message_queue": "none",
        "rate_limit_storage": "none",
    }
