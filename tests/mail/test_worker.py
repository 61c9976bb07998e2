"""Sending outside the request: the loop each serving process starts, the
`flask mail send` command, and logs that never name a household."""

import logging
import re
import time

import pytest

from app.extensions import db
from app.logs import redact
from app.mail import worker
from tests.mail.test_signup_mail import _sign_up_in
from tests.support.signups import SIGNUP, private_link
from tests.support.web import post


def _wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "nothing happened in time"
        time.sleep(0.05)


@pytest.fixture
def serving_worker(app):
    """The app as it serves: its first request starts the process's mail loop."""
    app.config.update(MAIL_WORKER=True, MAIL_WORKER_PERIOD=0.1)
    loop = app.extensions["mail_worker"]
    yield loop
    loop.stop()


def test_a_serving_process_sends_the_message_by_itself(
    client, signup_meeting, smtp_server, serving_worker
):
    signed = _sign_up_in(client, signup_meeting, "nl")
    assert signed.status_code == 200 and serving_worker.running
    _wait_for(lambda: smtp_server.received)
    time.sleep(0.3)  # a few more passes of the loop: still the one message
    (mail,) = smtp_server.received
    assert mail.path_of("/s/") == private_link(signed)


def test_no_loop_runs_without_a_mail_server(client, signup_meeting, serving_worker):
    assert _sign_up_in(client, signup_meeting, "nl").status_code == 200
    assert not serving_worker.running


def test_the_command_sends_what_is_due_once(app, client, signup_meeting, smtp_down):
    _sign_up_in(client, signup_meeting, "nl")
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["mail", "send"])
    assert failed.exit_code == 0 and "Sent 0 messages; 1 not sent" in failed.output
    smtp_down.start()
    db.session.execute(
        db.text("UPDATE mail_outbox SET next_attempt_at = CURRENT_TIMESTAMP")
    )
    db.session.commit()
    sent = runner.invoke(args=["mail", "send"])
    assert "Sent 1 messages" in sent.output
    assert "Sent 0 messages; 0 not sent" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp_down.received) == 1


def test_the_command_says_when_no_mail_server_is_set(app):
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output


def test_sending_logs_what_happened_and_never_who_or_a_link(
    app, client, new_client, signup_meeting, smtp_down, caplog
):
    caplog.set_level(logging.INFO)
    signed = _sign_up_in(client, signup_meeting, "ar", consent_news="y")
    link = private_link(signed)
    worker.drain_once()  # the server is away: a failure is logged
    smtp_down.start()
    app.config["MAIL_TIMEOUT"] = 5.0
    db.session.execute(db.text("UPDATE mail_outbox SET next_attempt_at = '2000-01-01'"))
    db.session.commit()
    worker.drain_once()
    (mail,) = smtp_down.received
    unsubscribe = mail.path_of("/u/")
    reader = new_client()
    reader.get(unsubscribe)
    reader.post(unsubscribe)
    post(client, f"{link}/withdraw")

    # the test's SMTP server logs its own conversations: those are not the app's
    lines = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")
    )
    assert "Mail 1 (signup) queued" in lines and "Mail 1 (signup) sent" in lines
    assert "Mail 1 not sent (try 1, ConnectionRefusedError)" in lines
    assert SIGNUP["email"] not in lines and SIGNUP["name"] not in lines
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", lines)  # no address at all
    assert link.removeprefix("/s/") not in lines
    assert unsubscribe.removeprefix("/u/") not in lines
    assert mail.message["Subject"] not in lines  # nor what the message says


def test_an_unsubscribe_link_in_a_log_line_is_redacted():
    assert redact('"POST /u/eyJzIjoxfQ.abc-DEF_12 HTTP/1.1" 200') == (
        '"POST /u/… HTTP/1.1" 200'
    )
