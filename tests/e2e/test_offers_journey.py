"""A resident compares two quotes for new windows on the private link page, at
phone size, and declines one measure with a reason; staff typed the quotes."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import (
    join_by_qr,
    login,
    open_sign_up,
)

pytestmark = pytest.mark.browser
STREET = "Offertestraat"
VALID_UNTIL = (date.today() + timedelta(days=90)).isoformat()


def _sign_up(page, url: str) -> str:
    """Sign up for new windows; return the path of the private link."""
    join_by_qr(page, url, "Meedoen")
    page.get_by_label("Nieuwe ramen en beglazing").check()
    page.get_by_label("Binnen 1 jaar").check()
    page.get_by_label("Naam").fill("Dina Peeters")
    page.get_by_label("E-mail").fill("dina@buren.be")
    page.get_by_label("Straat", exact=True).fill(STREET)
    page.get_by_label("Huisnummer").fill("9")
    page.get_by_label("De gemeente mag me contacteren over deze groepsaankoop.").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Je persoonlijke link")).to_be_visible()
    link = page.locator(".private-link a").get_attribute("href")
    return re.sub(r"^https?://[^/]+", "", link)


def _add_quote(staff, contractor: str, price: str) -> None:
    form = staff.locator(
        "form", has=staff.get_by_role("button", name="Aanbod toevoegen")
    )
    form.get_by_label("Aannemer", exact=True).fill(contractor)
    form.get_by_label("Prijs in euro, btw inbegrepen").fill(price)
    form.get_by_label("Geldig tot").fill(VALID_UNTIL)
    form.get_by_label("Geschatte premie in euro", exact=True).fill("100")
    form.get_by_role("button", name="Aanbod toevoegen").click()
    expect(staff.get_by_text("Aanbod toegevoegd.")).to_be_visible()


def test_a_resident_compares_two_quotes_and_declines_with_a_reason(
    live_server, desk, phone, new_context
):
    base = live_server.url
    live_server.create_user("wout@gent.be", "Wout", "staff")
    manage = desk.new_page()
    url = open_sign_up(manage, base, "Klimaattafel Offertes", "Samen offertes vragen")
    resident = phone("nl-BE")
    link = _sign_up(resident, url)

    staff = new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    staff = staff.new_page()
    login(staff, base, email="wout@gent.be")
    staff.goto(f"{base}/municipality")
    staff.get_by_role(
        "link", name=re.compile(f"Nieuwe ramen en beglazing, {STREET}")
    ).click()
    _add_quote(staff, "Raam & Co", "450")
    _add_quote(staff, "Glas Gent", "395,50")

    resident.goto(f"{base}{link}")
    measure = resident.locator("#measure-glazing")
    measure.get_by_label("Hoeveel ramen of buitendeuren?").fill("12")
    measure.get_by_role("button", name="Maat bewaren").click()
    expect(resident.get_by_text("De maat van je woning is bewaard.")).to_be_visible()
    rows = measure.locator("#compare-glazing tbody tr")
    expect(rows).to_have_count(2)
    # 12 windows: €395.50 -> €4,746 and €450 -> €5,400, less €100 a window
    expect(rows.nth(0)).to_contain_text("Glas Gent")
    expect(rows.nth(0)).to_contain_text(re.compile(r"4\.746.*1\.200.*3\.546", re.S))
    expect(rows.nth(1)).to_contain_text("Raam & Co")
    expect(rows.nth(1)).to_contain_text(re.compile(r"5\.400.*1\.200.*4\.200", re.S))
    expect(measure.get_by_text(re.compile("^schatting, op"))).to_have_count(2)
    assert_accessible(resident)

    measure.get_by_text("Niet voor mij").click()
    measure.get_by_label("De prijs").check()
    measure.get_by_role("button", name="Afwijzen").click()
    expect(resident.get_by_text("Je antwoord is bewaard.")).to_be_visible()
    status = resident.locator("#measure-glazing .own-status")
    expect(status).to_contain_text("Gestopt")
    expect(status).to_contain_text("De prijs")
    assert_accessible(resident)

    staff.reload()
    expect(staff.locator("[data-status=dropped] .road-count")).to_have_text("1")
