"""Paper for those without a phone: the facilitator prints the ballot, keys in ten
paper ballots by keyboard, and the meter, the results and the report's PDF count
phones and ballots exactly."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

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
STEP = "Wat plan je?"
#: the first three measures of a new poll step: solar panels, roof, wall
BALLOTS = ["123", "120", "222", "500", "401", "312", "111", "005", "234", "345"]


def _solar(page):
    return page.locator(
        ".measure", has=page.get_by_role("heading", name="Zonnepanelen", exact=True)
    )


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def test_ten_paper_ballots_count_with_the_phones(live_server, desk, phone, tmp_path):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Papier", [(POLL, STEP)])
    url = join_url(manage)
    phones = []
    for _ in range(2):
        page = phone()
        join_by_qr(page, url, "Meedoen")
        phones.append(page)
    step_button(manage, "Openen", STEP).click()
    for page in phones:
        button = _solar(page).get_by_role("button", name="Binnen 1 jaar")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    step_button(manage, "Sluiten", STEP).click()
    expect(manage.locator("#meter")).to_contain_text("2 van 2 beantwoord")

    # The ballot: every measure with five numbered boxes and the meeting code,
    # on one printed page without the page's controls.
    manage.get_by_role("link", name="De papieren stembrief afdrukken").click()
    ballot = manage
    expect(ballot.get_by_role("heading", name=STEP)).to_be_visible()
    expect(ballot.locator(".ballot-code")).to_contain_text(code)
    measures = ballot.locator(".ballot-row").count()
    assert measures >= 3
    expect(ballot.locator(".ballot-box-head")).to_have_count(5)
    expect(ballot.locator(".tick-box")).to_have_count(5 * measures)
    assert_accessible(ballot)
    ballot.emulate_media(media="print")
    expect(ballot.locator("header.top")).to_be_hidden()
    expect(ballot.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(ballot.locator(".ballot-grid")).to_be_visible()
    printed = PdfReader(io.BytesIO(ballot.pdf(format="A4", print_background=True)))
    assert len(printed.pages) == 1
    text = " ".join(printed.pages[0].extract_text().split())
    assert code in text and "Zonnepanelen" in text and "Niet mogelijk voor mij" in text
    ballot.emulate_media(media="screen")
    ballot.get_by_role("link", name="Türkçe").click()
    expect(ballot.locator("article.ballot")).to_have_attribute("lang", "tr")
    expect(ballot.locator(".ballot-grid")).to_contain_text("Güneş")

    # Keying: the field has the focus on every load; digits and Enter only.
    ballot.get_by_role("link", name="Papieren stembrieven invoeren").click()
    field = manage.locator("#ballot-digits")
    expect(field).to_be_focused()
    assert_accessible(manage)
    rest = "0" * (measures - 3)
    for number, digits in enumerate(BALLOTS, start=1):
        manage.keyboard.type(digits + rest)
        manage.keyboard.press("Enter")
        expect(manage.locator(".flash")).to_contain_text(f"Stembrief {number} bewaard")
        expect(field).to_be_focused()
    manage.keyboard.type("12")  # too few: refused, nothing stored
    expect(manage.locator("#ballot-preview .preview-open").first).to_be_visible()
    manage.keyboard.press("Enter")
    expect(manage.locator("#ballot-digits-error")).to_contain_text("je typte 2 cijfers")
    expect(manage.locator("#ballot-count")).to_contain_text("10 papieren stembrieven")
    manage.get_by_role("button", name="Stembrief 10 ongedaan maken").click()
    expect(manage.locator("#ballot-count")).to_contain_text("9 papieren stembrieven")
    manage.locator("#ballot-digits").fill(BALLOTS[-1] + rest)
    manage.keyboard.press("Enter")
    expect(manage.locator(".flash")).to_contain_text("Stembrief 10 bewaard")

    # The meter and the results: two phones and ten ballots, exactly.
    manage.get_by_role("link", name="Terug naar de bijeenkomst").click()
    meter = manage.locator("#meter")
    expect(meter).to_contain_text("12 van 12 beantwoord")
    solar = manage.locator(".poll-analysis figure.bar-row").first
    expect(solar).to_have_attribute("data-total", "11")  # one ballot left it blank
    counts = {"done": "3", "1y": "4", "5y": "2", "not_now": "1", "not_possible": "1"}
    for horizon, count in counts.items():
        segment = solar.locator(f'.segment[data-horizon="{horizon}"]')
        expect(segment).to_have_attribute("data-count", count)
    meter.get_by_label("Mensen in de zaal").fill("16")
    meter.get_by_role("button", name="Bewaren").click()
    expect(manage.locator("#meter-share")).to_contain_text("75%")
    expect(manage.locator("#meter-share")).to_contain_text("12 van 16")
    assert_accessible(manage)

    # The close-out record and the report's PDF with every section.
    manage.get_by_role("link", name="Verslag").first.click()
    manage.get_by_label("Aanwezige organisaties").fill("Buurtwerk Sluizeken")
    manage.get_by_label("Kort verslag").fill("Twaalf huishoudens gaven hun plannen.")
    manage.get_by_label("Afgesproken opvolging").fill("Groepsaankoop zonnepanelen")
    manage.get_by_role("button", name="Verslag bewaren").click()
    expect(manage.locator(".flash")).to_contain_text("bewaard")
    expect(manage.locator(".report-record")).to_contain_text("16 aanwezigen")
    assert_accessible(manage)
    with manage.expect_download() as download:
        manage.get_by_role("link", name="Downloaden als pdf").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = _pdf_text(path.read_bytes())
    for expected in (
        "Klimaattafel Papier",
        "Wie had inspraak",
        "2 telefoons",
        "10 huishoudens met de hand ingevoerd",
        "12 van 12 beantwoord",
        "75%",
        "Buurtwerk Sluizeken",
        "Twaalf huishoudens gaven hun plannen.",
        "Groepsaankoop zonnepanelen",
        STEP,
        "12 huishoudens antwoordden",
    ):
        assert expected in text, expected
    assert re.search(r"Zonnepanelen \(11\)", text)


def test_the_longest_ballot_still_prints_on_one_page(live_server, desk):
    """Every catalogue measure and ten of the facilitator's own, in Dutch and in
    Arabic (right to left): one A4 sheet, every measure and box on it."""
    manage = desk.new_page()
    login(manage, live_server.url)
    create_meeting(manage, "Klimaattafel Lang", [])
    manage.get_by_label("Soort stap").select_option(label=POLL)
    manage.get_by_label("Titel").fill("Alles")
    config = manage.locator('.kind-config[data-kind="poll"]')
    for box in config.locator("input[type=checkbox]").all():
        box.check()
    own = "\n".join(f"Eigen maatregel met een vrij lange naam {n}" for n in range(10))
    manage.get_by_label("Andere maatregelen, één per regel").fill(own)
    manage.get_by_role("button", name="Stap toevoegen").click()
    step_button(manage, "Openen", "Alles").click()
    manage.get_by_role("link", name="De papieren stembrief afdrukken").click()
    measures = manage.locator(".ballot-row").count()
    assert measures > 25
    for lang in ("nl", "ar"):
        manage.get_by_role(
            "link", name={"nl": "Nederlands", "ar": "العربية"}[lang]
        ).click()
        expect(manage.locator("article.ballot")).to_have_attribute("lang", lang)
        manage.emulate_media(media="print")
        printed = PdfReader(io.BytesIO(manage.pdf(format="A4", print_background=True)))
        assert len(printed.pages) == 1, lang
        text = " ".join(printed.pages[0].extract_text().split())
        if lang == "nl":  # Dutch names in an Arabic sheet extract in any order
            assert "Eigen maatregel met een vrij lange naam 9" in text
        manage.emulate_media(media="screen")
