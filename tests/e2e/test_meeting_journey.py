"""A facilitator runs a meeting; three phones in three languages follow it live."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser
FOLLOW_MS = 1000  # every phone follows a step change within a second


def _login(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill("fien@gent.be")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Bijeenkomsten")).to_be_visible()


def _create_meeting(page) -> str:
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    page.get_by_label("Titel").fill("Klimaattafel Sluizeken")
    page.get_by_label("Wijk").fill("Sluizeken")
    page.get_by_label("Plaats").fill("Buurtcentrum")
    page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(page.get_by_role("heading", name="Klimaattafel Sluizeken")).to_be_visible()
    for title in ("Welkom", "Warmte in huis"):
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Tekst voor de telefoons").fill(f"Uitleg bij {title}")
        page.get_by_role("button", name="Stap toevoegen").click()
    return page.locator("strong.code").first.inner_text()


def _step_button(page, label: str, step: str):
    row = page.locator(
        "#manage-steps li", has=page.locator(".step-title", has_text=step)
    )
    return row.get_by_role("button", name=re.compile(f"^{label}"))


def test_facilitator_runs_a_meeting_and_phones_follow(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    _login(manage, base)
    code = _create_meeting(manage)
    join_url = manage.locator('a[href*="/j/"]').get_attribute("href")
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
    _step_button(manage, "Openen", "Welkom").click()
    started = time.monotonic()
    for page in phones:
        expect(page.locator("#meeting-step h2")).to_have_text(
            "Welkom", timeout=FOLLOW_MS
        )
    assert time.monotonic() - started < FOLLOW_MS / 1000 * len(phones)
    expect(screen.locator("#screen-step h2")).to_have_text("Welkom", timeout=FOLLOW_MS)

    # Closing is followed too, in each phone's own language.
    _step_button(manage, "Sluiten", "Welkom").click()
    expect(nl.locator("#meeting-step .state")).to_have_text(
        "Gesloten", timeout=FOLLOW_MS
    )
    expect(fr.locator("#meeting-step .state")).to_have_text("Fermé", timeout=FOLLOW_MS)
    expect(en.locator("#meeting-step .state")).to_have_text("Closed", timeout=FOLLOW_MS)

    # One phone loses the network while the facilitator moves on.
    en.context.set_offline(True)
    _step_button(manage, "Openen", "Warmte in huis").click()
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
