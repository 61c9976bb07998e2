"""The unsubscribe link of every message: one click in the mail program, or
the page's button, withdraws the consent to news; opening the link alone (as
mail scanners do) changes nothing."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.models import Signup
from app.mail import links, outbox, worker
from tests.mail.test_signup_mail import _sign_up_in
from tests.support.forms import forms_of, submitted
from tests.support.signups import private_link
from tests.support.web import post

ASK = {
    "nl": "Wil je geen nieuws over aanbiedingen en je inschrijving meer per e-mail?",
    "ar": "هل تريد التوقف عن تلقي الأخبار عن العروض وعن تسجيلك بالبريد الإلكتروني؟",
}
DONE = {
    "nl": "Je krijgt geen nieuws meer per e-mail",
    "ar": "لن تصلك أخبار بالبريد الإلكتروني بعد الآن",
}


def _mailed(client, meeting, server, lang: str):
    link = private_link(_sign_up_in(client, meeting, lang, consent_news="y"))
    worker.drain_once()
    return server.received[-1], link


def _signup() -> Signup:
    db.session.expire_all()
    return db.session.scalars(sa.select(Signup)).one()


@pytest.mark.parametrize("lang", sorted(ASK))
def test_the_button_on_the_page_stops_news_in_the_households_language(
    client, new_client, signup_meeting, smtp_server, lang
):
    mail, _link = _mailed(client, signup_meeting, smtp_server, lang)
    unsubscribe = mail.path_of("/u/")
    reader = new_client()  # the household's mail program, no cookie of ours
    page = reader.get(unsubscribe)  # a scanner, or the household, opens it
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and ASK[lang] in html
    assert f'lang="{lang}"' in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    assert "no-store" in page.headers["Cache-Control"]
    assert _signup().consent_news  # opening alone changes nothing
    (form,) = forms_of(html)
    done = reader.post(form["action"] or unsubscribe, data=submitted(form))
    assert done.status_code == 200 and DONE[lang] in done.get_data(as_text=True)
    assert not _signup().consent_news
    assert outbox.queue_news(_signup(), "offer", measure_key="pv") is None


def test_one_click_in_the_mail_program_stops_news_and_what_is_queued(
    app, client, new_client, signup_meeting, smtp_server
):
    mail, _link = _mailed(client, signup_meeting, smtp_server, "nl")
    app.config["PUBLIC_URL"] = "http://localhost"  # news is queued outside a request
    assert outbox.queue_news(_signup(), "offer", measure_key="pv") is not None
    db.session.commit()
    # RFC 8058: a POST of exactly this body, with no cookie and no CSRF token
    clicked = new_client().post(
        mail.path_of("/u/"), data={"List-Unsubscribe": "One-Click"}
    )
    assert clicked.status_code == 200
    assert not _signup().consent_news
    assert worker.drain_once().sent == 0  # the news queued before is not sent
    assert len(smtp_server.received) == 1
    # the private link still works: the sign-up itself stays
    assert client.get(_link).status_code == 200


def test_a_link_that_was_not_signed_by_us_finds_nothing(
    client, signup_meeting, smtp_server
):
    mail, _link = _mailed(client, signup_meeting, smtp_server, "nl")
    genuine = mail.path_of("/u/")
    payload, _, signature = genuine.removeprefix("/u/").rpartition(".")
    forged = f"/u/{payload}.{'A' * len(signature)}"
    for address in (forged, "/u/not-a-token", genuine[:-2]):
        assert client.get(address).status_code == 404
        assert post(client, address).status_code == 404
    assert _signup().consent_news


def test_the_link_of_a_withdrawn_sign_up_never_works_for_a_later_one(
    client, new_client, signup_meeting, smtp_server
):
    mail, link = _mailed(client, signup_meeting, smtp_server, "nl")
    old = mail.path_of("/u/")
    assert post(client, f"{link}/withdraw").status_code == 200
    assert client.get(old).status_code == 404
    phone = new_client()
    _sign_up_in(phone, signup_meeting, "nl", consent_news="y")
    later = _signup()
    assert later.id == links.signup_id_of(old.removeprefix("/u/"))[0]  # id reused
    assert new_client().post(old).status_code == 404
    assert _signup().consent_news
