"""Every resident screen, in Dutch, Arabic, Polish, Romanian and Ukrainian: axe-core
finds nothing serious, the page is in that language, and at 200% zoom nothing
scrolls sideways.

200% zoom is modelled as a browser zooms: a 320 px phone zoomed to 200% lays the
page out in a viewport of 160 CSS pixels (each CSS pixel twice as large), and
media queries, viewport units and wrapping all see 160 px. Setting CSS `zoom` on
the body instead would scale the drawing but keep the layout viewport at 320 px,
which hides exactly the overflow zooming causes.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, assert_accessible
from tests.support.journeys import create_meeting, join_url, login, step_button

pytestmark = pytest.mark.browser
STEPS = [
    ("Informatie", "Welkom"),
    ("Bevraging: wat plan je?", "Plannen"),
    ("Energiefacturen vergelijken", "Facturen"),
    ("Persona-oefening", "Andere ogen"),
    ("Inschrijven voor groepsaankopen", "Samen"),
]
#: a word each language shows on the join page (its "Take part" button)
TAKE_PART = {
    "nl": "Meedoen",
    "ar": "شارك",
    "pl": "Weź udział",
    "ro": "Participă",
    "uk": "Взяти участь",
}
ZOOMED = {"width": 160, "height": 370}  #: a 320 x 740 phone at 200%


def _no_sideways_scrolling(page) -> None:
    """At 200% zoom the page fits its width: nothing to scroll sideways."""
    size = page.viewport_size
    page.set_viewport_size(ZOOMED)
    try:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                 .filter(e => e.getBoundingClientRect().right
                              > document.documentElement.clientWidth + 1
                           || e.getBoundingClientRect().left < -1)
                 .filter(e => e.getClientRects().length
                           && !e.closest('.visually-hidden, .skip'))
                 .slice(0, 3).map(e => e.outerHTML.slice(0, 120))"""
        )
        assert widths[0] <= widths[1], (page.url, widths, wide)
    finally:
        page.set_viewport_size(size)


def _check(page, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
    _no_sideways_scrolling(page)


def _sign_up(page) -> str:
    """Fill the sign-up by its fields' names, whatever the language; return the link."""
    form = page.locator("form[action*='/signup']")
    form.locator("input[name=measures]").first.check()
    form.locator("input[name=horizon][value='1y']").check()
    form.locator("input[name=name]").fill("Ola Nowak")
    form.locator("input[name=email]").fill("ola@buren.be")
    form.locator("input[name=street]").fill("Sleepstraat")
    form.locator("input[name=house_number]").fill("9")
    form.locator("input[name=consent_contact]").check()
    form.locator("button[type=submit]").click()
    link = page.locator(".private-link a")
    expect(link).to_be_visible()
    return re.sub(r"^https?://[^/]+", "", link.get_attribute("href"))


@pytest.mark.parametrize("lang", ["nl", "ar", "pl", "ro", "uk"])
def test_every_resident_screen_in_each_language(live_server, desk, new_context, lang):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, f"Klimaattafel {lang}", STEPS)
    # the ideas step asks its open question when it is added
    manage.get_by_label("Soort stap").select_option(label="Ideeën")
    manage.get_by_label("Titel").fill("Koel")
    manage.get_by_label("Open vraag (voor een ideeënstap)").fill(
        "Wat maakt de straat koel?"
    )
    manage.get_by_role("button", name="Stap toevoegen").click()
    expect(manage.locator("#manage-steps .step-title", has_text="Koel")).to_be_visible()
    url = join_url(manage)

    page = new_context(locale=lang, **PHONE).new_page()
    page.goto(base + "/")
    _check(page, lang)
    page.goto(url)
    _check(page, lang)
    page.get_by_role("button", name=TAKE_PART[lang]).first.click()
    expect(page.locator("#meeting-step")).to_be_visible()
    _check(page, lang)

    for _kind, title in [*STEPS, ("Ideeën", "Koel")]:
        step_button(manage, "Openen", title).click()
        expect(page.locator("#meeting-step h2")).to_have_text(title)
        if title == "Plannen":
            page.locator(".measure .answer-button[value='1y']").first.click()
            expect(page.locator(".measure .barrier-question").first).to_be_visible()
        _check(page, lang)
        if title == "Samen":
            link = _sign_up(page)
            _check(page, lang)
            own = new_context(locale=lang, **PHONE).new_page()
            own.goto(base + link)
            _check(own, lang)
            own.locator("form[action*='/withdraw'] button").click()
            expect(own.locator("main a[href^='/m/']")).to_be_visible()
            _check(own, lang)
        step_button(manage, "Toon resultaten", title).click()
        expect(page.locator("#meeting-step .state-revealed")).to_be_visible()
        _check(page, lang)
