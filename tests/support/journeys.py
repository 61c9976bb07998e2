"""Steps a facilitator takes in the browser, shared by the journeys."""

import re

from playwright.sync_api import expect

from tests.support.web import PASSWORD


def login(page, base: str, email: str = "fien@gent.be") -> None:
    """Log in through the form, whatever the page's language."""
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form:not(.languages) button[type=submit]").click()
    expect(page.locator("nav.staff-nav")).to_be_visible()


def create_meeting(page, title: str, steps: list[tuple[str, str]]) -> str:
    """Create a meeting with (kind label, title) steps; return its join code."""
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Wijk").fill("Sluizeken")
    page.get_by_label("Plaats").fill("Buurtcentrum")
    page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    create_meeting_steps(page, steps)
    return page.locator("strong.code").first.inner_text()


def create_meeting_steps(page, steps: list[tuple[str, str]]) -> None:
    """Add (kind label, title) steps to the meeting on the facilitator's page."""
    for kind, step_title in steps:
        page.get_by_label("Soort stap").select_option(label=kind)
        page.get_by_label("Titel").fill(step_title)
        page.get_by_label("Tekst voor de telefoons").fill(f"Uitleg bij {step_title}")
        page.get_by_role("button", name="Stap toevoegen").click()
        expect(
            page.locator("#manage-steps .step-title", has_text=step_title)
        ).to_be_visible()


def join_url(page) -> str:
    return page.locator('a[href*="/j/"]').get_attribute("href")


def step_button(page, label: str, step: str):
    row = page.locator(
        "#manage-steps li", has=page.locator(".step-title", has_text=step)
    )
    return row.get_by_role("button", name=re.compile(f"^{label}"))


def join_by_qr(page, url: str, button: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=button).first.click()
    expect(page.locator("#meeting-step")).to_be_visible()
    expect(page.locator("#live-status")).not_to_have_text(re.compile("…"))


def add_ideas_step(page, title: str, question: str) -> None:
    """Add an ideas step with its open question to the agenda on the page."""
    page.get_by_label("Soort stap").select_option(label="Ideeën")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Open vraag (voor een ideeënstap)").fill(question)
    page.get_by_role("button", name="Stap toevoegen").click()
    expect(page.locator("#manage-steps .step-title", has_text=title)).to_be_visible()


def share_idea(page, text: str) -> None:
    """Share an idea from a phone on an open ideas step; its field empties."""
    share = page.locator(".idea-share")
    share.locator("textarea").fill(text)
    share.get_by_role("button").click()
    expect(page.locator(".idea-share .saved")).to_be_visible()
    expect(page.locator(".idea-share textarea")).to_have_value("")


def open_sign_up(page, base: str, title: str, step: str = "Samen") -> str:
    """Log the facilitator in, create a meeting whose one step is a sign-up for
    group purchases, open it; return the URL its QR code carries."""
    login(page, base)
    create_meeting(page, title, [("Inschrijven voor groepsaankopen", step)])
    url = join_url(page)
    step_button(page, "Openen", step).click()
    return url
