"""How the outbox meets a real SMTP server that says no, or answers late:
retried with growing waits while the server says "not now", given up when it
says "never", and never sent twice once the server may have accepted it."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.mail import logic, worker
from app.mail.models import OutboxMessage
from app.timeutil import utcnow
from tests.mail.test_signup_mail import _sign_up_in


def _row() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage)).one()


def test_a_server_that_says_not_now_is_tried_again_later_and_later(
    client, signup_meeting, smtp_server
):
    _sign_up_in(client, signup_meeting, "nl")
    smtp_server.answer_rcpt("451 Try again later")
    now = utcnow()
    waits = []
    for _ in range(3):
        assert worker.drain_once(now).failed == 1
        row = _row()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert row.last_error == "SMTPRecipientsRefused" and row.attempts == 3
    assert waits[0] < waits[1] < waits[2]  # the waits grow
    smtp_server.answer_rcpt(None)
    assert worker.drain_once(now).sent == 1
    assert len(smtp_server.received) == 1


def test_a_server_that_says_never_is_not_asked_again(
    client, signup_meeting, smtp_server
):
    _sign_up_in(client, signup_meeting, "nl")
    smtp_server.answer_rcpt("550 No such user here")
    assert worker.drain_once().failed == 1
    row = _row()
    assert (row.next_attempt_at, row.sent_at, row.attempts) == (None, None, 1)
    assert row.last_error == "SMTPRecipientsRefused"
    smtp_server.answer_rcpt(None)
    assert worker.drain_once(utcnow() + timedelta(days=7)).sent == 0


def test_tries_end_when_they_are_used_up(client, signup_meeting, smtp_down):
    _sign_up_in(client, signup_meeting, "nl")
    when = utcnow()
    for _ in range(logic.MAX_ATTEMPTS):
        assert worker.drain_once(when).failed == 1
        when = _row().next_attempt_at or when
    row = _row()
    assert row.attempts == logic.MAX_ATTEMPTS and row.next_attempt_at is None
    smtp_down.start()
    assert worker.drain_once(when + timedelta(days=30)).sent == 0


def test_a_message_the_server_may_have_accepted_is_not_sent_again(
    app, client, signup_meeting, smtp_server
):
    _sign_up_in(client, signup_meeting, "nl")
    # the server keeps the message but answers only after we stopped waiting,
    # as when a process dies or the network breaks right after the hand-over
    app.config["MAIL_TIMEOUT"] = 0.5
    smtp_server.answer_data_after(1.5)
    assert worker.drain_once().sent == 0
    row = _row()
    assert row.handed_over_at is not None and row.sent_at is None
    assert row.next_attempt_at is None
    assert row.last_error == "SMTPServerDisconnected"  # the wait ran out
    smtp_server.answer_data_after(0)
    for days in (1, 7, 30):
        assert worker.drain_once(utcnow() + timedelta(days=days)).sent == 0
    assert len(smtp_server.received) == 1  # the household has it once


def test_a_process_that_died_before_the_hand_over_leaves_it_to_another(
    client, signup_meeting, smtp_server
):
    _sign_up_in(client, signup_meeting, "nl")
    row = _row()
    taken = worker.claim(row.id, utcnow())  # ... and then the process died
    assert taken is not None
    assert worker.drain_once().sent == 0  # another process waits for the lease
    assert worker.drain_once(utcnow() + logic.LEASE + timedelta(seconds=1)).sent == 1
    assert len(smtp_server.received) == 1
