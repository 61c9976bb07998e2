"""An admin changes a colleague's role and turns the account off; a staff member
changes their password. Each takes effect at once, at phone size, accessible."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import login
from tests.support.web import PASSWORD

pytestmark = pytest.mark.browser
NEW_PASSWORD = "een-nieuw-wachtwoord-42"


def test_role_change_and_turning_off_count_at_once(live_server, phone):
    admin_email = live_server.create_user("beheer@gent.be", "Beheer", "admin")
    bert = live_server.create_user("bert@gent.be", "Bert")
    base = live_server.url

    colleague = phone()
    login(colleague, base, bert)
    nav = colleague.locator("nav.staff-nav")
    expect(nav.get_by_role("link", name="Groepsaankopen")).to_have_count(0)

    admin = phone()
    login(admin, base, admin_email)
    admin.locator("nav.staff-nav").get_by_role("link", name="Beheer").click()
    row = admin.locator(".staff-list li", has_text=bert)
    row.get_by_label("Rol").select_option(label="Medewerker gemeente")
    assert_accessible(admin)
    row.get_by_role("button", name="Bewaren").click()
    expect(admin.locator(".flash-info")).to_contain_text("Toegang van Bert")

    colleague.reload()
    expect(nav.get_by_role("link", name="Groepsaankopen")).to_be_visible()

    row = admin.locator(".staff-list li", has_text=bert)
    row.get_by_label("Account in gebruik").uncheck()
    row.get_by_role("button", name="Bewaren").click()
    expect(row).to_contain_text("niet in gebruik")

    colleague.reload()
    expect(colleague.locator("input[name=password]")).to_be_visible()  # logged out


def test_a_new_password_ends_the_other_logins(live_server, phone):
    email = live_server.create_user("carla@gent.be", "Carla", "staff")
    base = live_server.url
    elsewhere = phone()
    login(elsewhere, base, email)

    page = phone()
    login(page, base, email)
    page.locator("nav.staff-nav").get_by_role("link", name="Mijn account").click()
    page.get_by_label("Huidig wachtwoord").fill("niet-het-goede")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord opnieuw").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.locator(".error")).to_have_text("Dit is niet je huidige wachtwoord.")
    assert_accessible(page)

    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord opnieuw").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.locator(".flash-info")).to_contain_text("Je wachtwoord is gewijzigd")

    elsewhere.reload()
    expect(elsewhere.locator("input[name=password]")).to_be_visible()
    elsewhere.locator("input[name=email]").fill(email)
    elsewhere.locator("input[name=password]").fill(NEW_PASSWORD)
    elsewhere.locator("main form:not(.languages) button[type=submit]").click()
    expect(elsewhere.locator("nav.staff-nav")).to_be_visible()
