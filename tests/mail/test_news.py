"""News of an offer or a status change, queued by other parts through
app.mail.outbox.queue_news: it reaches households that consented to news, in
their own language, and never carries the private link again."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.models import Signup
from app.i18n import _l
from app.mail import outbox, worker
from app.mail.models import OutboxMessage
from tests.mail.test_signup_mail import _sign_up_in
from tests.support.signups import private_link

#: the subject and the news sentence of each kind, per language
OFFER = {
    "nl": (
        "Er is een aanbod voor je aankoopgroep",
        "Er is een aanbod voor je aankoopgroep voor Zonnepanelen.",
    ),
    "ar": (
        "يوجد عرض لمجموعة الشراء الخاصة بك",
        "يوجد عرض لمجموعة الشراء الخاصة بك من أجل ألواح شمسية.",
    ),
}
STATUS = {
    "nl": "Je inschrijving voor Zonnepanelen heeft een nieuwe status: Opgelost.",
    "ar": "لتسجيلك في ألواح شمسية حالة جديدة: Opgelost.",
}
#: the first message's subject, which later ones point back to
FIRST = {"nl": "Je inschrijving voor groepsaankopen", "ar": "تسجيلك في الشراء الجماعي"}


def _signed_up(client, meeting, lang: str, **changes) -> tuple[Signup, str]:
    link = private_link(_sign_up_in(client, meeting, lang, measures=["pv"], **changes))
    # news is queued outside a request here: the app says where it is reached
    client.application.config["PUBLIC_URL"] = "https://klimaattafel.gent.example"
    db.session.expire_all()
    return db.session.scalars(sa.select(Signup)).one(), link


@pytest.mark.parametrize("lang", sorted(OFFER))
def test_news_of_an_offer_and_a_status_reaches_the_household_in_its_language(
    client, signup_meeting, smtp_server, lang
):
    signup, link = _signed_up(client, signup_meeting, lang, consent_news="y")
    offer = outbox.queue_news(signup, "offer", measure_key="pv")
    status = outbox.queue_news(
        signup, "status", measure_key="pv", status_label="Opgelost"
    )
    db.session.commit()
    assert offer is not None and status is not None
    assert worker.drain_once().sent == 3  # with the sign-up message

    first, offer_mail, status_mail = smtp_server.received
    subject, sentence = OFFER[lang]
    assert offer_mail.message["Subject"] == subject
    assert sentence in offer_mail.text and sentence in offer_mail.html
    assert STATUS[lang] in status_mail.text
    token = link.removeprefix("/s/")
    for news in (offer_mail, status_mail):
        assert token not in news.raw  # the private link went out once only
        assert "/s/" not in news.text
        assert f"“{FIRST[lang]}”" in news.text  # ... and they point back to it
        assert news.path_of("/u/")  # every message can be unsubscribed from
        assert "https://klimaattafel.gent.example/u/" in news.text
        assert news.message["Content-Language"] == lang
    assert token in first.raw


def test_a_lazy_label_is_written_in_the_households_language(
    client, signup_meeting, smtp_server
):
    signup, _link = _signed_up(client, signup_meeting, "fr", consent_news="y")
    outbox.queue_news(
        signup, "status", measure_key="pv", status_label=_l("Within 1 year")
    )
    db.session.commit()
    worker.drain_once()
    assert "nouveau statut : Dans 1 an." in smtp_server.received[-1].text


def test_no_news_without_consent_to_news_or_an_address(
    client, new_client, signup_meeting, smtp_server
):
    signup, _link = _signed_up(client, signup_meeting, "nl")  # no news ticked
    assert outbox.queue_news(signup, "offer", measure_key="pv") is None
    phone = new_client()
    _sign_up_in(
        phone, signup_meeting, "nl", email="", phone="0470123456", consent_news="y"
    )
    db.session.expire_all()
    by_phone = db.session.scalars(sa.select(Signup).where(Signup.email.is_(None))).one()
    assert outbox.queue_news(by_phone, "offer", measure_key="pv") is None
    db.session.commit()
    kinds = db.session.scalars(sa.select(OutboxMessage.kind)).all()
    assert kinds == ["signup"]


def test_news_needs_a_kind_and_the_context_it_speaks_of(
    client, signup_meeting, smtp_server
):
    signup, _link = _signed_up(client, signup_meeting, "nl", consent_news="y")
    with pytest.raises(ValueError, match="not a kind of news"):
        outbox.queue_news(signup, "signup", link="/s/x")
    with pytest.raises(ValueError, match="status_label"):
        outbox.queue_news(signup, "status", measure_key="pv")


def test_without_a_mail_server_news_is_not_queued(client, signup_meeting):
    signup, _link = _signed_up(client, signup_meeting, "nl", consent_news="y")
    assert outbox.queue_news(signup, "offer", measure_key="pv") is None
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
