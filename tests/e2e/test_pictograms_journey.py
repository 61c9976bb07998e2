"""On a browser without any emoji font (DejaVu only, as on many older phones) every
pictogram still shows, with its name: on the phone, on the projector and in print
(the phone's page, the paper ballot and the report), for every step kind."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    assert_accessible,
    watch_csp,
)
from tests.support.journeys import (
    add_ideas_step,
    create_meeting,
    create_meeting_steps,
    join_by_qr,
    join_url,
    login,
    step_button,
)
from tests.support.pictures import (
    DEJAVU,
    font_profile_without_emoji,
    icons_shown,
    shoot,
)
from tests.support.screens import SCREENS, Walk, create_walk_meeting

pytestmark = pytest.mark.browser
POLL = "Bevraging: wat plan je?"
BILLS = "Energiefacturen vergelijken"
SIGNUP = "Inschrijven voor groepsaankopen"
OWN_MEASURE = "Gevelbankje"
DEFAULT_MEASURES = [
    "pv",
    "roof_ins",
    "ext_wall_ins",
    "glazing",
    "hp_air_water",
    "facade_garden",
    "tree",
    "tile_lift",
    "rain_tank",
]
HORIZONS = ["done", "1y", "5y", "not_now", "not_possible"]
BARRIERS = [
    "money",
    "information",
    "landlord",
    "time",
    "contractor",
    "permit",
    "other",
]
STANCES = ["can_want", "can_not_want", "want_cannot", "cannot_not_want"]


@pytest.fixture(scope="module")
def plain_browser(browser, tmp_path_factory):
    """Chromium whose fontconfig lists DejaVu only: no colour-emoji font at all."""
    if not DEJAVU.is_dir():
        pytest.fail(f"{DEJAVU} is missing (apt-get install fonts-dejavu-core)")
    env = font_profile_without_emoji(tmp_path_factory.mktemp("fonts"))
    plain = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env
    )
    yield plain
    plain.close()


@pytest.fixture
def plain(plain_browser, csp_violations):
    contexts = []

    def make(**options):
        context = plain_browser.new_context(**options)
        watch_csp(context, csp_violations)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _drawn(page, staff: bool = False) -> list[str]:
    return [i["icon"] for i in icons_shown(page, staff)]


def test_every_pictogram_shows_without_an_emoji_font(live_server, plain):
    base = live_server.url
    desk = plain(locale="nl-BE", viewport={"width": 1280, "height": 800})
    manage = desk.new_page()
    login(manage, base)
    code = create_meeting(manage, "Klimaattafel Pictogrammen", [])
    # the poll asks about one measure of the facilitator's own too
    manage.get_by_label("Soort stap").select_option(label=POLL)
    manage.get_by_label("Titel").fill("Wat plan je?")
    manage.get_by_label("Andere maatregelen, één per regel").fill(OWN_MEASURE)
    manage.get_by_role("button", name="Stap toevoegen").click()
    expect(manage.locator("#manage-steps .step-title")).to_have_text("Wat plan je?")
    create_meeting_steps(
        manage,
        [(BILLS, "Onze factuur"), (SIGNUP, "Samen"), ("Informatie", "Welkom")],
    )
    add_ideas_step(manage, "Koel", "Wat maakt de straat koel?")
    manage.get_by_label("Soort stap").select_option(label="Persona-oefening")
    manage.get_by_label("Titel").fill("Andere ogen")
    manage.get_by_label("Tekst voor de telefoons").fill("Kijk door andere ogen")
    manage.get_by_label("Voorstellen om als persona te beoordelen").fill(
        "Bankjes om de 100 meter"
    )
    manage.get_by_role("button", name="Stap toevoegen").click()
    expect(
        manage.locator("#manage-steps .step-title", has_text="Andere ogen")
    ).to_be_visible()
    # the agenda names each step's kind with its pictogram
    kinds = _drawn(manage, staff=True)
    for kind in ("poll", "bills", "groups", "personas", "info", "ideas"):
        assert f"kind-{kind}" in kinds, kinds

    url = join_url(manage)
    phone = plain(locale="nl-BE", **PHONE).new_page()
    phone.goto(url)
    assert {"arrow", "globe"} <= set(_drawn(phone))
    shoot(phone, "pictograms", "join")
    join_by_qr(phone, url, "Meedoen")

    step_button(manage, "Openen", "Wat plan je?").click()
    expect(phone.get_by_role("img", name="Zonnepanelen")).to_be_visible()
    phone.locator(f"#{_first_measure_id(phone)}-1y").click()
    expect(phone.locator(".barrier-buttons")).to_be_visible()
    drawn = _drawn(phone)
    for measure in DEFAULT_MEASURES:
        assert drawn.count(measure) == 1, measure
    # the facilitator's own measure has the neutral pictogram, named as it is
    expect(phone.get_by_role("img", name=OWN_MEASURE)).to_have_attribute(
        "data-icon", "measure"
    )
    for horizon in HORIZONS:
        assert drawn.count(horizon) == len(DEFAULT_MEASURES) + 1, horizon
    for name in BARRIERS + STANCES:
        assert name in drawn, name
    # a pictogram's name is what a screen reader says for the choice, once
    expect(
        phone.get_by_role("button", name="Binnen 1 jaar", exact=True).first
    ).to_be_visible()
    assert_accessible(phone)
    shoot(phone, "pictograms", "poll-open")

    screen = desk.new_page()
    screen.goto(f"{base}/m/{code}/screen")
    expect(screen.locator("figure.bar-row").first).to_be_visible()
    assert set(DEFAULT_MEASURES) <= set(_drawn(screen))
    shoot(screen, "pictograms", "screen-poll")

    # printed: the paper ballot, for a household without a phone
    ballot = desk.new_page()
    paper = manage.get_by_role("link", name="De papieren stembrief afdrukken")
    ballot.goto(base + paper.get_attribute("href"))
    ballot.emulate_media(media="print")
    expect(ballot.locator("article.ballot")).to_be_visible()
    printed = _drawn(ballot, staff=True)
    for name in [*DEFAULT_MEASURES, "measure", *HORIZONS]:
        assert name in printed, name
    shoot(ballot, "pictograms", "ballot-print")
    ballot.close()

    step_button(manage, "Toon resultaten", "Wat plan je?").click()
    expect(phone.locator("figure.bar-row").first).to_be_visible()
    assert set(DEFAULT_MEASURES) <= set(_drawn(phone))
    assert set(DEFAULT_MEASURES) <= set(_drawn(manage, staff=True))
    # printed from the phone: the results keep their pictograms
    phone.emulate_media(media="print")
    assert {*DEFAULT_MEASURES, "measure"} <= set(_drawn(phone))
    shoot(phone, "pictograms", "poll-revealed-print")
    phone.emulate_media(media="screen")

    step_button(manage, "Openen", "Andere ogen").click()
    expect(phone.locator(".persona-card")).to_be_visible()
    drawn = _drawn(phone)
    persona = phone.locator(".persona-card svg.icon")
    expect(persona).to_have_attribute(
        "aria-label", phone.locator(".persona-name").inner_text()
    )
    assert {"helps", "neutral", "hinders"} <= set(drawn)
    shoot(phone, "pictograms", "persona")
    expect(screen.locator("#screen-step h2")).to_have_text("Andere ogen")
    _drawn(screen)
    shoot(screen, "pictograms", "screen-persona")

    step_button(manage, "Openen", "Onze factuur").click()
    expect(phone.get_by_role("button", name="Anoniem versturen")).to_be_visible()
    assert "lock" in _drawn(phone)
    expect(screen.locator("#screen-step h2")).to_have_text("Onze factuur")
    _drawn(screen)

    # every other kind: what the phone and the screen show of it
    step_button(manage, "Openen", "Samen").click()
    expect(phone.locator("input[name=email]")).to_be_visible()
    _drawn(phone)
    expect(screen.locator("#screen-step h2")).to_have_text("Samen")
    _drawn(screen)
    step_button(manage, "Openen", "Welkom").click()
    expect(phone.locator("#meeting-step h2")).to_have_text("Welkom")
    _drawn(phone)
    step_button(manage, "Openen", "Koel").click()
    share = phone.locator(".idea-share")
    share.locator("textarea[name=text]").fill("Meer bomen")
    share.locator("button[type=submit]").click()
    expect(phone.locator(".idea-picks li.idea")).to_have_count(1)
    assert {"kind-ideas", "helps"} <= set(_drawn(phone))
    shoot(phone, "pictograms", "ideas")
    expect(screen.locator(".ideas-board")).to_contain_text("Meer bomen")
    _drawn(screen)
    step_button(manage, "Toon resultaten", "Koel").click()
    expect(phone.locator(".idea-ranking")).to_be_visible()
    _drawn(phone)

    # printed: the report keeps every pictogram
    manage.get_by_role("link", name=re.compile("^Verslag")).click()
    manage.emulate_media(media="print")
    expect(manage.locator("figure.bar-row").first).to_be_visible()
    assert set(DEFAULT_MEASURES) <= set(_drawn(manage, staff=True))
    shoot(manage, "pictograms", "report-print")


def _first_measure_id(page) -> str:
    return page.locator(".measure").first.get_attribute("id")


def test_every_resident_screen_shows_its_pictograms_without_an_emoji_font(
    live_server, plain
):
    """The walk of every resident screen (tests/support/screens.py), on the screen
    and printed: each pictogram shows and has its name."""
    desk = plain(locale="nl-BE", viewport={"width": 1280, "height": 800})
    manage = desk.new_page()
    login(manage, live_server.url)
    create_walk_meeting(manage)
    walk = Walk(live_server.url, manage, plain, "nl-BE", PHONE)
    seen = []
    for screen, page in walk.screens():
        seen.append(screen.name)
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            icons_shown(page)
        page.emulate_media(media="screen")
    assert seen == [screen.name for screen in SCREENS]
