"""Residents sign up from phones, change or withdraw it through their private link;
staff see a viable group and export it."""

import io
import re

import pytest
from openpyxl import load_workbook
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
NEIGHBOURS = [("Ann Claes", "3"), ("Bart De Smet", "5"), ("Chaima El Idrissi", "7")]
NEWS = "De gemeente mag me nieuws sturen over haar klimaatacties."
LIVE_MS = 2000  # the screen's count follows within a coalescing window or two


def _sign_up(page, url: str, name: str, number: str) -> str:
    """Sign a household up from a phone; return the path of its private link."""
    join_by_qr(page, url, "Meedoen")
    page.get_by_label("Nieuwe ramen en beglazing").check()
    page.get_by_label("Binnen 1 jaar").check()
    page.get_by_label("Naam").fill(name)
    page.get_by_label("E-mail").fill(f"{number}@buren.be")
    page.get_by_label("Straat", exact=True).fill("Sleepstraat")
    page.get_by_label("Huisnummer").fill(number)
    consent = page.get_by_label(
        "De gemeente mag me contacteren over deze groepsaankoop."
    )
    expect(consent).not_to_be_checked()
    consent.check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Je persoonlijke link")).to_be_visible()
    link = page.locator(".private-link a").get_attribute("href")
    return re.sub(r"^https?://[^/]+", "", link)


def test_sign_ups_become_a_viable_group_and_an_xlsx(
    live_server, desk, phone, new_context
):
    base = live_server.url
    live_server.create_user("els@gent.be", "Els", "staff")
    staff_context = new_context(
        locale="nl-BE", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    staff = staff_context.new_page()
    login(staff, base, email="els@gent.be")
    staff.get_by_role("link", name="Groepsaankopen").click()
    # The threshold form's measure (the filters above have one too).
    threshold = staff.locator("form", has=staff.locator("#threshold-measure"))
    threshold.get_by_label("Maatregel").select_option(
        label="Nieuwe ramen en beglazing (8)"
    )
    threshold.get_by_label("Huishoudens").fill("3")
    staff.get_by_role("button", name="Bewaren").last.click()
    expect(staff.get_by_text("Drempel bewaard.")).to_be_visible()

    manage = desk.new_page()
    login(manage, base)
    create_meeting(
        manage,
        "Klimaattafel Samen",
        [("Inschrijven voor groepsaankopen", "Samen verbouwen")],
    )
    url = join_url(manage)
    step_button(manage, "Openen", "Samen verbouwen").click()

    for name, number in NEIGHBOURS:
        page = phone("nl-BE")
        _sign_up(page, url, name, number)
        if number == "3":
            assert_accessible(page)

    staff.reload()
    row = staff.locator("tr", has_text="Sleepstraat").first
    expect(row).to_have_attribute("data-status", "viable")
    expect(row).to_contain_text("3 / 3")
    assert_accessible(staff)
    with staff.expect_download() as download_info:
        row.get_by_role("link", name="XLSX").click()
    data = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Naam", "E-mail", "Telefoonnummer", "Straat", "Huisnummer")
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        (name, f"{number}@buren.be", "Sleepstraat", number)
        for name, number in NEIGHBOURS
    ]
    assert all(r[8] == "Nieuwe ramen en beglazing" for r in rows[1:])
    staff_context.close()


def test_a_resident_changes_and_withdraws_through_the_private_link(
    live_server, desk, phone
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(
        manage, "Klimaattafel Wijzigen", [("Inschrijven voor groepsaankopen", "Samen")]
    )
    url = join_url(manage)
    step_button(manage, "Openen", "Samen").click()
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    ann, bart = phone("nl-BE"), phone("nl-BE")
    ann_link = _sign_up(ann, url, "Ann Claes", "3")
    bart_link = _sign_up(bart, url, "Bart De Smet", "5")
    households = screen.locator("#screen-step .households")
    expect(households).to_have_text("2 huishoudens schreven zich in")

    # Ann changes a consent and her phone number, and sees both stored
    ann.locator(".private-link a").click()
    expect(ann.get_by_label(NEWS)).not_to_be_checked()
    expect(
        ann.get_by_role("checkbox", name="Nieuwe ramen en beglazing")
    ).to_be_checked()
    assert_accessible(ann)
    ann.get_by_label(NEWS).check()
    ann.get_by_label("Telefoonnummer").fill("0470 12 34 56")
    ann.get_by_role("button", name="Wijzigingen bewaren").click()
    expect(ann.get_by_role("status")).to_have_text("Je wijzigingen zijn bewaard.")
    ann.goto(f"{base}{ann_link}")  # as stored, not as typed
    expect(ann.get_by_label("Telefoonnummer")).to_have_value("+32 470 12 34 56")
    expect(ann.get_by_label(NEWS)).to_be_checked()

    # a form left open past its session leads back to a fresh one
    ann.context.clear_cookies()
    ann.get_by_role("button", name="Wijzigingen bewaren").click()
    expect(ann.get_by_role("heading")).to_have_text(re.compile("formulier is verlopen"))
    ann.locator(f'main a[href="{ann_link}"]').click()
    ann.get_by_label(NEWS).uncheck()
    ann.get_by_role("button", name="Wijzigingen bewaren").click()
    expect(ann.get_by_role("status")).to_have_text("Je wijzigingen zijn bewaard.")
    expect(ann.get_by_label(NEWS)).not_to_be_checked()

    # Bart withdraws: the screen counts one household less without a reload
    bart.goto(f"{base}{bart_link}")
    bart.get_by_role("button", name="Ja, trek mijn inschrijving in").click()
    expect(bart.get_by_role("heading")).to_have_text("Je inschrijving is ingetrokken")
    expect(households).to_have_text("1 huishouden schreef zich in", timeout=LIVE_MS)
    assert_accessible(bart)
    bart.locator(f'main a[href="/m/{code}"]').click()
    expect(bart.locator("#meeting-step")).to_be_visible()
    bart.goto(f"{base}{bart_link}")
    expect(bart.locator("main a[href='/']")).to_be_visible()  # gone, but not a dead end
