"""A facilitator shapes an evening's agenda from a template and runs a step
whose countdown closes it, with a phone following."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import join_by_qr, login, step_button
from tests.e2e.helpers import join_url as link_of

pytestmark = pytest.mark.browser


def _titles(page) -> list[str]:
    return page.locator("#manage-steps .step-title").all_inner_texts()


def _for(action: str, what: str) -> re.Pattern:
    """Return the accessible name of a button or link for one item: its words,
    then the item (hidden from the eye): "Move up: Welcome"."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(what)}")


def _new_meeting(page, title: str) -> None:
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Wijk").fill("Sluizeken")
    page.get_by_label("Plaats").fill("Buurtcentrum")
    page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_facilitator_shapes_the_agenda_and_a_countdown_closes_a_step(
    live_server, desk, phone
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)

    # Start from a ready-made template.
    manage.get_by_role("link", name="Begin met een sjabloon").click()
    expect(manage.get_by_role("heading", name="Agendasjablonen")).to_be_visible()
    assert_accessible(manage)
    manage.get_by_role(
        "link", name=_for("Bijeenkomst beginnen", "Straten naar de toekomst")
    ).click()
    assert_accessible(manage)
    _new_meeting(manage, "Straten van Sluizeken")
    assert _titles(manage) == [
        "Welkom",
        "Van wie is de straat?",
        "Wat zou jij doen voor een groenere, rustigere straat?",
        "Samen doen",
    ]
    assert_accessible(manage)

    # Add a step with a countdown that closes it.
    add = manage.locator(
        "form", has=manage.get_by_role("button", name="Stap toevoegen")
    )
    add.get_by_label("Soort stap").select_option(label="Informatie")
    add.get_by_label("Titel").fill("Korte pauze")
    add.get_by_label("Aftellen in minuten (niet verplicht)").fill("0.1")
    add.get_by_label("Sluit de stap als de tijd om is").check()
    add.get_by_role("button", name="Stap toevoegen").click()
    expect(manage.locator("#manage-steps .step-title").last).to_have_text("Korte pauze")

    # Edit a step: its title and, while nobody answered, its measures.
    manage.get_by_role("link", name=_for("Bewerken", "Wat zou jij doen")).click()
    expect(manage.get_by_role("heading", name="Stap bewerken")).to_be_visible()
    expect(manage.get_by_label("Deelauto")).to_be_checked()
    assert_accessible(manage)
    manage.get_by_label("Titel").fill("Wat doe jij voor de straat?")
    manage.get_by_label("Aansluiten op een warmtenet").check()
    manage.get_by_role("button", name="Stap bewaren").click()
    expect(manage.locator(".flash", has_text="De stap is bewaard.")).to_be_visible()
    assert "Wat doe jij voor de straat?" in _titles(manage)

    # Reorder with the keyboard: the focus stays on the step that moved.
    down = manage.get_by_role("button", name=_for("Omlaag", "Welkom"))
    down.focus()
    manage.keyboard.press("Enter")
    expect(manage.locator("#manage-steps .step-title").nth(1)).to_have_text("Welkom")
    expect(manage.locator("#manage-steps [role=status]")).to_have_text(
        "“Welkom” is nu stap 2 van 5."
    )
    expect(manage.locator(":focus")).to_have_text(re.compile("Welkom"))
    manage.keyboard.press("Enter")  # the focused button moves it once more
    expect(manage.locator("#manage-steps .step-title").nth(2)).to_have_text("Welkom")
    manage.get_by_role("button", name=_for("Omhoog", "Welkom")).click()
    expect(manage.locator("#manage-steps .step-title").nth(1)).to_have_text("Welkom")
    manage.get_by_role("button", name=_for("Omhoog", "Welkom")).click()
    expect(manage.locator("#manage-steps .step-title").first).to_have_text("Welkom")

    # Delete a step, after saying yes.
    manage.get_by_role("link", name=_for("Verwijderen", "Samen doen")).click()
    expect(
        manage.get_by_role("heading", name="De stap “Samen doen” verwijderen?")
    ).to_be_visible()
    assert_accessible(manage)
    manage.get_by_role("button", name="Ja, verwijder de stap").click()
    expect(manage.locator(".flash", has_text="is verwijderd")).to_be_visible()
    shaped = _titles(manage)
    assert shaped == [
        "Welkom",
        "Van wie is de straat?",
        "Wat doe jij voor de straat?",
        "Korte pauze",
    ]
    original = manage.url

    # Edit the meeting's details; keep its agenda as a template for colleagues.
    manage.get_by_role("link", name="Bijeenkomst bewerken").click()
    assert_accessible(manage)
    manage.get_by_label("Plaats").fill("Buurtcentrum De Sluis")
    manage.get_by_role("button", name="Bijeenkomst bewaren").click()
    expect(manage.locator("main")).to_contain_text("Buurtcentrum De Sluis")
    manage.get_by_role("link", name="Agenda als sjabloon bewaren").click()
    assert_accessible(manage)
    manage.get_by_label("Naam van het sjabloon").fill("Straten, onze versie")
    manage.get_by_role("button", name="Sjabloon bewaren").click()
    expect(manage.locator(".flash", has_text="Straten, onze versie")).to_be_visible()

    # Duplicate the meeting: the same agenda, a new code.
    code = manage.locator("strong.code").first.inner_text()
    manage.get_by_role("link", name="Bijeenkomst kopiëren").click()
    assert_accessible(manage)
    manage.get_by_label("Titel").fill("Straten van Sluizeken, tweede avond")
    manage.get_by_role("button", name="Bijeenkomst aanmaken").click()
    expect(
        manage.get_by_role("heading", name="Straten van Sluizeken, tweede avond")
    ).to_be_visible()
    assert _titles(manage) == shaped
    assert manage.locator("strong.code").first.inner_text() != code

    # Back to the first meeting: a phone joins and the next step opens.
    manage.goto(original)
    resident = phone("nl-BE")
    join_by_qr(resident, link_of(manage), "Meedoen")
    manage.get_by_role("button", name=_for("Volgende stap", "Welkom")).click()
    expect(resident.locator("#meeting-step h2")).to_have_text("Welkom")
    manage.locator("body").press("Alt+KeyN")  # the keyboard shortcut
    expect(resident.locator("#meeting-step h2")).to_have_text("Van wie is de straat?")

    # Run the step with the countdown: phone and screen count down, it closes.
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    step_button(manage, "Openen", "Korte pauze").click()
    expect(resident.locator("#meeting-step h2")).to_have_text("Korte pauze")
    timer = resident.get_by_role("timer")
    expect(timer).to_contain_text("Resterende tijd")
    expect(timer.locator(".countdown-time")).to_have_text(re.compile(r"^0:0\d$"))
    expect(screen.get_by_role("timer")).to_be_visible()
    assert_accessible(resident)
    # the server closes it when the time is up; every phone follows
    expect(resident.locator("#meeting-step .state")).to_have_text(
        "Gesloten", timeout=20_000
    )
    expect(resident.get_by_role("timer")).to_have_count(0)
    row = manage.locator("#manage-steps li", has_text="Korte pauze")
    expect(row.locator(".state")).to_have_text("Gesloten")
