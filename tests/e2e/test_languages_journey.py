"""Every resident screen, in Dutch, Arabic, Polish, Romanian and Ukrainian: axe-core
finds nothing serious, the page is in that language, and at 200% zoom nothing
scrolls sideways.

200% zoom is modelled as a browser zooms: a 320 px phone zoomed to 200% lays the
page out in a viewport of 160 CSS pixels (each CSS pixel twice as large), and
media queries, viewport units and wrapping all see 160 px. Setting CSS `zoom` on
the body instead would scale the drawing but keep the layout viewport at 320 px,
which hides exactly the overflow zooming causes.
"""

import pytest
from playwright.sync_api import expect

from app.meetings import kinds
from tests.support.browser import PHONE, assert_accessible
from tests.support.journeys import login
from tests.support.screens import SCREENS, STATES, Walk, create_walk_meeting

pytestmark = pytest.mark.browser
ZOOMED = {"width": 160, "height": 370}  #: a 320 x 740 phone at 200%


def _no_sideways_scrolling(page) -> None:
    """At 200% zoom the page fits its width: nothing to scroll sideways."""
    size = page.viewport_size
    page.set_viewport_size(ZOOMED)
    try:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                 .filter(e => e.getBoundingClientRect().right
                              > document.documentElement.clientWidth + 1
                           || e.getBoundingClientRect().left < -1)
                 .filter(e => e.getClientRects().length
                           && !e.closest('.visually-hidden, .skip'))
                 .slice(0, 3).map(e => e.outerHTML.slice(0, 120))"""
        )
        assert widths[0] <= widths[1], (page.url, widths, wide)
    finally:
        page.set_viewport_size(size)


def test_the_walk_shows_every_step_kind_in_every_state(app):
    """A kind added to the app is walked too, open, closed and revealed."""
    walked = {(screen.kind, screen.state) for screen in SCREENS if screen.kind}
    assert walked == {(kind, state) for kind in kinds.KINDS for state in STATES}


@pytest.mark.parametrize("lang", ["nl", "ar", "pl", "ro", "uk"])
def test_every_resident_screen_in_each_language(live_server, desk, new_context, lang):
    manage = desk.new_page()
    login(manage, live_server.url)
    create_walk_meeting(manage)
    walk = Walk(live_server.url, manage, new_context, lang, PHONE)
    seen = []
    for screen, page in walk.screens():
        seen.append(screen.name)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
        _no_sideways_scrolling(page)
    assert seen == [screen.name for screen in SCREENS]
