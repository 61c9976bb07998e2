"""A resident half-way through typing keeps every letter through refreshes that
change nothing (back from another app, network back, socket reconnect, the
facilitator stopping joins or changing the screen's language), and still
follows every step the facilitator opens, also one opened while away."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE
from tests.support.journeys import (
    create_meeting,
    join_by_qr,
    join_url,
    login,
    step_button,
)

pytestmark = pytest.mark.browser
STEPS = [
    ("Bevraging: wat plan je?", "Plannen"),
    ("Energiefacturen vergelijken", "Factuur"),
    ("Persona-oefening", "Ogen"),
    ("Inschrijven voor groepsaankopen", "Samen"),
    ("Informatie", "Tot slot"),
    ("Informatie", "Bedankt"),
]
TYPED = {"number": "3", "email": "an@buren.be", "tel": "0470 12 34 56"}
TYPED |= {"month": "2025-03", "date": "2025-03-01"}
FIELDS = (
    "#meeting-step textarea, #meeting-step input:not([type=hidden])"
    ":not([type=checkbox]):not([type=radio])"
)
CHOICES = "#meeting-step input[type=checkbox], #meeting-step input[type=radio]"
STATE = """() => Array.from(document.querySelectorAll(
  '#meeting-step textarea, #meeting-step input:not([type=hidden])'
)).map((e) => (e.type === 'checkbox' || e.type === 'radio') ? e.checked : e.value)"""
AWAY_MS = 400  # time a wrong refetch takes on this machine, several times over
SOCKET = re.compile(r"/socket\.io/")


class LiveConnection:
    """The phone's Socket.IO connection, which the test drops or holds back."""

    def __init__(self, page):
        self.page, self.sockets, self.held = page, [], None
        page.route_web_socket(SOCKET, self._route)

    def _route(self, socket) -> None:
        if self.held is not None:  # seen open by the page, silent until let up
            self.held.append(socket)
            return
        socket.connect_to_server()
        self.sockets.append(socket)

    @property
    def down(self) -> bool:
        return self.held is not None

    def _drop(self) -> None:
        for socket in self.sockets:
            socket.close()
        self.sockets.clear()
        self.page.wait_for_function(
            "() => document.body.classList.contains('is-offline')"
        )

    def _connected(self) -> None:
        self.page.wait_for_function(
            "() => !document.body.classList.contains('is-offline')"
        )

    def reconnect(self) -> None:
        self._drop()
        self._connected()

    def keep_down(self) -> None:
        self.held = []
        # No long-polling fallback either.
        self.page.route(SOCKET, lambda route: route.abort())
        self._drop()

    def let_up(self) -> None:
        held, self.held = self.held, None
        self.page.unroute(SOCKET)
        for socket in held:
            socket.connect_to_server()
            self.sockets.append(socket)
        self._connected()


def _visible_again(page) -> None:
    """The resident comes back from another app."""
    page.evaluate(
        """() => ['hidden', 'visible'].forEach((state) => {
          Object.defineProperty(document, 'visibilityState',
                                { configurable: true, get: () => state });
          document.dispatchEvent(new Event('visibilitychange'));
        })"""
    )


def _online_again(page) -> None:
    page.evaluate("window.dispatchEvent(new Event('online'))")


def _type_everywhere(page) -> list:
    """Type into every free-text and number field, tick every choice shown
    (a question for tenants only shows while a tenant's tenure is ticked)."""
    fields = page.locator(FIELDS)
    for i in range(fields.count()):
        field = fields.nth(i)
        field.fill(TYPED.get(field.get_attribute("type") or "", f"half getypt {i}"))
    for more in page.locator("#meeting-step details:not([open]) > summary").all():
        more.click()  # "More measures": what is behind it is typed into too
    choices = page.locator(CHOICES)
    for i in range(choices.count()):
        if choices.nth(i).is_visible():
            choices.nth(i).check()
    page.evaluate("window.__typedStep = document.getElementById('meeting-step')")
    return page.evaluate(STATE)


def _toggle_joins(manage) -> None:
    manage.get_by_role("button", name="Geen nieuwe deelnemers meer").click()
    manage.get_by_role("button", name="Opnieuw laten aansluiten").click()
    expect(manage.get_by_text("Nieuwe telefoons kunnen aansluiten.")).to_be_visible()


def _screen_language(manage, locale: str) -> None:
    manage.locator("#screen-locale").select_option(locale)
    manage.locator("form", has=manage.locator("#screen-locale")).get_by_role(
        "button"
    ).click()
    expect(manage.locator("#screen-locale")).to_have_value(locale)


def _sent_on_reconnect(page, live: LiveConnection) -> None:
    """An answer that could not be sent waits, and goes once the phone is live."""
    answers = re.compile(r"/personas/\d+/answer$")
    page.route(answers, lambda route: route.abort())
    prompt = page.locator(".persona-prompt").first
    prompt.get_by_role("button", name="Bewaren").click()
    expect(prompt.locator(".waiting")).to_have_text("Wacht om te versturen")
    page.unroute(answers)
    live.reconnect()
    expect(prompt.locator(".saved")).to_be_visible()
    expect(prompt.locator("textarea").first).to_have_value("half getypt 0")


def test_half_typed_answers_survive_refreshes_that_change_nothing(
    live_server, desk, new_context
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Halfweg", STEPS)
    url = join_url(manage)
    # No service worker: the test routes the phone's live connection itself.
    page = new_context(locale="nl-BE", service_workers="block", **PHONE).new_page()
    live = LiveConnection(page)
    join_by_qr(page, url, "Meedoen")
    refetches = []
    page.on(
        "request",
        lambda r: refetches.append(r.url) if r.url.endswith(f"/m/{code}/step") else 0,
    )
    returns = [_visible_again, _online_again, lambda _page: live.let_up()]

    for n, (_kind, title) in enumerate(STEPS):
        if n % 2:  # opened while the phone was away: it catches up on return
            live.keep_down()
            step_button(manage, "Openen", title).click()
            page.wait_for_timeout(AWAY_MS)
            expect(page.locator("#meeting-step h2")).not_to_have_text(title)
            comes_back = returns[n // 2 % len(returns)]
            comes_back(page)
            expect(page.locator("#meeting-step h2")).to_have_text(title)
            if live.down:
                live.let_up()
        else:
            step_button(manage, "Openen", title).click()
            expect(page.locator("#meeting-step h2")).to_have_text(title)

        typed = _type_everywhere(page)
        refetches.clear()
        for refresh in (
            _visible_again,
            _online_again,
            lambda _page: live.reconnect(),
            lambda _page: _toggle_joins(manage),
            lambda _page, i=n: _screen_language(manage, ("fr", "tr")[i % 2]),
        ):
            refresh(page)
            page.wait_for_timeout(AWAY_MS)
            assert page.evaluate(STATE) == typed, (title, refresh)
        assert refetches == [], title
        assert page.evaluate(
            "document.getElementById('meeting-step') === window.__typedStep"
        )
        if title == "Ogen":
            _sent_on_reconnect(page, live)
