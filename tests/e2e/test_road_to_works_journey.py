"""From a meeting to works done, street by street, in the browser: residents of
two streets sign up at the table with what a contractor needs to know (one
picks the street from the municipality's list, one types a variant of it),
staff load the street list, attach the procured offer to one group and two
quotes to the other and give that one to a partner organisation; residents
open their private link from the mail the test's SMTP server received, compare,
subscribe or decline with a reason; staff move statuses, and the funnel shows
exactly that. Phones at phone size in Dutch and Arabic, axe-core clean."""

import re
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_mail_journey import _absolute
from tests.e2e.test_qualify_journey import ARABIC, DUTCH, _answer
from tests.support.browser import assert_accessible
from tests.support.journeys import (
    join_by_qr,
    login,
    open_sign_up,
)
from tests.support.web import PASSWORD

pytestmark = pytest.mark.browser
STREETS = "straatnaam\nKerkstraat\nMolenstraat\n"
STAFF, COACH = "griet@gent.be", "sara@energiehuis.be"
VALID = (date.today() + timedelta(days=90)).isoformat()
SOLAR, WINDOWS = "Zonnepanelen", "Nieuwe ramen en beglazing"
OFFER_NEWS = "Er is een aanbod voor je aankoopgroep"
STATUS_NEWS = "nieuwe status"


@pytest.fixture
def town(mailing_server):
    """The app sending mail to a real SMTP server, with a staff member and a
    partner organisation's coach."""
    server, _smtp = mailing_server
    server.create_user(STAFF, "Griet", "staff")
    server.flask(
        "users", "create", "--email", COACH, "--name", "Sara",
        "--municipality", "Gent", "--role", "partner",
        "--partner", "Energiehuis Gent", "--password", PASSWORD,
    )  # fmt: skip
    return mailing_server


@pytest.fixture
def laptop(new_context):
    return new_context(locale="nl-BE", viewport={"width": 1366, "height": 900})


def _mails(smtp, email: str, count: int, seconds: float = 20) -> list:
    """Wait until `count` messages reached `email`; return them in order."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in smtp.received if m.recipients == [email]]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{email} got {len(found)} messages, not {count}")


def _contact(page, words: dict, name: str, number: str, *, share: bool) -> None:
    page.get_by_label(words["within_a_year"]).check()
    page.get_by_label(words["name"]).fill(name)
    page.get_by_label(words["email"]).fill(f"{name.split()[0].lower()}@buren.be")
    page.get_by_label(words["number"]).fill(number)
    page.get_by_label(words["consent"]).check()
    page.locator("input[name=consent_news]").check()
    if share:
        page.locator("input[name=consent_share_contractor]").check()


def _pick_street(page, words: dict, begins: str) -> None:
    """Type the start of a street and take the list's suggestion (headless
    Chromium draws no datalist popup: taking it puts its value in the field)."""
    street = page.get_by_label(words["street"], exact=True)
    street.press_sequentially(begins)
    option = page.locator(f"datalist#street-names option[value^='{begins}']")
    expect(option).to_have_count(1)
    street.fill(option.get_attribute("value"))


def _sign_up(page, words: dict) -> None:
    page.get_by_role("button", name=words["sign_up"]).click()
    expect(page.get_by_text(words["link"])).to_be_visible()


def _group_page(staff, base: str, measure: str, street: str) -> int:
    """Open a group's page from the dashboard; return the group's id."""
    staff.goto(f"{base}/municipality")
    link = staff.get_by_role("link", name=re.compile(f"{measure}, {street}"))
    group_id = int(re.search(r"/groups/(\d+)", link.get_attribute("href")).group(1))
    link.click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(street)
    return group_id


def _add_offer(staff, contractor: str, price: str, *, procured: bool) -> None:
    form = staff.locator(
        "form", has=staff.get_by_role("button", name="Aanbod toevoegen")
    )
    kind = "procured" if procured else "quote"
    form.locator(f"input[name=kind][value={kind}]").check()
    form.get_by_label("Aannemer", exact=True).fill(contractor)
    form.get_by_label("Prijs in euro, btw inbegrepen").fill(price)
    form.get_by_label("Geldig tot").fill(VALID)
    premium = form.get_by_label("Geschatte premie in euro", exact=True)
    if form.locator("select[name=premium_category]").input_value():
        premium.fill("100")  # the measure's Mijn VerbouwPremie category
    form.get_by_role("button", name="Aanbod toevoegen").click()
    expect(staff.get_by_text("Aanbod toegevoegd.")).to_be_visible()


def _decline(page, key: str, reason: str) -> None:
    measure = page.locator(f"#measure-{key}")
    measure.locator("details.own-decline summary").click()
    measure.locator(f"input[name=reason][value={reason}]").check()
    measure.locator("details.own-decline button[type=submit]").click()
    expect(measure.locator(".own-status .state")).to_have_attribute(
        "data-status", "dropped"
    )


def _cells(page, table: str, key: str) -> dict[str, str]:
    row = page.locator(f"#{table} tr[data-key='{key}']")
    expect(row).to_have_count(1)
    statuses = {
        cell.get_attribute("data-status"): cell.inner_text()
        for cell in row.locator("td[data-status]").all()
    }
    reasons = {
        cell.get_attribute("data-reason"): cell.inner_text()
        for cell in row.locator("td[data-reason]").all()
    }
    return {k: v for k, v in {**statuses, **reasons}.items() if v != "0"}


def test_two_streets_from_sign_up_to_works_done(town, desk, phone, laptop):
    server, smtp = town
    base = server.url

    # Staff load the municipality's street list.
    staff = laptop.new_page()
    login(staff, base, email=STAFF)
    staff.get_by_role("link", name="Groepsaankopen").click()
    staff.get_by_role("link", name="Stratenlijst").click()
    staff.get_by_label("Stratenlijst (CSV-bestand)").set_input_files(
        {"name": "straten.csv", "mimeType": "text/csv", "buffer": STREETS.encode()}
    )
    staff.get_by_role("button", name="Opladen").click()
    expect(staff.get_by_text("2 straten geladen.")).to_be_visible()

    # The facilitator opens the sign-up at the table.
    manage = desk.new_page()
    url = open_sign_up(manage, base, "Klimaattafel Samen", "Samen")

    # Kerkstraat, solar panels: Ann picks her street from the list, Bart
    # types "Kerkstr." and has an asbestos roof.
    ann = phone("nl-BE")
    join_by_qr(ann, url, DUTCH["take_part"])
    ann.get_by_label(SOLAR, exact=True).check()
    _answer(ann, DUTCH, "orientation", "Zuid")
    ann.get_by_role("radio", name="Geen schaduw", exact=True).check()
    _answer(ann, DUTCH, "asbestos", "Nee")
    ann.get_by_role("radio", name="Hellend dak", exact=True).check()
    ann.locator("input[name=tenure][value=owner]").check()
    _pick_street(ann, DUTCH, "Kerk")
    _contact(ann, DUTCH, "Ann Claes", "3", share=True)
    assert_accessible(ann)
    _sign_up(ann, DUTCH)

    bart = phone("nl-BE")
    join_by_qr(bart, url, DUTCH["take_part"])
    bart.get_by_label(SOLAR, exact=True).check()
    _answer(bart, DUTCH, "asbestos", "Ja")
    bart.get_by_label(DUTCH["street"], exact=True).fill("Kerkstr.")
    _contact(bart, DUTCH, "Bart De Smet", "5", share=False)
    _sign_up(bart, DUTCH)

    # Molenstraat, new windows: Chaima (Arabic, a tenant whose landlord agrees)
    # picks the street, Dirk types it in lower case and shares nothing.
    chaima = phone("ar")
    join_by_qr(chaima, url, ARABIC["take_part"])
    expect(chaima.locator("html")).to_have_attribute("dir", "rtl")
    chaima.locator("input[name=measures][value=glazing]").check()
    chaima.get_by_label(ARABIC["rent"], exact=True).check()
    _answer(chaima, ARABIC, "landlord", "نعم")
    _pick_street(chaima, ARABIC, "Molen")
    _contact(chaima, ARABIC, "Chaima El Idrissi", "7", share=True)
    assert_accessible(chaima)
    _sign_up(chaima, ARABIC)

    dirk = phone("nl-BE")
    join_by_qr(dirk, url, DUTCH["take_part"])
    dirk.get_by_label(WINDOWS, exact=True).check()
    dirk.get_by_label(DUTCH["street"], exact=True).fill("molenstraat")
    _contact(dirk, DUTCH, "Dirk Peeters", "9", share=False)
    _sign_up(dirk, DUTCH)

    # One group per listed street, however it was typed; who will pass the visit.
    staff.goto(f"{base}/municipality")
    solar_row = staff.locator("tbody.street-group", has_text=SOLAR)
    expect(solar_row).to_have_count(1)
    expect(solar_row).to_contain_text("Kerkstraat")
    visit = solar_row.locator("td.site-visit").first
    expect(visit).to_have_attribute("data-likely", "1")
    expect(visit).to_have_attribute("data-unlikely", "1")
    expect(staff.locator("tbody.street-group", has_text=WINDOWS)).to_have_count(1)
    assert_accessible(staff)

    # The procured offer on the Kerkstraat, two quotes on the Molenstraat.
    solar = _group_page(staff, base, SOLAR, "Kerkstraat")
    _add_offer(staff, "Zon & Co", "1250", procured=True)
    assert_accessible(staff)
    windows = _group_page(staff, base, WINDOWS, "Molenstraat")
    _add_offer(staff, "Raam & Co", "450", procured=False)
    _add_offer(staff, "Glas Gent", "395,50", procured=False)
    staff.goto(f"{base}/municipality")
    staff.locator(f"#partner-{windows}").select_option(label="Energiehuis Gent")
    staff.locator(f"form:has(#partner-{windows}) button").click()
    expect(staff.locator(f"#partner-{windows} option:checked")).to_have_text(
        "Energiehuis Gent"
    )

    # The coach sees its group with the household that shares, not Dirk.
    coach = phone("nl-BE")
    login(coach, base, email=COACH)
    expect(coach.locator(".groups-table tbody tr")).to_have_count(1)
    coach.goto(f"{base}/municipality/groups/{windows}")
    expect(coach.locator("main")).to_contain_text("Chaima El Idrissi")
    expect(coach.locator("main")).not_to_contain_text("Dirk")
    assert_accessible(coach)
    assert coach.goto(f"{base}/municipality/groups/{solar}").status == 404

    # Each household opens its private link from the first mail, and reads of
    # the offers in the next.
    # (one offer on the Kerkstraat, two quotes on the Molenstraat: each once)
    for name, count in (("ann", 2), ("bart", 2), ("chaima", 3), ("dirk", 3)):
        first, *news = _mails(smtp, f"{name}@buren.be", count)
        assert "/s/" in first.text and all("/s/" not in n.text for n in news)
    assert OFFER_NEWS in news[-1].text  # Dirk's, in Dutch
    links = {
        name: _absolute(_mails(smtp, f"{name}@buren.be", 1)[0], "/s/")
        for name in ("ann", "bart", "chaima", "dirk")
    }

    ann.goto(links["ann"])
    ann.locator("#measure-pv .own-offers li", has_text="Zon & Co").locator(
        "button[type=submit]"
    ).click()
    expect(ann.locator("#measure-pv .own-status .state")).to_have_attribute(
        "data-status", "offer_accepted"
    )
    assert_accessible(ann)
    bart.goto(links["bart"])
    _decline(bart, "pv", "technical")

    chaima.goto(links["chaima"])
    expect(chaima.locator("html")).to_have_attribute("dir", "rtl")
    rows = chaima.locator("#compare-glazing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Glas Gent")  # the cheaper first
    chaima.locator("#measure-glazing .own-offers li", has_text="Glas Gent").locator(
        "button[type=submit]"
    ).click()
    expect(chaima.locator("#measure-glazing .own-status .state")).to_have_attribute(
        "data-status", "offer_accepted"
    )
    assert_accessible(chaima)
    dirk.goto(links["dirk"])
    _decline(dirk, "glazing", "price")

    # Staff record Ann's works as done; she reads it in her mail.
    staff.goto(f"{base}/municipality/groups/{solar}")
    staff.locator("select[name=from_status]").select_option("offer_accepted")
    staff.locator("select[name=status]").select_option("works_done")
    staff.get_by_role("button", name="Status wijzigen").click()
    expect(staff.get_by_text("1 huishouden verplaatst.")).to_be_visible()
    assert STATUS_NEWS in _mails(smtp, "ann@buren.be", 3)[2].text

    # The funnel: exactly those households, four ways.
    staff.goto(f"{base}/municipality/funnel")
    assert _cells(staff, "funnel-groups", str(solar)) == {
        "works_done": "1",
        "dropped": "1",
        "technical": "1",
    }
    assert _cells(staff, "funnel-groups", str(windows)) == {
        "offer_accepted": "1",
        "dropped": "1",
        "price": "1",
    }
    assert _cells(staff, "funnel-streets", "Kerkstraat") == {
        "works_done": "1",
        "dropped": "1",
        "technical": "1",
    }
    assert _cells(staff, "funnel-measures", "glazing") == {
        "offer_accepted": "1",
        "dropped": "1",
        "price": "1",
    }
    assert _cells(staff, "funnel-neighbourhoods", "Sluizeken") == {
        "works_done": "1",
        "offer_accepted": "1",
        "dropped": "2",
        "technical": "1",
        "price": "1",
    }
    assert_accessible(staff)
