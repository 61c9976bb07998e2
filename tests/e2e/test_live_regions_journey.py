"""A live region that hears a change while its own refetch is on the way shows
that change once the refetch is in: the reply that replaces it is older than
what the room has by then."""

import pytest
from playwright.sync_api import expect

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

QUESTION = "Wat maakt de straat koeler?"


def test_a_list_that_hears_a_change_during_its_refetch_shows_it(
    live_server, desk, phone
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Koele straat", [])
    add_ideas_step(manage, "Koele straat", QUESTION)
    url = join_url(manage)
    watcher, neighbour, other = phone(), phone(), phone()
    for page in (watcher, neighbour, other):
        join_by_qr(page, url, "Meedoen")
    step_button(manage, "Openen", "Koele straat").click()
    for page in (watcher, neighbour, other):
        expect(page.locator(".idea-question")).to_have_text(QUESTION)
    watcher.evaluate(
        "() => { window.heard = 0; document.body.addEventListener("
        "'ideas-changed', () => { window.heard += 1; }); }"
    )

    # The watcher's refetch after the first idea gets its reply from the
    # server at once, but the reply reaches the page only after the second
    # idea's message has: as on a slow network in a busy room.
    held = []

    def hold(route):  # the first reply waits; later ones go through
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))

    watcher.route("**/ideas/*/list", hold)
    share_idea(neighbour, "Bomen in de straat")
    watcher.wait_for_function("() => window.heard >= 1")
    for _ in range(200):  # the refetch the message set off is held
        if held:
            break
        watcher.wait_for_timeout(50)
    assert len(held) == 1
    share_idea(other, "Een waterpunt op het plein")
    watcher.wait_for_function("() => window.heard >= 2")
    route, reply = held[0]
    route.fulfill(response=reply)

    ideas = watcher.locator(".idea-picks")
    expect(ideas).to_contain_text("Bomen in de straat")
    expect(ideas).to_contain_text("Een waterpunt op het plein")
