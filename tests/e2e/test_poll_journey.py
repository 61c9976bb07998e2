"""Five phones in three languages answer the intention poll; the screen counts live."""

import re

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
POLL = "Bevraging: wat plan je?"
TAKE_PART = {"nl-BE": "Meedoen", "fr-BE": "Participer", "en-GB": "Take part"}
SOLAR = {"nl-BE": "Zonnepanelen", "fr-BE": "Panneaux solaires", "en-GB": "Solar panels"}
RESULTS = {
    "nl-BE": "Wat de buren antwoordden",
    "fr-BE": "Ce que les voisins ont répondu",
    "en-GB": "What the neighbours answered",
}


def _measure(page, name: str):
    return page.locator(
        ".measure", has=page.get_by_role("heading", name=name, exact=True)
    )


def _answer(page, locale: str, horizon_label: str) -> None:
    button = _measure(page, SOLAR[locale]).get_by_role("button", name=horizon_label)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_five_phones_answer_and_see_results_in_their_language(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Poll", [(POLL, "Wat plan je?")])
    url = join_url(manage)
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")

    plan = [
        ("nl-BE", "Binnen 1 jaar"),
        ("fr-BE", "Dans 1 an"),
        ("en-GB", "Within 1 year"),
        ("nl-BE", "Al gedaan"),
        ("fr-BE", "Pas maintenant"),
    ]
    phones = []
    for locale, _label in plan:
        page = phone(locale)
        join_by_qr(page, url, TAKE_PART[locale])
        phones.append(page)

    step_button(manage, "Openen", "Wat plan je?").click()
    for page, (locale, label) in zip(phones, plan, strict=True):
        expect(_measure(page, SOLAR[locale])).to_be_visible()
        _answer(page, locale, label)
    assert_accessible(phones[0])

    # The screen's bars show the exact counts within a second of the last answer.
    solar_bar = screen.locator("figure.bar-row").first
    expected = {"1y": "3", "done": "1", "not_now": "1"}
    for horizon, count in expected.items():
        segment = solar_bar.locator(f'.segment[data-horizon="{horizon}"]')
        expect(segment).to_have_attribute("data-count", count)
    expect(solar_bar).to_have_attribute("data-total", "5")
    expect(screen.locator(".households")).to_contain_text("5")
    expect(manage.locator(".poll-analysis figure.bar-row").first).to_have_attribute(
        "data-total", "5"
    )

    # A change replaces the answer: counts move, the total stays.
    _answer(phones[4], "fr-BE", "Dans 5 ans")
    expect(solar_bar.locator('.segment[data-horizon="5y"]')).to_have_attribute(
        "data-count", "1"
    )
    expect(solar_bar).to_have_attribute("data-total", "5")

    step_button(manage, "Toon resultaten", "Wat plan je?").click()
    for page, (locale, _label) in zip(phones, plan, strict=True):
        expect(page.get_by_role("heading", name=RESULTS[locale])).to_be_visible()
        bar = page.locator("figure.bar-row").first
        expect(bar.locator('.segment[data-horizon="1y"]')).to_have_attribute(
            "data-count", "3"
        )
        expect(bar.locator("figcaption")).to_contain_text(SOLAR[locale])

    for page in (phones[0], phones[1], screen, manage):
        assert_accessible(page)


def test_poll_works_at_320px_by_keyboard_alone(live_server, desk, new_context):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Smal", [(POLL, "Plannen")])
    url = join_url(manage)
    step_button(manage, "Openen", "Plannen").click()

    context = new_context(
        locale="nl-BE", viewport={"width": 320, "height": 640}, is_mobile=True
    )
    try:
        page = context.new_page()
        join_by_qr(page, url, "Meedoen")
        expect(_measure(page, "Zonnepanelen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

        target = page.locator(
            "#" + _measure(page, "Zonnepanelen").get_attribute("id") + "-5y"
        )
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == target.get_attribute("id"):
                break
        else:
            pytest.fail("the answer button is not reachable by keyboard")
        page.keyboard.press("Enter")
        expect(target).to_have_attribute("aria-pressed", "true")
        # Focus stays on the answered button after the swap, so Tab goes on from there.
        expect(target).to_be_focused()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert re.search(r"\w", focused)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)
    finally:
        context.close()
