"""Qualify at the table, on phones in Dutch and Arabic: the questions of a
measure appear once it is ticked (the landlord's for a tenant), are answered
with a tap, come back on the private link, and the dashboard counts who is
likely to pass the contractor's site visit."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible
from tests.support.journeys import (
    join_by_qr,
    login,
    open_sign_up,
)

pytestmark = pytest.mark.browser

DUTCH = {
    "take_part": "Meedoen",
    "solar": "Zonnepanelen",
    "heat_pump": "Warmtepomp",
    "within_a_year": "Binnen 1 jaar",
    "name": "Naam",
    "email": "E-mail",
    "street": "Straat",
    "number": "Huisnummer",
    "rent": "Ik huur",
    "consent": "De gemeente mag me contacteren over deze groepsaankoop.",
    "sign_up": "Inschrijven",
    "link": "Je persoonlijke link",
    "orientation": "Naar welke kant ligt je dak?",
    "asbestos": "Zit er asbest in je dak?",
    "heating": "Hoe verwarm je je woning nu?",
    "landlord": "Is je verhuurder akkoord met de werken?",
}
ARABIC = {
    "take_part": "شارك",
    "solar": "ألواح شمسية",
    "heat_pump": "مضخة حرارية",
    "within_a_year": "خلال سنة",
    "name": "الاسم",
    "email": "البريد الإلكتروني",
    "street": "الشارع",
    "number": "رقم المنزل",
    "rent": "أنا مستأجر",
    "consent": "يمكن للبلدية التواصل معي بشأن هذا الشراء الجماعي.",
    "sign_up": "سجّل",
    "link": "رابطك الخاص",
    "orientation": "إلى أي اتجاه يتجه سطح منزلك؟",
    "asbestos": "هل يحتوي سطح منزلك على الأسبستوس؟",
    "heating": "كيف تدفّئ منزلك الآن؟",
    "landlord": "هل يوافق المالك على الأعمال؟",
}


def _question(page, words: dict, key: str):
    return page.get_by_role("group", name=words[key], exact=True)


def _answer(page, words: dict, key: str, answer: str) -> None:
    _question(page, words, key).get_by_role("radio", name=answer, exact=True).check()


def _contact(page, words: dict, name: str, number: str) -> None:
    page.get_by_label(words["within_a_year"]).check()
    page.get_by_label(words["name"]).fill(name)
    page.get_by_label(words["email"]).fill(f"{number}@buren.be")
    page.get_by_label(words["street"], exact=True).fill("Sleepstraat")
    page.get_by_label(words["number"]).fill(number)
    page.get_by_label(words["consent"]).check()


def _sign_up(page, words: dict) -> str:
    page.get_by_role("button", name=words["sign_up"]).click()
    expect(page.get_by_text(words["link"])).to_be_visible()
    link = page.locator(".private-link a").get_attribute("href")
    return re.sub(r"^https?://[^/]+", "", link)


def test_households_answer_before_a_site_visit_and_staff_see_who_will_pass(
    live_server, desk, phone, new_context
):
    base = live_server.url
    manage = desk.new_page()
    url = open_sign_up(manage, base, "Klimaattafel Daken", "Samen verbouwen")

    # A Dutch tenant: solar panels, a good roof, the landlord agrees.
    dutch = phone("nl-BE")
    join_by_qr(dutch, url, DUTCH["take_part"])
    expect(dutch.locator(".qualify")).to_be_hidden()  # nothing ticked, nothing asked
    dutch.get_by_label(DUTCH["solar"], exact=True).check()
    expect(_question(dutch, DUTCH, "orientation")).to_be_visible()
    expect(_question(dutch, DUTCH, "heating")).to_be_hidden()
    expect(_question(dutch, DUTCH, "landlord")).to_be_hidden()
    _answer(dutch, DUTCH, "orientation", "Zuid")
    dutch.get_by_role("radio", name="Geen schaduw", exact=True).check()
    _answer(dutch, DUTCH, "asbestos", "Nee")
    dutch.get_by_role("radio", name="Hellend dak", exact=True).check()
    dutch.get_by_label(DUTCH["rent"], exact=True).check()
    expect(_question(dutch, DUTCH, "landlord")).to_be_visible()
    _answer(dutch, DUTCH, "landlord", "Ja")
    _contact(dutch, DUTCH, "Ann Claes", "3")
    assert_accessible(dutch)
    dutch_link = _sign_up(dutch, DUTCH)

    # An Arabic-speaking owner: solar panels on an asbestos roof, and a heat pump.
    arabic = phone("ar")
    join_by_qr(arabic, url, ARABIC["take_part"])
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    arabic.get_by_label(ARABIC["solar"], exact=True).check()
    arabic.get_by_label(ARABIC["heat_pump"], exact=True).check()
    expect(_question(arabic, ARABIC, "heating")).to_be_visible()
    _answer(arabic, ARABIC, "asbestos", "نعم")
    _answer(arabic, ARABIC, "heating", "الغاز الطبيعي")
    _contact(arabic, ARABIC, "Chaima El Idrissi", "7")
    # the pictogram stands at the start of each answer, right to left too
    choice = _question(arabic, ARABIC, "asbestos").locator("label.choice").first
    icon_box = choice.locator("svg.icon").bounding_box()
    words_box = choice.locator(".icon-words").bounding_box()
    assert icon_box["x"] > words_box["x"]
    assert_accessible(arabic)
    _sign_up(arabic, ARABIC)

    # The private link shows the answers as given, and takes a change.
    dutch.goto(base + dutch_link)
    expect(
        _question(dutch, DUTCH, "orientation").get_by_role("radio", name="Zuid")
    ).to_be_checked()
    _answer(dutch, DUTCH, "orientation", "Oost en west")
    dutch.get_by_role("button", name="Wijzigingen bewaren").click()
    expect(dutch.get_by_text("Je wijzigingen zijn bewaard.")).to_be_visible()
    expect(
        _question(dutch, DUTCH, "orientation").get_by_role("radio", name="Oost en west")
    ).to_be_checked()

    # Staff see one household likely to pass and one held back by asbestos.
    live_server.create_user("mona@gent.be", "Mona", "staff")
    staff = new_context(
        locale="nl-BE", viewport={"width": 1280, "height": 900}
    ).new_page()
    login(staff, base, email="mona@gent.be")
    staff.get_by_role("link", name="Groepsaankopen").click()
    solar = staff.locator("tbody.street-group", has_text="Zonnepanelen")
    cell = solar.locator("td.site-visit").first
    expect(cell).to_have_attribute("data-likely", "1")
    expect(cell).to_have_attribute("data-unlikely", "1")
    expect(cell).to_contain_text("Asbestdak (1)")
    heat_pump = staff.locator("tbody.street-group", has_text="Warmtepomp")
    expect(heat_pump.locator("td.site-visit").first).to_have_attribute(
        "data-unknown", "1"
    )
    expect(heat_pump).to_contain_text("isolatie van de woning (1)")
    assert_accessible(staff)
