"""Staff load the municipality's street list; a resident picks their street from
it on the phone's sign-up form and lands in that street's group."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import (
    join_by_qr,
    login,
    open_sign_up,
)

pytestmark = pytest.mark.browser
STREETS = "straatnaamid;straatnaam\n1;Kerkstraat\n2;Sint-Jansstraat\n3;Sint-Janslaan\n"


def test_a_resident_picks_a_street_from_the_list_on_the_phone(
    live_server, desk, phone, new_context
):
    base = live_server.url
    live_server.create_user("lies@gent.be", "Lies", "staff")
    staff = new_context(
        locale="nl-BE", viewport={"width": 1280, "height": 900}
    ).new_page()
    login(staff, base, email="lies@gent.be")
    staff.get_by_role("link", name="Groepsaankopen").click()
    staff.get_by_role("link", name="Stratenlijst").click()
    staff.get_by_label("Stratenlijst (CSV-bestand)").set_input_files(
        {"name": "straten.csv", "mimeType": "text/csv", "buffer": STREETS.encode()}
    )
    staff.get_by_role("button", name="Opladen").click()
    expect(staff.get_by_text("3 straten geladen.")).to_be_visible()
    expect(staff.locator("#street-count")).to_contain_text("3 straten zijn geladen.")
    assert_accessible(staff)

    manage = desk.new_page()
    url = open_sign_up(manage, base, "Klimaattafel Straten", "Samen verbouwen")

    page = phone("nl-BE")
    join_by_qr(page, url, "Meedoen")
    street = page.get_by_label("Straat", exact=True)
    # the list comes with the form: typing asks the server nothing
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    street.click()
    street.press_sequentially("Sint-Jansst")
    assert [u for u in asked if "/step" in u or "street" in u] == []
    options = page.locator(f"datalist#{street.get_attribute('list')} option")
    expect(options).to_have_count(3)
    # Headless Chromium draws no datalist popup to tap: picking the suggestion
    # puts its value in the field, as done here.
    picked = page.locator("datalist#street-names option[value^='Sint-Jansst']")
    expect(picked).to_have_count(1)
    street.fill(picked.get_attribute("value"))
    expect(street).to_have_value("Sint-Jansstraat")
    assert_accessible(page)

    page.get_by_label("Nieuwe ramen en beglazing").check()
    page.get_by_label("Binnen 1 jaar").check()
    page.get_by_label("Naam").fill("Ann Claes")
    page.get_by_label("E-mail").fill("ann@buren.be")
    page.get_by_label("Huisnummer").fill("3")
    page.get_by_label("De gemeente mag me contacteren over deze groepsaankoop.").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Je persoonlijke link")).to_be_visible()

    staff.get_by_role("link", name="Groepsaankopen").click()
    # (the server is shared: other journeys' streets may be listed beside it)
    group = staff.locator("tbody.street-group", has_text="Sint-Jansstraat")
    expect(group).to_have_count(1)
    expect(group).to_contain_text("Nieuwe ramen en beglazing")
