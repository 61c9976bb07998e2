"""Residents sign up at the table in Dutch and in Arabic, find their private link
in the mail the test's SMTP server received, open it, and unsubscribe from news
on a page in their own language (phone size, axe-core clean)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import open_sign_up

pytestmark = pytest.mark.browser
#: the unsubscribe page's question and its answer, as each household reads them
UNSUBSCRIBE = {
    "nl": ("Uitschrijven", "Je krijgt geen nieuws meer per e-mail"),
    "ar": ("إلغاء الاشتراك", "لن تصلك أخبار بالبريد الإلكتروني بعد الآن"),
}


def _sign_up(page, url: str, email: str) -> None:
    """Sign up from a phone by what the form holds, whatever its language."""
    page.goto(url)
    page.locator("main form:not(.languages) button[type=submit]").first.click()
    expect(page.locator("#meeting-step")).to_be_visible()
    page.locator("input[name=measures][value=glazing]").check()
    page.locator("input[name=horizon][value='1y']").check()
    page.locator("input[name=name]").fill("Chaima El Idrissi")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=street]").fill("Sleepstraat")
    page.locator("input[name=house_number]").fill("7")
    page.locator("input[name=consent_contact]").check()
    page.locator("input[name=consent_news]").check()
    page.locator("form[hx-post*='/signup'] button[type=submit]").click()
    expect(page.locator(".private-link a")).to_be_visible()


def _mail_to(smtp, email: str, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for mail in smtp.received:
            if mail.recipients == [email]:
                return mail
        time.sleep(0.1)
    raise AssertionError(f"no mail reached {email}")


def _absolute(mail, prefix: str) -> str:
    (link,) = [link for link in mail.links() if re.search(rf"//[^/]+{prefix}", link)]
    return link


def test_the_private_link_arrives_by_mail_and_news_can_be_stopped(
    mailing_server, desk, phone
):
    server, smtp = mailing_server
    manage = desk.new_page()
    url = open_sign_up(manage, server.url, "Klimaattafel Post", "Samen")

    for locale, lang in (("nl-BE", "nl"), ("ar", "ar")):
        email = f"{lang}@buren.be"
        _sign_up(phone(locale), url, email)
        mail = _mail_to(smtp, email)
        assert mail.message["Content-Language"] == lang

        reader = phone(locale)  # the household opens the mail on its phone
        reader.goto(_absolute(mail, "/s/"))
        expect(reader.locator("input[name=street]")).to_have_value("Sleepstraat")

        reader.goto(_absolute(mail, "/u/"))
        ask, done = UNSUBSCRIBE[lang]
        expect(reader.get_by_role("heading", name=ask)).to_be_visible()
        expect(reader.locator("html")).to_have_attribute(
            "dir", "rtl" if lang == "ar" else "ltr"
        )
        assert_accessible(reader)
        reader.locator("main form button[type=submit]").click()
        expect(reader.get_by_role("heading", name=done)).to_be_visible()
        assert_accessible(reader)
    assert len(smtp.received) == 2  # one message per household, once
