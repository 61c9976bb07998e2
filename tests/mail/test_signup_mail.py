"""The sign-up message: it reaches the household over real SMTP, in its own
language, with a private link that works; a mail server that is away never
fails a sign-up, and each message goes out exactly once."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.models import Signup
from app.mail import worker
from app.mail.models import OutboxMessage
from app.timeutil import utcnow
from tests.support.signups import SIGNUP, private_link, sign_up
from tests.support.web import join, post

#: the subject and a sentence of the sign-up message, per language
WORDS = {
    "nl": ("Je inschrijving voor groepsaankopen", "Bewaar deze link"),
    "ar": ("تسجيلك في الشراء الجماعي", "احتفظ بهذا الرابط"),
}
ALSO_MAILED = "We are also sending this link to your e-mail address."


def _sign_up_in(client, meeting, lang: str, **changes):
    join(client, meeting)
    post(client, "/lang", {"lang": lang, "next": "/"})
    return sign_up(client, meeting, **changes)


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_the_private_link_arrives_by_mail_in_the_households_language(
    client, new_client, signup_meeting, smtp_server, lang
):
    signed = _sign_up_in(client, signup_meeting, lang)
    assert signed.status_code == 200
    shown = private_link(signed)  # the phone still shows the link too
    assert worker.drain_once().sent == 1

    (mail,) = smtp_server.received
    assert mail.recipients == [SIGNUP["email"]]
    subject, sentence = WORDS[lang]
    assert mail.message["Subject"] == subject
    assert sentence in mail.text and sentence in mail.html
    assert mail.message["Content-Language"] == lang
    assert (f'dir="{"rtl" if lang == "ar" else "ltr"}"') in mail.html
    link = mail.path_of("/s/")
    assert link == shown
    owner = new_client()  # the household opens the mail on another device
    page = owner.get(link)
    assert page.status_code == 200
    assert 'value="Kerkstraat"' in page.get_data(as_text=True)
    # a mail program offers one-click unsubscribe with the message's own link
    unsubscribe = mail.path_of("/u/")
    assert f"\r\nList-Unsubscribe: <http://localhost{unsubscribe}>\r\n" in mail.raw
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (row,) = _rows()
    assert mail.message["Message-ID"] == row.message_id
    assert row.sent_at is not None and row.attempts == 1
    # the link's token is kept by the household alone: not in the outbox
    assert (row.body_text, row.body_html) == (None, None)


def test_without_a_mail_server_nothing_is_queued_and_the_phone_shows_the_link(
    client, signup_meeting
):
    signed = _sign_up_in(client, signup_meeting, "en")
    assert signed.status_code == 200 and private_link(signed)
    assert ALSO_MAILED not in signed.get_data(as_text=True)
    assert _rows() == []
    assert worker.drain_once().sent == 0


def test_a_household_without_an_address_gets_no_mail(
    client, signup_meeting, smtp_server
):
    signed = _sign_up_in(client, signup_meeting, "en", email="", phone="0470 12 34 56")
    assert signed.status_code == 200 and private_link(signed)
    assert ALSO_MAILED not in signed.get_data(as_text=True)
    assert _rows() == []


def test_a_server_that_is_away_fails_no_sign_up_and_gets_the_message_once_back(
    client, signup_meeting, smtp_down
):
    signed = _sign_up_in(client, signup_meeting, "en")
    assert signed.status_code == 200
    assert ALSO_MAILED in signed.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 1

    tried = worker.drain_once()
    assert (tried.sent, tried.failed) == (0, 1)
    (row,) = _rows()
    assert row.last_error == "ConnectionRefusedError" and row.sent_at is None
    assert row.next_attempt_at > utcnow()  # it waits before the next try
    assert worker.drain_once().failed == 0  # not due yet: not tried again

    smtp_down.start()
    later = utcnow() + timedelta(hours=1)
    assert worker.drain_once(later).sent == 1
    assert worker.drain_once(later + timedelta(days=3)).sent == 0
    assert len(smtp_down.received) == 1
    (row,) = _rows()
    assert row.attempts == 2 and row.sent_at is not None


def test_a_withdrawn_sign_up_takes_its_unsent_mail_with_it(
    client, signup_meeting, smtp_down
):
    link = private_link(_sign_up_in(client, signup_meeting, "en"))
    assert len(_rows()) == 1
    page = client.get(link)
    assert page.status_code == 200
    assert post(client, f"{link}/withdraw").status_code == 200
    assert _rows() == []
    smtp_down.start()
    assert worker.drain_once(utcnow() + timedelta(days=1)).sent == 0
    assert smtp_down.received == []


def test_two_processes_draining_at_once_send_every_message_once(
    app, new_client, signup_meeting, smtp_server
):
    for n in range(6):
        phone = new_client()
        signed = _sign_up_in(
            phone, signup_meeting, "nl", email=f"bewoner{n}@example.be"
        )
        assert signed.status_code == 200
    start = threading.Barrier(2)
    outcomes = []

    def drain():
        with app.app_context():
            start.wait()
            for _ in range(3):
                outcomes.append(worker.drain_once())
            db.session.remove()

    workers = [threading.Thread(target=drain) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert sum(o.sent for o in outcomes) == 6
    assert sum(o.failed for o in outcomes) == 0
    received = smtp_server.received
    assert sorted(r.recipients[0] for r in received) == sorted(
        f"bewoner{n}@example.be" for n in range(6)
    )
    assert len({r.message["Message-ID"] for r in received}) == 6
    assert all(row.sent_at is not None and row.attempts == 1 for row in _rows())
