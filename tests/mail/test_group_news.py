"""What staff do to a purchase group reaches its households by mail: an offer
added or removed, a status they moved; each in the household's own language,
only to those who agreed to news, and never to one that left the road."""

import pytest

from app.mail import worker
from tests.mail.test_signup_mail import _sign_up_in
from tests.support.forms import forms_of, submitted
from tests.support.offers import group_for, households, offer_data
from tests.support.signups import private_link
from tests.support.web import login

#: the news sentences as each household reads them
OFFER = {
    "nl": "Er is een aanbod voor je aankoopgroep voor Muur- of gevelisolatie.",
    "ar": "يوجد عرض لمجموعة الشراء الخاصة بك من أجل",
}
QUALIFIED = {
    "nl": "nieuwe status: Klaar voor een plaatsbezoek.",
    "ar": "جاهز لزيارة ميدانية",
}


@pytest.fixture
def street(new_client, signup_meeting, smtp_server):
    """Three households of the Kerkstraat: Dutch and Arabic with news, one
    without; their sign-up mails already sent."""
    links = {}
    for name, lang, news in (
        ("An", "nl", "y"),
        ("Samira", "ar", "y"),
        ("Wim", "nl", ""),
    ):
        phone = new_client()
        signed = _sign_up_in(
            phone,
            signup_meeting,
            lang,
            name=name,
            email=f"{name.lower()}@buren.be",
            house_number=str(len(links) + 1),
            consent_news=news,
        )
        links[name] = (phone, private_link(signed))
    assert worker.drain_once().sent == 3
    smtp_server.clear()
    return links


@pytest.fixture
def desk(client, make_user):
    login(client, make_user(role="staff"))
    return client


def _form(desk, group, ending: str) -> dict:
    page = desk.get(f"/municipality/groups/{group.id}").get_data(as_text=True)
    return next(f for f in forms_of(page) if (f["action"] or "").endswith(ending))


def _news(smtp_server) -> dict[str, str]:
    assert worker.drain_once().failed == 0
    return {m.recipients[0]: m.text for m in smtp_server.received}


def test_an_offer_reaches_each_household_that_wants_news(desk, street, smtp_server):
    group = group_for()
    form = _form(desk, group, "/offers")
    assert (
        desk.post(form["action"], data=submitted(form, **offer_data())).status_code
        == 303
    )
    news = _news(smtp_server)
    assert sorted(news) == ["an@buren.be", "samira@buren.be"]  # Wim: no news
    assert OFFER["nl"] in news["an@buren.be"]
    assert OFFER["ar"] in news["samira@buren.be"]
    assert "/s/" not in "".join(news.values())  # the link only ever in the first mail


def test_a_status_staff_move_reaches_the_household_once(desk, street, smtp_server):
    group = group_for()
    form = _form(desk, group, "/households")
    moved = desk.post(
        form["action"],
        data=submitted(form, from_status="interested", status="qualified"),
    )
    assert moved.status_code == 303
    news = _news(smtp_server)
    assert sorted(news) == ["an@buren.be", "samira@buren.be"]
    assert QUALIFIED["nl"] in news["an@buren.be"]
    assert QUALIFIED["ar"] in news["samira@buren.be"]
    smtp_server.clear()
    again = desk.post(
        form["action"],
        data=submitted(form, from_status="interested", status="qualified"),
    )
    assert again.status_code in (303, 422)  # nobody left in "interested"
    assert _news(smtp_server) == {}  # nothing changed, nothing sent


def test_a_household_that_declined_hears_no_more_offers(desk, street, smtp_server):
    add = _form(desk, group_for(), "/offers")
    assert (
        desk.post(add["action"], data=submitted(add, **offer_data())).status_code == 303
    )
    _news(smtp_server)
    smtp_server.clear()
    phone, link = street["Samira"]
    page = phone.get(link).get_data(as_text=True)
    decline = next(
        f
        for f in forms_of(page)
        if (f["action"] or "").endswith("/ext_wall_ins/choice")
        and ("action", "decline") in f["fields"]
    )
    declined = phone.post(decline["action"], data=submitted(decline, reason="price"))
    assert declined.status_code == 303
    assert households("ext_wall_ins")["Samira"].status == "dropped"
    assert _news(smtp_server) == {}  # her own move: shown on her page, not mailed
    second = _form(desk, group_for(), "/offers")
    quote = offer_data(contractor="Muur & Zoon", price="88")
    assert (
        desk.post(second["action"], data=submitted(second, **quote)).status_code == 303
    )
    assert sorted(_news(smtp_server)) == ["an@buren.be"]
