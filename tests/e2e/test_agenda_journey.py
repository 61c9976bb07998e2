"""A facilitator shapes an evening's agenda from a template, runs a step whose
countdown closes it with a phone following, and keys in ten paper ballots that
count with the phone's answer."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import join_by_qr, login, step_button
from tests.support.journeys import join_url as link_of

pytestmark = pytest.mark.browser
#: one digit per measure, from the first: 1 done ... 5 not possible, 0 none; the
#: rest of each ballot is 0
BALLOTS = ["1", "1", "2", "5", "4", "3", "1", "01", "2", "3"]


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


def test_facilitator_shapes_the_agenda_runs_a_countdown_and_keys_in_ballots(
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

    # Paper for those without a phone: ten ballots keyed in after the phone's
    # answer; the meter and the results count the phone and the ballots exactly.
    poll = "Wat doe jij voor de straat?"
    step_button(manage, "Openen", poll).click()
    expect(resident.locator("#meeting-step h2")).to_have_text(poll)
    first = resident.locator(".measure").first.get_by_role(
        "button", name="Binnen 1 jaar"
    )
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    step_button(manage, "Sluiten", poll).click()
    expect(manage.locator("#meter")).to_contain_text("1 van 1 beantwoord")
    manage.get_by_role("link", name="De papieren stembrief afdrukken").click()
    measures = manage.locator(".ballot-row").count()
    manage.get_by_role("link", name="Papieren stembrieven invoeren").click()
    for number, digits in enumerate(BALLOTS, start=1):
        # each ballot is a new page: its field takes the keys once it has the cursor
        expect(manage.locator("#ballot-digits")).to_be_focused()
        manage.keyboard.type(digits + "0" * (measures - len(digits)))
        manage.keyboard.press("Enter")
        expect(manage.locator(".flash")).to_contain_text(f"Stembrief {number} bewaard")
    manage.get_by_role("link", name="Terug naar de bijeenkomst").click()
    expect(manage.locator("#meter")).to_contain_text("11 van 11 beantwoord")
    bar = manage.locator(".poll-analysis figure.bar-row").first
    expect(bar).to_have_attribute("data-total", "10")  # one ballot left it blank
    counts = {"done": "3", "1y": "3", "5y": "2", "not_now": "1", "not_possible": "1"}
    for horizon, count in counts.items():
        segment = bar.locator(f'.segment[data-horizon="{horizon}"]')
        expect(segment).to_have_attribute("data-count", count)
    assert_accessible(manage)
