"""A whole meeting with the keyboard only: join, follow an information step,
answer the poll, enter a bill, answer as a persona, sign up, and share and
upvote an idea, every move a key press (Tab, Shift+Tab, arrows, Space, Enter,
typing). The test reads where the focus is; it never clicks."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, assert_accessible
from tests.support.journeys import (
    add_ideas_step,
    create_meeting,
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
MOST_TABS = 250  #: more than any phone page has focusable elements


def _tab_to(page, selector: str) -> None:
    """Press Tab until the focus is on the first element matching `selector`."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def _focus_is_visible(page) -> None:
    """The focused element shows an outline a sighted keyboard user can follow."""
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none", page.evaluate("() => document.activeElement.outerHTML")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def test_a_whole_meeting_with_the_keyboard_only(live_server, desk, new_context):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Toetsenbord", STEPS)
    add_ideas_step(manage, "Koel", "Wat maakt de straat koel?")
    url = join_url(manage)

    page = new_context(locale="nl-BE", **PHONE).new_page()
    page.goto(url)
    # the first Tab offers the skip link
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("skip")
    _tab_to(page, "button[name=go]")
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#meeting-step")).to_be_visible()

    # information: a screen reader hears the new step from a live region that
    # is not swapped, and the keyboard moves on through the page
    step_button(manage, "Openen", "Welkom").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Welkom")
    announcer = page.locator("#step-announcer")
    expect(announcer).to_have_text("Welkom. Bezig")
    _tab_to(page, "form.languages button")
    _focus_is_visible(page)

    # the poll: one answer, then its barrier, each with Space or Enter
    step_button(manage, "Openen", "Plannen").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Plannen")
    expect(announcer).to_have_text("Plannen. Bezig")
    expect(announcer).to_have_attribute("role", "status")
    assert (
        page.locator("#meeting-step #step-announcer, #meeting-step [aria-live]").count()
        == 0
    )
    _tab_to(page, ".measure .answer-button[value='1y']")
    _focus_is_visible(page)
    page.keyboard.press("Space")
    first = page.locator(".measure").first
    expect(first.locator(".answer-button[value='1y']")).to_have_attribute(
        "aria-pressed", "true"
    )
    _tab_to(page, ".measure .chip[value='money']")
    page.keyboard.press("Enter")
    expect(first.locator(".chip[value='money']")).to_have_attribute(
        "aria-pressed", "true"
    )

    # the bill: numbers typed, a radio chosen with the arrow keys, sent with Enter
    step_button(manage, "Openen", "Facturen").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Facturen")
    _type_into(page, "input[name=elec_kwh]", "3200")
    _type_into(page, "input[name=heat_amount]", "15000")
    _type_into(page, "input[name=advance_eur]", "150")
    _tab_to(page, "input[name=contract]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("() => document.activeElement.value")
    expect(page.locator(f"input[name=contract][value='{chosen}']")).to_be_checked()
    _type_into(page, "input[name=household_size]", "3")
    _tab_to(page, "form[data-own-figures] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#meeting-step .bills [role=status]")).to_be_visible()

    # the persona: type an answer, save it with Enter on its one Save button
    step_button(manage, "Openen", "Andere ogen").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Andere ogen")
    prompt = page.locator(".persona-prompt").first
    # one Save per question, for the answer as the persona and as oneself alike
    prompts = page.locator(".persona-prompt")
    expect(prompts.first).to_be_visible()
    saves = prompts.evaluate_all(
        "ps => ps.map(p => p.querySelectorAll('button[type=submit]').length)"
    )
    assert saves == [1] * prompts.count()
    expect(announcer).to_have_text("Andere ogen. Bezig")
    answer = ".persona-prompt textarea[name=as_persona]"
    _type_into(page, answer, "Een bank om te rusten")
    _tab_to(page, ".persona-prompt button[type=submit]")
    page.keyboard.press("Enter")
    expect(prompt.locator(".saved")).to_be_visible()
    expect(prompt.locator("textarea[name=as_persona]")).to_have_value(
        "Een bank om te rusten"
    )

    # the sign-up: the planned measure is ticked already; "more" opens with Enter
    step_button(manage, "Openen", "Samen").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Samen")
    _tab_to(page, ".more-choices summary")
    page.keyboard.press("Enter")
    expect(page.locator(".more-choices")).to_have_attribute("open", "")
    _tab_to(page, ".more-choices input[name=measures]")
    page.keyboard.press("Space")
    expect(page.locator(".more-choices input[name=measures]").first).to_be_checked()
    _tab_to(page, "input[name=horizon]")
    page.keyboard.press("Space")
    _type_into(page, "input[name=name]", "Ann Claes")
    _type_into(page, "input[name=email]", "ann@buren.be")
    _type_into(page, "input[name=street]", "Sleepstraat")
    _type_into(page, "input[name=house_number]", "3")
    _tab_to(page, "input[name=consent_contact]")
    page.keyboard.press("Space")
    _tab_to(page, "form[action*='/signup'] button[type=submit]")
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".private-link a")).to_be_visible()
    assert_accessible(page)

    # ideas: type one, share it with Enter on its button, upvote it with Space
    step_button(manage, "Openen", "Koel").click()
    expect(page.locator("#meeting-step h2")).to_have_text("Koel")
    expect(announcer).to_have_text("Koel. Bezig")
    _type_into(page, ".idea-share textarea[name=text]", "Meer bomen")
    _tab_to(page, ".idea-share button[type=submit]")
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".idea-share .saved")).to_be_visible()
    vote = page.locator(".idea-picks li.idea", has_text="Meer bomen").locator(".chip")
    expect(vote).to_be_visible()
    _tab_to(page, ".idea-picks .chip")
    _focus_is_visible(page)
    page.keyboard.press("Space")
    expect(vote).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
