"""Six phones compare their bills; nothing shows before five; each sees its place."""

import bisect

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
BILLS = "Energiefacturen vergelijken"


def _fill(page, elec: int, advance: int) -> None:
    page.get_by_label("Elektriciteit verbruikt per jaar (kWh)").fill(str(elec))
    page.get_by_label("Verbruik voor verwarming per jaar").fill("15000")
    page.get_by_label("Maandelijks voorschot nu (euro)").fill(str(advance))
    page.get_by_label("Vaste prijs").check()
    page.get_by_label("Prijs per kWh op de factuur (euro, niet verplicht)").fill("0,31")
    page.get_by_label("Mensen in je huishouden").fill("2")
    page.get_by_role("button", name="Anoniem versturen").click()
    expect(page.get_by_text("Je cijfers zijn binnen")).to_be_visible()


def test_six_phones_compare_bills_anonymously(live_server, desk, phone):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Factuur", [(BILLS, "Onze factuur")])
    url = join_url(manage)
    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    phones = []
    for _ in range(6):
        page = phone("nl-BE")
        join_by_qr(page, url, "Meedoen")
        phones.append(page)
    step_button(manage, "Openen", "Onze factuur").click()
    expect(phones[0].get_by_role("button", name="Anoniem versturen")).to_be_visible()
    assert_accessible(phones[0])

    # An unusual figure asks for confirmation and keeps what was typed.
    phones[0].get_by_label("Elektriciteit verbruikt per jaar (kWh)").fill("12500")
    phones[0].get_by_label("Maandelijks voorschot nu (euro)").fill("140")
    phones[0].get_by_label("Vaste prijs").check()
    phones[0].get_by_label("Mensen in je huishouden").fill("2")
    phones[0].get_by_role("button", name="Anoniem versturen").click()
    expect(phones[0].get_by_text("Klopt dit?")).to_be_visible()
    expect(phones[0].get_by_label("Maandelijks voorschot nu (euro)")).to_have_value(
        "140"
    )
    phones[0].get_by_label("Elektriciteit verbruikt per jaar (kWh)").fill("2200")
    phones[0].get_by_role("button", name="Anoniem versturen").click()
    expect(phones[0].get_by_text("Je cijfers zijn binnen")).to_be_visible()

    for page, (elec, advance) in zip(
        phones[1:4], [(2800, 150), (3500, 170), (4100, 190)], strict=True
    ):
        _fill(page, elec, advance)
    expect(screen.get_by_text("4 huishoudens vulden een factuur in")).to_be_visible()

    # Shown with only four: nothing but a notice, on every phone and the screen.
    step_button(manage, "Toon resultaten", "Onze factuur").click()
    expect(phones[0].get_by_text("Nog niet genoeg huishoudens")).to_be_visible()
    expect(screen.get_by_text("Nog niet genoeg huishoudens")).to_be_visible()
    assert "midden van de straat" not in screen.content()

    step_button(manage, "Openen", "Onze factuur").click()
    for page, (elec, advance) in zip(
        phones[4:], [(5200, 230), (6000, 260)], strict=True
    ):
        expect(page.get_by_role("button", name="Anoniem versturen")).to_be_visible()
        _fill(page, elec, advance)
    step_button(manage, "Toon resultaten", "Onze factuur").click()
    values = [2200, 2800, 3500, 4100, 5200, 6000]
    for page, value in zip(phones, values, strict=True):
        expect(page.get_by_role("heading", name="Waar staan we samen?")).to_be_visible()
        _expect_own_place(page, value)
    expect(screen.get_by_text("6 huishoudens deden mee")).to_be_visible()
    assert "Jij (de stip)" not in screen.content()
    for page in (phones[0], screen, manage):
        assert_accessible(page)

    # The place comes from the phone's own storage: it survives a reload, and
    # the figures are nowhere in the phone's cookies.
    phones[5].reload()
    _expect_own_place(phones[5], 6000)
    cookies = repr(phones[5].context.cookies())
    assert "6000" not in cookies and "6.000" not in cookies


def _expect_own_place(page, value: int) -> None:
    """The phone shows one place, the one its own figure has in the picture."""
    block = page.locator('[data-figure="elec_kwh"]')
    edges = [float(e) for e in block.get_attribute("data-edges").split(",")]
    low, high = (int(b) for b in block.get_attribute("data-middle").split(","))
    band = bisect.bisect_right(edges, value)
    place = "lower" if band < low else "higher" if band > high else "middle"
    expect(block.locator(f'[data-position="{place}"]')).to_be_visible()
    expect(block.locator("[data-position]:visible")).to_have_count(1)
    expect(block.locator('.strip-you[visibility="visible"]')).to_have_attribute(
        "data-band", str(band)
    )
