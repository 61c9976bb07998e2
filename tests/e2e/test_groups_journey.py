"""Residents sign up from phones; staff see a viable group and export it."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import create_meeting, join_by_qr, join_url, login, step_button

pytestmark = pytest.mark.browser
NEIGHBOURS = [("Ann Claes", "3"), ("Bart De Smet", "5"), ("Chaima El Idrissi", "7")]


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
    staff.get_by_label("Maatregel").select_option(label="Nieuwe ramen en beglazing (8)")
    staff.get_by_label("Huishoudens").fill("3")
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
