"""An Arabic phone at 320 px through a whole meeting: the pictures keep their text
inside, nothing sticks out sideways, a Dutch title keeps its "?" at its end, the
bars grow from the right, and e-mail, phone and numbers are written left to right.
Screenshots of every screen go to test-results/rtl/."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import create_meeting, join_url, login, step_button
from tests.support.pictures import ENDS_WITH, OVERFLOW, SVG_TEXT_OUTSIDE, shoot

pytestmark = pytest.mark.browser
POLL = "Bevraging: wat plan je?"
BILLS = "Energiefacturen vergelijken"
SIGNUP = "Inschrijven voor groepsaankopen"
TITLE = "Wat doen we in onze straat?"
NARROW = {
    "viewport": {"width": 320, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def _screen_is_whole(page, name: str) -> None:
    """Nothing sticks out at 320 px and every picture keeps its text inside."""
    page.wait_for_timeout(100)  # let a swapped fragment settle before measuring
    shoot(page, "rtl", name)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["out"] == [], (name, overflow)
    assert overflow["scroll"] <= overflow["width"], (name, overflow)
    assert page.evaluate(SVG_TEXT_OUTSIDE) == [], name


def _ends_with_question_mark(locator) -> None:
    drawn = locator.evaluate(ENDS_WITH, "?")
    assert drawn["text"].endswith("?"), drawn
    # a left-to-right Dutch title: the "?" stands right of the letter before it
    assert drawn["last"] > drawn["before"], drawn


def _join(page, url: str) -> None:
    page.goto(url)
    page.locator("main form:not(.languages) button[type=submit]").first.click()
    expect(page.locator("#meeting-step")).to_be_visible()


def test_an_arabic_phone_sees_every_screen_whole(live_server, desk, new_context):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(
        manage,
        TITLE,
        [(POLL, "Wat plan je?"), (BILLS, "Onze factuur"), (SIGNUP, "Samen")],
    )
    manage.get_by_label("Soort stap").select_option(label="Persona-oefening")
    manage.get_by_label("Titel").fill("Andere ogen?")
    manage.get_by_label("Tekst voor de telefoons").fill("Kijk door andere ogen")
    manage.get_by_label("Voorstellen om als persona te beoordelen").fill(
        "Bankjes om de 100 meter?"
    )
    manage.get_by_role("button", name="Stap toevoegen").click()
    expect(
        manage.locator("#manage-steps .step-title", has_text="Andere ogen")
    ).to_be_visible()
    url = join_url(manage)

    phone = new_context(locale="ar", **NARROW).new_page()
    phone.goto(url)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    _ends_with_question_mark(phone.locator("main h1"))
    # the arrow of "take part" points the way Arabic reads
    arrow = phone.locator('svg.icon[data-icon="arrow"]').first
    assert arrow.evaluate("e => getComputedStyle(e).transform") == (
        "matrix(-1, 0, 0, 1, 0, 0)"
    )
    _screen_is_whole(phone, "join")
    phone.locator("main form:not(.languages) button[type=submit]").first.click()
    expect(phone.locator("#meeting-step")).to_be_visible()
    _ends_with_question_mark(phone.locator("h1.phone-title"))
    _screen_is_whole(phone, "waiting")

    neighbour = new_context(locale="nl-BE", **NARROW).new_page()
    _join(neighbour, url)

    step_button(manage, "Openen", "Wat plan je?").click()
    expect(phone.locator(".measure").first).to_be_visible()
    _ends_with_question_mark(phone.locator("h2.step-title"))
    first = phone.locator(".measure").first.get_attribute("id")
    phone.locator(f"#{first}-1y").click()
    expect(phone.locator(f"#{first}-1y")).to_have_attribute("aria-pressed", "true")
    neighbour.locator(f"#{first}-done").click()
    expect(neighbour.locator(f"#{first}-done")).to_have_attribute(
        "aria-pressed", "true"
    )
    _screen_is_whole(phone, "poll-open")
    assert_accessible(phone)

    step_button(manage, "Toon resultaten", "Wat plan je?").click()
    bar = phone.locator("figure.bar-row").first
    expect(bar).to_be_visible()
    expect(bar.locator("figcaption")).to_be_visible()
    # right to left, the bar grows from the right: "done" comes first, rightmost
    done = bar.locator('.segment[data-horizon="done"] rect')
    later = bar.locator('.segment[data-horizon="1y"] rect')
    assert float(done.get_attribute("x")) > float(later.get_attribute("x"))
    ltr_done = neighbour.locator(
        'figure.bar-row >> nth=0 >> .segment[data-horizon="done"] rect'
    )
    assert float(ltr_done.get_attribute("x")) == 0
    _screen_is_whole(phone, "poll-revealed")
    assert_accessible(phone)

    step_button(manage, "Openen", "Onze factuur").click()
    expect(phone.locator(".bill-picture svg")).to_be_visible()
    for page in (phone, neighbour):
        expect(page.locator(".bill-picture svg")).to_be_visible()
        _labels_beside_their_numbers(page)
    _screen_is_whole(phone, "bills-open")
    assert_accessible(phone)
    _screen_is_whole(neighbour, "bills-open-nl")
    for name in ("elec_kwh", "advance_eur"):
        field = phone.locator(f'input[name="{name}"]')
        assert field.evaluate("e => getComputedStyle(e).direction") == "ltr"
    phone.locator('input[name="elec_kwh"]').fill("2200")
    phone.locator('input[name="heat_amount"]').fill("15000")
    phone.locator('input[name="advance_eur"]').fill("120")
    phone.locator('input[name="contract"]').first.check()
    phone.locator('input[name="household_size"]').fill("2")
    phone.locator('form[data-own-figures] button[type="submit"]').click()
    expect(phone.locator(".bills .flash")).to_be_visible()
    step_button(manage, "Toon resultaten", "Onze factuur").click()
    reference = phone.locator('[data-reference="elec_kwh"]')
    expect(reference).to_be_visible()
    # too few neighbours: the phone finds its own place against the typical household
    expect(reference.locator('.strip-you[visibility="visible"]')).to_have_count(1)
    _screen_is_whole(phone, "bills-reference")
    assert_accessible(phone)

    step_button(manage, "Openen", "Samen").click()
    expect(phone.locator('input[name="email"]')).to_be_visible()
    for name in ("email", "phone"):
        field = phone.locator(f'input[name="{name}"]')
        assert field.evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert field.evaluate("e => getComputedStyle(e).textAlign") == "left"
    house = phone.locator('input[name="house_number"]')
    assert house.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # every box, consent too, stands on the side where Arabic starts: the right
    sides = phone.locator("form label.choice").evaluate_all(
        """labels => labels.map(label => {
             const box = label.querySelector('input').getBoundingClientRect();
             const all = label.getBoundingClientRect();
             return all.right - box.right < box.left - all.left;
           })"""
    )
    assert sides and all(sides), sides
    _screen_is_whole(phone, "signup")
    assert_accessible(phone)

    step_button(manage, "Openen", "Andere ogen?").click()
    expect(phone.locator(".persona-card")).to_be_visible()
    _ends_with_question_mark(phone.locator("h2.step-title"))
    _ends_with_question_mark(phone.locator(".proposal-text").first)
    _screen_is_whole(phone, "persona")
    assert_accessible(phone)
    step_button(manage, "Toon resultaten", "Andere ogen?").click()
    expect(phone.locator(".persona-wall")).to_be_visible()
    _screen_is_whole(phone, "persona-wall")


def _labels_beside_their_numbers(page) -> None:
    """On the bill picture each label stays off its numbered circle."""
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('.bill-picture g')].map(g => {
             const [label, number] = g.querySelectorAll('text');
             const a = label.getBoundingClientRect();
             const b = g.querySelector('circle').getBoundingClientRect();
             return a.left < b.right && b.left < a.right ? label.textContent : null;
           }).filter(Boolean)"""
    )
    assert overlaps == [], overlaps
