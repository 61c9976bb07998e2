"""axe-core finds no serious or critical issue on any page, in Dutch and Arabic."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import (
    create_meeting,
    join_by_qr,
    join_url,
    login,
    step_button,
)

pytestmark = pytest.mark.browser
STEPS = [
    ("Informatie", "Welkom"),
    ("Bevraging: wat plan je?", "Plannen"),
    ("Energiefacturen vergelijken", "Facturen"),
    ("Persona-oefening", "Andere ogen"),
    ("Inschrijven voor groepsaankopen", "Samen"),
]
TAKE_PART = {"nl-BE": "Meedoen", "ar": "شارك"}


@pytest.fixture(scope="module")
def staff_account(live_server):
    live_server.create_user("toegang@gent.be", "Staff", "staff")
    return "toegang@gent.be"


@pytest.mark.parametrize("locale", ["nl-BE", "ar"])
def test_every_page_is_accessible(
    live_server, new_context, desk, phone, staff_account, locale
):
    base = live_server.url
    # The facilitator works in Dutch and builds the meeting.
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, f"Toegankelijk {locale}", STEPS)
    url = join_url(manage)

    # Everything else is looked at in the language under test.
    context = new_context(locale=locale, viewport={"width": 1280, "height": 900})
    try:
        visitor = context.new_page()
        for path in ("/", "/login", "/offline"):
            visitor.goto(base + path)
            # The staff login is only in the languages staff screens are complete in.
            rtl = locale == "ar" and path != "/login"
            expect(visitor.locator("html")).to_have_attribute(
                "dir", "rtl" if rtl else "ltr"
            )
            assert_accessible(visitor)

        page = phone(locale)
        page.goto(url)
        assert_accessible(page)
        join_by_qr(page, url, TAKE_PART[locale])
        assert_accessible(page)

        watcher = context.new_page()
        login(watcher, base)
        screen = context.new_page()
        screen.goto(f"{base}/m/{code}/screen")
        for _kind, title in STEPS:
            step_button(manage, "Openen", title).click()
            expect(page.locator("#meeting-step h2")).to_have_text(title)
            assert_accessible(page)
            expect(screen.locator("#screen-step h2")).to_have_text(title)
            assert_accessible(screen)
            step_button(manage, "Toon resultaten", title).click()
            expect(page.locator("#meeting-step .state-revealed")).to_be_visible()
            assert_accessible(page)
        for path in (f"/m/{code}/manage", f"/m/{code}/report", "/meetings"):
            watcher.goto(base + path)
            assert_accessible(watcher)

        staff_context = new_context(
            locale=locale, viewport={"width": 1280, "height": 900}
        )
        staff = staff_context.new_page()
        login(staff, base, email=staff_account)
        for path in ("/municipality", "/bills/overview"):
            staff.goto(base + path)
            assert_accessible(staff)
        staff_context.close()
    finally:
        context.close()
