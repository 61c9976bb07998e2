"""Four phones think as four different neighbours, answer and rate the street's
plans; the facilitator hides one answer."""

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


def test_four_personas_answer_and_one_answer_is_hidden(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    manage.get_by_role(
        "link", name="Nieuwe bijeenkomst"
    )  # the form lives on the manage page
    code = create_meeting(manage, "Klimaattafel Personas", [])
    manage.get_by_label("Soort stap").select_option(label="Persona-oefening")
    manage.get_by_label("Titel").fill("Andere ogen")
    manage.get_by_label("Tekst voor de telefoons").fill("Kijk door andere ogen")
    manage.get_by_label("Voorstellen om als persona te beoordelen").fill(
        "Bankjes om de 100 meter\nGeveltuinen langs de hele straat"
    )
    manage.get_by_role("button", name="Stap toevoegen").click()
    expect(manage.locator("#manage-steps .step-title")).to_have_text("Andere ogen")
    url = join_url(manage)
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    phones = []
    for locale in ("nl-BE", "nl-BE", "fr-BE", "en-GB"):
        page = phone(locale)
        join_by_qr(
            page,
            url,
            {"nl-BE": "Meedoen", "fr-BE": "Participer", "en-GB": "Take part"}[locale],
        )
        phones.append(page)
    step_button(manage, "Openen", "Andere ogen").click()

    names = []
    for page in phones:
        card = page.locator(".persona-name")
        expect(card).to_be_visible()
        names.append(card.inner_text())
    assert len(set(names)) == 4, names
    assert_accessible(phones[0])

    texts = [
        "Bankjes om te rusten",
        "Vlakke stoepen",
        "Plus de lumière",
        "Room to play",
    ]
    for page, text in zip(phones, texts, strict=True):
        prompt = page.locator(".persona-prompt").first
        prompt.locator("textarea").first.fill(text)
        prompt.get_by_role("button").first.click()
        expect(page.locator(".persona-prompt").first.locator(".saved")).to_be_visible()
    wall = screen.locator(".persona-wall")
    for text in texts:
        expect(wall).to_contain_text(text)

    # The first two phones rate a plan as their persona: one tap each.
    for page, button in ((phones[0], "Helpt"), (phones[1], "Staat in de weg")):
        proposal = page.locator(".proposal", has_text="Bankjes om de 100 meter")
        proposal.get_by_role("button", name=button).click()
        expect(proposal.get_by_role("button", name=button)).to_have_attribute(
            "aria-pressed", "true"
        )
    assert_accessible(phones[1])
    benches = wall.locator("table", has_text="Bankjes om de 100 meter")
    for name, counts in ((names[0], "1 0 0"), (names[1], "0 0 1")):
        row = benches.locator("tbody tr", has_text=name)
        expect(row.locator("td")).to_have_text(counts.split())

    manage.reload()
    item = manage.locator(".moderation-item", has_text="Vlakke stoepen")
    item.get_by_role("button", name="Verbergen").click()
    expect(wall).not_to_contain_text("Vlakke stoepen")
    groups = wall.locator(".wall-group")
    expect(groups).to_have_count(3)
    for text in ("Bankjes om te rusten", "Plus de lumière", "Room to play"):
        expect(wall).to_contain_text(text)

    step_button(manage, "Toon resultaten", "Andere ogen").click()
    for page in phones:
        expect(page.locator(".persona-wall")).to_contain_text("Bankjes om te rusten")
        expect(page.locator(".persona-wall")).not_to_contain_text("Vlakke stoepen")
    for page in (phones[3], screen, manage):
        assert_accessible(page)


def test_one_save_keeps_both_answers_to_a_question(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(
        manage, "Klimaattafel Twee antwoorden", [("Persona-oefening", "Ogen")]
    )
    url = join_url(manage)
    page = phone()
    join_by_qr(page, url, "Meedoen")
    step_button(manage, "Openen", "Ogen").click()

    prompt = page.locator(".persona-prompt").first
    as_persona, as_self = (
        prompt.locator("textarea").nth(0),
        prompt.locator("textarea").nth(1),
    )
    expect(as_persona).to_be_visible()
    # Both answers typed, then the first Save tapped: neither may be lost.
    as_persona.fill("Een bank om te rusten")
    as_self.fill("Meer schaduw")
    prompt.get_by_role("button", name="Bewaren").first.click()
    expect(prompt.locator(".saved")).to_be_visible()
    expect(as_self).to_have_value("Meer schaduw")
    expect(prompt.get_by_role("button", name="Bewaren")).to_have_count(1)
    assert_accessible(page)
    page.reload()
    expect(as_persona).to_have_value("Een bank om te rusten")
    expect(as_self).to_have_value("Meer schaduw")

    # A second save keeps and updates both.
    as_persona.fill("Twee banken")
    as_self.fill("Meer schaduw en bomen")
    prompt.get_by_role("button", name="Bewaren").click()
    expect(prompt.locator(".saved")).to_be_visible()
    page.reload()
    expect(as_persona).to_have_value("Twee banken")
    expect(as_self).to_have_value("Meer schaduw en bomen")
