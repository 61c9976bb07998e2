"""A phone loses the network, answers anyway, and every answer arrives exactly once."""

import sqlite3

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
POLL = "Bevraging: wat plan je?"


def _db_answers(live_server, step_title: str) -> list[tuple]:
    path = live_server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT m.catalogue_key, a.horizon FROM poll_answers a "
            "JOIN poll_measures m ON m.id = a.measure_id "
            "JOIN steps s ON s.id = m.step_id "
            "WHERE s.title = ? ORDER BY m.position",
            (step_title,),
        ).fetchall()


def test_answers_given_offline_are_sent_once_when_back(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Offline", [(POLL, "Zonder netwerk")])
    url = join_url(manage)
    step_button(manage, "Openen", "Zonder netwerk").click()

    page = phone("nl-BE")
    join_by_qr(page, url, "Meedoen")
    expect(page.locator(".measure").first).to_be_visible()
    # The service worker is in place before the network goes.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")

    page.context.set_offline(True)
    chosen = [
        ("Zonnepanelen", "Binnen 1 jaar"),
        ("Dakisolatie", "Binnen 5 jaar"),
        ("Geveltuin", "Al gedaan"),
    ]
    for measure, label in chosen:
        block = page.locator(
            ".measure", has=page.get_by_role("heading", name=measure, exact=True)
        )
        button = block.get_by_role("button", name=label)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(block.locator(".waiting")).to_have_text("Wacht om te versturen")
    assert page.evaluate("JSON.parse(localStorage.getItem('kt-outbox')).length") == 3
    assert _db_answers(live_server, "Zonder netwerk") == []

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('kt-outbox')).length === 0"
    )
    expect(page.locator(".waiting")).to_have_count(0, timeout=10_000)
    assert _db_answers(live_server, "Zonder netwerk") == [
        ("pv", "1y"),
        ("roof_ins", "5y"),
        ("facade_garden", "done"),
    ]
    # A reload sends nothing twice.
    page.reload()
    expect(page.locator(".measure").first).to_be_visible()
    assert len(_db_answers(live_server, "Zonder netwerk")) == 3

    analysis = manage.locator(".poll-analysis")
    manage.reload()
    expect(analysis.locator("figure.bar-row").nth(0)).to_have_attribute(
        "data-total", "1"
    )
    expect(analysis.locator("figure.bar-row").nth(1)).to_have_attribute(
        "data-total", "1"
    )
    expect(analysis).to_contain_text("1 huishouden antwoordde")
    assert_accessible(page)


def test_the_meeting_page_loads_from_the_phone_when_the_network_is_gone(
    live_server, desk, phone
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Zaal", [("Informatie", "Welkom in de zaal")])
    url = join_url(manage)
    step_button(manage, "Openen", "Welkom in de zaal").click()
    page = phone("nl-BE")
    join_by_qr(page, url, "Meedoen")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker's control, which keeps a copy
    expect(page.locator("#meeting-step h2")).to_have_text("Welkom in de zaal")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#meeting-step h2")).to_have_text("Welkom in de zaal")
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )
    page.context.set_offline(False)


def test_an_answer_the_server_asks_to_wait_for_is_sent_after_the_wait(
    strict_server, desk, phone
):
    manage = desk.new_page()
    login(manage, strict_server.url)
    create_meeting(manage, "Klimaattafel Druk", [(POLL, "Snel tikken")])
    url = join_url(manage)
    step_button(manage, "Openen", "Snel tikken").click()
    page = phone("nl-BE")
    join_by_qr(page, url, "Meedoen")
    chosen = [
        ("Zonnepanelen", "Binnen 1 jaar"),
        ("Dakisolatie", "Binnen 5 jaar"),
        ("Geveltuin", "Al gedaan"),
    ]
    with page.expect_response(lambda r: r.status == 429):
        for measure, label in chosen:
            block = page.locator(
                ".measure", has=page.get_by_role("heading", name=measure, exact=True)
            )
            block.get_by_role("button", name=label).click()
    # The third answer waits on the phone, then goes once the server allows it.
    expect(page.locator(".waiting")).to_have_count(1)
    expect(page.locator(".waiting")).to_have_count(0, timeout=10_000)
    assert _db_answers(strict_server, "Snel tikken") == [
        ("pv", "1y"),
        ("roof_ins", "5y"),
        ("facade_garden", "done"),
    ]
