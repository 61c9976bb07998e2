"""Phones in Dutch and Arabic share ideas to an open question; the facilitator
hides one and merges two; residents upvote; the screen shows the word cloud and
the list, and the report keeps them."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import (
    add_ideas_step,
    create_meeting,
    join_by_qr,
    join_url,
    login,
    share_idea,
    step_button,
)

pytestmark = pytest.mark.browser

QUESTION = "Wat maakt onze straat koeler?"
TREES, PLANTING = "Meer bomen in de straat", "Bomen planten in de straat"
FOUNTAIN, RUDE = "نافورة ماء في الساحة", "Iets onbeleefds"


def _upvote(page, text: str) -> None:
    idea = page.locator(".idea-picks li.idea", has_text=text)
    button = idea.get_by_role("button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(
        page.locator(".idea-picks li.idea", has_text=text).get_by_role("button")
    ).to_have_attribute("aria-pressed", "true")


def _moderation_item(page, text: str):
    """Return the facilitator's item of one idea (not those that merely name it)."""
    return page.locator(
        "xpath=//li[contains(@class, 'moderation-item')]"
        f"[blockquote[normalize-space() = '{text}']]"
    )


def _cloud_words_outside(page) -> list[str]:
    """Return the cloud's words whose drawn box leaves the picture."""
    return page.evaluate(
        """() => {
          const svg = document.querySelector('svg.word-cloud');
          const view = svg.viewBox.baseVal;
          return [...svg.querySelectorAll('text')].filter(t => {
            const b = t.getBBox();
            return b.x < view.x - 0.5 || b.y < view.y - 0.5
              || b.x + b.width > view.x + view.width + 0.5
              || b.y + b.height > view.y + view.height + 0.5;
          }).map(t => t.textContent);
        }"""
    )


def test_ideas_are_shared_moderated_merged_upvoted_and_reported(
    live_server, desk, phone
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Ideeën", [])
    add_ideas_step(manage, "Koele straat", QUESTION)
    url = join_url(manage)
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")

    dutch, neighbour = phone(), phone()
    arabic = phone("ar")
    for page, button in ((dutch, "Meedoen"), (neighbour, "Meedoen"), (arabic, "شارك")):
        join_by_qr(page, url, button)
    step_button(manage, "Openen", "Koele straat").click()
    for page in (dutch, neighbour, arabic):
        expect(page.locator(".idea-question")).to_have_text(QUESTION)
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")

    share_idea(dutch, TREES)
    share_idea(neighbour, PLANTING)
    share_idea(arabic, FOUNTAIN)
    share_idea(dutch, RUDE)
    # every phone's list follows, and says which ideas are its own
    for page in (dutch, neighbour, arabic):
        for text in (TREES, PLANTING, FOUNTAIN, RUDE):
            expect(page.locator(".idea-picks")).to_contain_text(text)
    expect(dutch.locator(".idea-picks li.idea", has_text=TREES)).to_contain_text(
        "jouw idee"
    )
    expect(arabic.locator(".idea-picks li.idea", has_text=FOUNTAIN)).to_contain_text(
        "فكرتك"
    )
    assert_accessible(dutch)
    assert_accessible(arabic)

    board = screen.locator(".ideas-board")
    for text in (TREES, PLANTING, FOUNTAIN, RUDE):
        expect(board).to_contain_text(text)
    cloud = screen.locator("svg.word-cloud")
    expect(cloud.locator("text", has_text="bomen")).to_have_count(1)
    expect(cloud.locator("text", has_text="نافورة")).to_have_count(1)
    expect(cloud.locator("text", has_text=re.compile("^de$"))).to_have_count(0)

    # The facilitator hides one idea and merges a duplicate into another.
    manage.reload()
    _moderation_item(manage, RUDE).get_by_role("button", name="Verbergen").click()
    expect(board).not_to_contain_text(RUDE)
    expect(cloud.locator("text", has_text="onbeleefds")).to_have_count(0)
    for page in (dutch, neighbour, arabic):
        expect(page.locator(".idea-picks")).not_to_contain_text(RUDE)
    duplicate = _moderation_item(manage, PLANTING)
    duplicate.get_by_label("Hetzelfde als").select_option(label=TREES)
    duplicate.get_by_role("button", name="Samenvoegen").click()
    merged = _moderation_item(manage, TREES)
    expect(merged.locator(".idea-merged")).to_contain_text(PLANTING)
    for page in (dutch, neighbour, arabic):
        expect(page.locator(".idea-picks li.idea")).to_have_count(2)

    # Residents upvote, one upvote each; a second tap takes it back.
    _upvote(neighbour, TREES)
    _upvote(arabic, TREES)
    _upvote(arabic, FOUNTAIN)
    _upvote(dutch, FOUNTAIN)
    _upvote(dutch, TREES)
    dutch.locator(".idea-picks li.idea", has_text=TREES).get_by_role("button").click()
    expect(
        dutch.locator(".idea-picks li.idea", has_text=TREES).get_by_role("button")
    ).to_have_attribute("aria-pressed", "false")
    assert_accessible(arabic)

    ranking = board.locator(".idea-ranking > li")
    expect(ranking.first).to_contain_text(TREES)
    expect(ranking.first).to_contain_text("2 stemmen")
    expect(ranking.first.locator(".idea-merged")).to_contain_text(PLANTING)
    expect(ranking.nth(1)).to_contain_text(FOUNTAIN)
    expect(ranking.nth(1)).to_contain_text("2 stemmen")
    assert _cloud_words_outside(screen) == []
    assert_accessible(screen)

    step_button(manage, "Sluiten", "Koele straat").click()
    step_button(manage, "Toon resultaten", "Koele straat").click()
    expect(dutch.locator(".idea-ranking > li").first).to_contain_text(TREES)
    expect(arabic.locator(".idea-ranking > li").first).to_contain_text(TREES)
    expect(arabic.locator(".idea-ranking")).not_to_contain_text(RUDE)
    assert_accessible(arabic)
    assert_accessible(manage)

    report = desk.new_page()
    report.goto(f"{base}/m/{code}/report")
    section = report.locator(".report-step", has_text="Koele straat")
    expect(section).to_contain_text(QUESTION)
    expect(section.locator(".idea-ranking > li").first).to_contain_text(TREES)
    expect(section).to_contain_text(FOUNTAIN)
    expect(section).not_to_contain_text(RUDE)
    expect(section.locator("svg.word-cloud text", has_text="bomen")).to_have_count(1)
    assert _cloud_words_outside(report) == []
    assert_accessible(report)
