"""A facilitator runs a meeting; three phones in three languages follow it live."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import create_meeting, login, step_button
from tests.support.journeys import join_url as link_of

pytestmark = pytest.mark.browser
FOLLOW_MS = 1000  # every phone follows a step change within a second


def test_facilitator_runs_a_meeting_and_phones_follow(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    info = "Informatie"
    code = create_meeting(
        manage, "Klimaattafel Sluizeken", [(info, "Welkom"), (info, "Warmte in huis")]
    )
    join_url = link_of(manage)
    assert join_url.startswith(base) and len(join_url.rsplit("/", 1)[1]) >= 32

    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    expect(screen.locator("svg").first).to_be_visible()
    expect(screen.locator(".code-large")).to_have_text(code)

    # Dutch phone scans the QR code.
    nl = phone("nl-BE")
    nl.goto(join_url)
    nl.get_by_role("button", name="Meedoen").first.click()
    expect(
        nl.get_by_role("heading", name="Welkom! We beginnen zo meteen.")
    ).to_be_visible()

    # French phone types the code at the home page, in lower case with a space.
    fr = phone("fr-BE")
    fr.goto(base)
    fr.get_by_label("Code de la réunion").fill(
        code[:3].lower() + " " + code[3:].lower()
    )
    fr.get_by_role("button", name="Participer").click()
    fr.get_by_role("button", name="Participer").first.click()
    expect(
        fr.get_by_role("heading", name="Bienvenue ! Nous commençons dans un instant.")
    ).to_be_visible()

    # English phone scans and fills the optional household profile.
    en = phone("en-GB")
    en.goto(join_url)
    en.get_by_text("Tell us about your home (optional)").click()
    en.get_by_label("I rent", exact=True).check()
    en.get_by_label("Row house").check()
    en.get_by_label("Street (optional)").fill("Meersenierstraat")
    en.get_by_role("button", name="Take part").last.click()
    expect(
        en.get_by_role("heading", name="Welcome! We start in a moment.")
    ).to_be_visible()

    phones = [nl, fr, en]
    for page in phones:
        expect(page.locator("#live-status")).not_to_have_text(re.compile("…"))
        page.evaluate("window.__sameDocument = true")
    expect(screen.locator("#meeting-count .count-number")).to_have_text("3")
    expect(manage.locator("#meeting-count .count-number")).to_have_text("3")

    # The facilitator opens the first step: every phone follows within a second.
    step_button(manage, "Openen", "Welkom").click()
    started = time.monotonic()
    for page in phones:
        expect(page.locator("#meeting-step h2")).to_have_text(
            "Welkom", timeout=FOLLOW_MS
        )
    assert time.monotonic() - started < FOLLOW_MS / 1000 * len(phones)
    expect(screen.locator("#screen-step h2")).to_have_text("Welkom", timeout=FOLLOW_MS)

    # Closing is followed too, in each phone's own language.
    step_button(manage, "Sluiten", "Welkom").click()
    expect(nl.locator("#meeting-step .state")).to_have_text(
        "Gesloten", timeout=FOLLOW_MS
    )
    expect(fr.locator("#meeting-step .state")).to_have_text("Fermé", timeout=FOLLOW_MS)
    expect(en.locator("#meeting-step .state")).to_have_text("Closed", timeout=FOLLOW_MS)

    # One phone loses the network while the facilitator moves on.
    en.context.set_offline(True)
    step_button(manage, "Openen", "Warmte in huis").click()
    expect(nl.locator("#meeting-step h2")).to_have_text(
        "Warmte in huis", timeout=FOLLOW_MS
    )
    en.context.set_offline(False)
    expect(en.locator("#meeting-step h2")).to_have_text(
        "Warmte in huis", timeout=10_000
    )

    # Nothing was reloaded: the same documents followed along.
    for page in phones:
        assert page.evaluate("window.__sameDocument") is True

    # A reload keeps the same anonymous participant.
    nl.reload()
    expect(nl.locator("#meeting-step h2")).to_have_text("Warmte in huis")
    expect(screen.locator("#meeting-count .count-number")).to_have_text("3")

    for page in (nl, fr, en, manage, screen):
        assert_accessible(page)
