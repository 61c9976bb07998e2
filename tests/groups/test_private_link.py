"""The private link: a resident sees, changes or withdraws a sign-up with
nothing but what the page itself sends (no script, no extra header)."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.logic import in_brussels
from app.groups.models import Signup
from tests.support.forms import forms_of, submitted
from tests.support.signups import private_link, sign_up
from tests.support.web import join

SAVED = {
    "nl": "Je wijzigingen zijn bewaard.",
    "fr": "Vos modifications sont enregistrées.",
    "en": "Your changes are saved.",
    "tr": "Değişiklikleriniz kaydedildi.",
    "ar": "تم حفظ تغييراتك.",
}


def _stored() -> Signup:
    db.session.expire_all()
    return db.session.scalars(sa.select(Signup)).one()


def _own_form(page) -> dict:
    """Return the page's change form: the one that posts back to the page."""
    return next(f for f in forms_of(page.get_data(as_text=True)) if not f["action"])


@pytest.mark.parametrize("lang", sorted(SAVED))
@pytest.mark.parametrize("browser", ["same phone", "fresh browser"])
def test_a_change_is_saved_from_the_page_as_it_is(
    client, new_client, signup_meeting, lang, browser
):
    join(client, signup_meeting)
    link = private_link(sign_up(client, signup_meeting))
    owner = client if browser == "same phone" else new_client()
    headers = {"Accept-Language": lang}
    form = _own_form(owner.get(link, headers=headers))
    data = submitted(form, phone="0470 12 34 56", consent_news="y")
    saved = owner.post(link, data=data, headers=headers)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:400]
    page = owner.get(saved.headers["Location"], headers=headers)
    assert SAVED[lang] in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    signup = _stored()
    assert signup.consent_news and signup.phone == "+32 470 12 34 56"
    assert signup.email == "an@example.be"  # what was not touched stays


def test_a_refused_change_says_why_and_changes_nothing(new_client, signup_meeting):
    phone = new_client()
    join(phone, signup_meeting)
    link = private_link(sign_up(phone, signup_meeting))
    owner = new_client()
    form = _own_form(owner.get(link))
    before = _stored().updated_at
    refused = owner.post(link, data=submitted(form, phone="12", consent_news="y"))
    assert refused.status_code == 422
    assert 'class="error"' in refused.get_data(as_text=True)
    signup = _stored()
    assert (signup.phone, signup.consent_news, signup.updated_at) == (
        None,
        False,
        before,
    )
    forged = owner.post(link, data=submitted(form, csrf_token="forged"))
    assert forged.status_code == 400
    assert "Dit formulier is verlopen" in forged.get_data(as_text=True)


def _hrefs(response) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', response.get_data(as_text=True))


def test_withdrawing_leads_back_to_the_meeting_or_home(client, signup_meeting):
    join(client, signup_meeting)
    link = private_link(sign_up(client, signup_meeting))
    page = client.get(link)
    form = next(
        f
        for f in forms_of(page.get_data(as_text=True))
        if f["action"] == f"{link}/withdraw"
    )
    done = client.post(form["action"], data=submitted(form))
    assert done.status_code == 200 and "no-store" in done.headers["Cache-Control"]
    meeting = f"/m/{signup_meeting.code}"
    assert {meeting, "/"} <= set(_hrefs(done))
    assert client.get(meeting).status_code == 200  # this phone's meeting page
    gone = client.get(link)
    assert gone.status_code == 404 and "/" in _hrefs(gone)


def test_an_expired_form_leads_back_to_a_fresh_one(new_client, signup_meeting):
    phone = new_client()
    join(phone, signup_meeting)
    link = private_link(sign_up(phone, signup_meeting))
    owner = new_client()
    form = _own_form(owner.get(link))
    owner.delete_cookie("session")  # a day later: the session is gone
    expired = owner.post(link, data=submitted(form, consent_news="y"))
    assert expired.status_code == 400
    assert "no-store" in expired.headers["Cache-Control"]
    assert expired.headers["Referrer-Policy"] == "no-referrer"
    assert {link, "/"} <= set(_hrefs(expired))
    again = owner.get(link)
    fresh = _own_form(again)
    assert owner.post(link, data=submitted(fresh, consent_news="y")).status_code == 302
    assert _stored().consent_news
    stale_signup = phone.post(  # a form that does not come back by GET: home only
        f"/m/{signup_meeting.code}/groups/{signup_meeting.current_step.id}/signup"
    )
    assert stale_signup.status_code == 400
    assert set(_hrefs(stale_signup)) == {"#main", "/"}  # skip link, home


def test_the_private_page_shows_the_brussels_date(new_client, signup_meeting):
    phone = new_client()
    join(phone, signup_meeting)
    link = private_link(sign_up(phone, signup_meeting))
    signup = _stored()
    signup.consented_at = signup.consented_at.replace(hour=23, minute=30)
    db.session.commit()
    day = in_brussels(signup.consented_at).day  # the next day in Brussels
    page = phone.get(link, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(rf"Consent given on \w+ {day}, \d{{4}}", page)
