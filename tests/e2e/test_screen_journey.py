"""The projector reads from the back of the hall, through its screen link.

A facilitator makes the screen link, copies and opens it; the projector's
browser opens it without a login. Every step kind, open and revealed, with 20
phones' answers, 9 personas and 15 measures, fits the screen at 1920x1080 and
at 1280x720 without scrolling, or pages through itself until every part was
shown; the join code and the QR code stay whole in a corner at every width
from 320 px. Screenshots of every state go to test-results/screen/. Revoking
the link closes the projector's screen.
"""

import re
import shutil
from datetime import date

import pytest
from playwright.sync_api import expect

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.groups import services as groups
from app.meetings import services as meetings
from app.personas import services as personas
from app.personas.catalogue import PERSONAS
from app.polls import services as polls
from app.polls.catalogue import CATALOGUE
from tests.support.browser import assert_accessible
from tests.support.journeys import login, step_button
from tests.support.seed import households_answer
from tests.support.servers import ROOT
from tests.support.web import make_config

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-results" / "screen"
SIZES = [(1920, 1080), (1280, 720)]
WIDTHS = [320, 360, 414, 600, 768, 1024, 1280, 1366, 1600, 1920]
FOLLOW_MS = 5000
STEPS = {
    "info": "Welkom in het buurtcentrum",
    "poll": "Wat plan je de komende jaren?",
    "bills": "Onze energiefactuur",
    "personas": "Door andermans ogen",
    "groups": "Samen aankopen",
}
SAYINGS = [
    "Een bank om even te rusten halverwege de straat.",
    "De stoep is te smal naast de geveltuinen, ik moet op straat rijden.",
    "Meer licht in de steeg, 's avonds zie ik de putten niet.",
    "Een veilige oversteek aan de school, met een zebrapad dat opvalt.",
    "Geen losse kiezels na het ontharden, daar blijft mijn rollator in steken.",
    "Ik wil weten wat een warmtepomp kost voor een huurhuis.",
    "Informatie in eenvoudige taal en met tekeningen, niet alleen op de website.",
    "Een fietsenstalling die ik met mijn kinderfiets ook kan gebruiken.",
    "Schaduw op het pleintje in de zomer: bomen in plaats van parasols.",
]


def _seed(server) -> dict:
    """A meeting with a step of each kind and 20 phones that answered them all."""
    app = create_app(make_config(server.env["DATABASE_URL"]))
    with app.app_context():
        user = accounts.user_by_email("fien@gent.be")
        area = accounts.neighbourhood_named(user.municipality, "Sluizeken")
        meeting = meetings.create_meeting(
            user,
            area,
            title="Klimaattafel Sluizeken",
            held_on=date.today(),
            place="Buurtcentrum",
            locale="nl",
        )
        steps = {
            kind: meetings.add_step(meeting, kind=kind, title=title)
            for kind, title in STEPS.items()
        }
        steps["info"].body = (
            "Vanavond kijken we samen naar wat we thuis en in de straat kunnen doen:"
            " isoleren, zonnepanelen, groen en samen aankopen."
        )
        polls.create_measures(steps["poll"], [m.key for m in CATALOGUE[:15]], [])
        personas.create_deck(
            steps["personas"],
            [p.key for p in PERSONAS[:9]],
            [],
            [],
            [
                "Bankjes om de 100 meter",
                "Fietsenstalling in de straat",
                "Geveltuinen aan beide kanten",
            ],
        )
        prompt = personas.prompts_of(steps["personas"])[0]
        proposals = personas.proposals_of(steps["personas"])
        for i, phone in enumerate(households_answer(meeting, steps, 20)):
            card = personas.deal(steps["personas"], phone)
            answers = personas.save_answers(
                prompt,
                phone,
                card.persona_id,
                {
                    "persona": SAYINGS[i % len(SAYINGS)],
                    "self": SAYINGS[(i + 4) % len(SAYINGS)] if i % 3 == 0 else "",
                },
            )
            if i in (4, 11, 17):
                personas.moderate(answers["persona"], "highlight")
            for p, proposal in enumerate(proposals):
                rating = ("helps", "neutral", "hinders")[(i + p) % 3]
                personas.save_rating(proposal, phone, card.persona_id, rating)
            if i % 4 == 0:
                groups.create_signup(
                    meeting,
                    {
                        "measures": ["pv", "roof_ins"],
                        "horizon": "1y",
                        "name": f"Buur {i}",
                        "email": f"buur{i}@example.be",
                        "street": "Sluizekenstraat",
                        "house_number": str(i + 1),
                        "consent_contact": True,
                    },
                )
        db.session.commit()
        result = {
            "code": meeting.code,
            "steps": {kind: step.id for kind, step in steps.items()},
        }
        db.session.remove()
        db.engine.dispose()
    return result


#: what the screen shows now, measured in the page: whatever lies outside the
#: viewport, the QR code's box, and the pages it has
MEASURE = """() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const root = document.documentElement;
  const outside = [];
  for (const el of document.querySelectorAll('#main *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest('.visually-hidden, [hidden]')) continue;
    if (box.bottom > vh + 1 || box.right > vw + 1 || box.left < -1 || box.top < -1)
      outside.push(el.tagName + '.' + el.className + ' ' + Math.round(box.bottom));
  }
  // The code's modules, not only its box: an SVG without a viewBox crops them.
  const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const svg = box('.screen-corner .qr svg');
  const modules = box('.screen-corner .qr svg path');
  const qr = {
    left: Math.min(svg.left, modules.left),
    top: Math.min(svg.top, modules.top),
    right: Math.max(svg.right, modules.right),
    bottom: Math.max(svg.bottom, modules.bottom),
  };
  const cropped = modules.right > svg.right + 1 || modules.bottom > svg.bottom + 1;
  const code = box('.screen-corner .code-large');
  const shown = [...document.querySelectorAll('#screen-step [data-page-item]')]
    .filter((el) => !el.hidden).map((el) => el.dataset.pageItem);
  const all = [...document.querySelectorAll('#screen-step [data-page-item]')]
    .map((el) => el.dataset.pageItem);
  return {
    scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, vw, vh,
    outside: outside.slice(0, 5),
    qr: [qr.left, qr.top, qr.right, qr.bottom], cropped, code: [code.left, code.right],
    pages: Number(root.dataset.pages || 1), page: Number(root.dataset.page || 1),
    shown, all,
  };
}"""

SETTLED = (
    "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
)


def _measure(screen) -> dict:
    screen.evaluate(SETTLED)  # the pager lays out again on resize, in a frame
    return screen.evaluate(MEASURE)


def _assert_whole(m: dict, where: str) -> None:
    assert m["scrollHeight"] <= m["vh"], f"{where}: scrolls {m}"
    assert m["scrollWidth"] <= m["vw"], f"{where}: scrolls sideways {m}"
    assert m["outside"] == [], f"{where}: outside the screen {m['outside']}"
    left, top, right, bottom = m["qr"]
    assert left >= 0 and top >= 0 and right <= m["vw"] and bottom <= m["vh"], where
    assert right - left >= 80, f"{where}: QR code too small to scan {m['qr']}"
    assert not m["cropped"], f"{where}: the QR code's modules are cut off"
    assert m["code"][0] >= 0 and m["code"][1] <= m["vw"], f"{where}: code cut off"


def _check_state(screen, name: str, items: range, *, one_page=False) -> None:
    """At each projector size: nothing scrolls, and its pages show every part
    (with `one_page`, all of them at once)."""
    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        m = _measure(screen)
        where = f"{name} at {width}x{height}"
        assert len(m["all"]) in items, (where, m["all"])
        seen, pages = {}, m["pages"]
        assert pages == 1 or not one_page, f"{where}: {pages} pages"
        for _turn in range(3 * pages):
            m = _measure(screen)
            if m["page"] not in seen:
                seen[m["page"]] = m["shown"]
                screen.screenshot(
                    path=SHOTS / f"{name}-{width}x{height}-p{m['page']}.png"
                )
            _assert_whole(m, f"{where}, page {m['page']}/{pages}")
            if len(seen) == pages:
                break
            screen.keyboard.press("ArrowRight")
        assert sorted(seen) == list(range(1, pages + 1)), (where, sorted(seen))
        shown = [item for page in seen.values() for item in page]
        assert sorted(shown) == sorted(m["all"]), f"{where}: not every part shown"
        if pages > 1:
            expect(screen.locator(".screen-page")).to_have_text(
                re.compile(rf"^Pagina \d+ van {pages}$")
            )
    screen.set_viewport_size({"width": 1920, "height": 1080})


def _assert_qr_whole_at_every_width(screen, name: str) -> None:
    for width in WIDTHS:
        height = 640 if width < 768 else round(width * 9 / 16)
        screen.set_viewport_size({"width": width, "height": height})
        m = _measure(screen)
        left, top, right, bottom = m["qr"]
        inside = left >= 0 and top >= 0 and right <= width and bottom <= height
        assert inside, f"{name} at {width}x{height}: QR code at {m['qr']}"
        assert not m["cropped"], f"{name} at {width}: the QR code's modules are cut off"
        assert m["scrollWidth"] <= width, f"{name} at {width}: scrolls sideways"
    screen.screenshot(path=SHOTS / f"{name}-narrow-1920.png")
    screen.set_viewport_size({"width": 1920, "height": 1080})


def _make_screen_link(manage, desk, base: str) -> str:
    manage.get_by_role("button", name="Schermlink maken").click()
    address = manage.locator("#screen-link-url")
    expect(address).to_be_visible()
    link = address.input_value()
    assert link.startswith(f"{base}/screen/") and len(link.rsplit("/", 1)[1]) >= 32
    desk.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    manage.get_by_role("button", name="Kopieer de link").click()
    expect(manage.locator("[data-copy-status]")).to_have_text("De link is gekopieerd.")
    assert manage.evaluate("() => navigator.clipboard.readText()") == link
    with manage.expect_popup() as opened:
        manage.get_by_role("link", name="Open de schermlink").click()
    popup = opened.value
    expect(popup.locator(".screen-corner .code-large")).to_be_visible()
    popup.close()
    assert_accessible(manage)
    return link


def test_the_projector_reads_from_the_back_through_its_screen_link(
    live_server, desk, new_context
):
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    base = live_server.url
    seed = _seed(live_server)
    code, steps = seed["code"], seed["steps"]
    manage = desk.new_page()
    login(manage, base)
    manage.goto(f"{base}/m/{code}/manage")
    link = _make_screen_link(manage, desk, base)

    # The projector's browser has no login: the link is all it holds.
    projector = new_context(locale="nl-BE", viewport={"width": 1920, "height": 1080})
    screen = projector.new_page()
    screen.goto(link)
    expect(screen.locator(".screen-corner .code-large")).to_have_text(code)
    expect(screen.locator("#live-status")).to_have_text("Verbonden")
    expect(screen.locator("#screen-step h2")).to_have_text(re.compile("Welkom!"))
    _check_state(screen, "welcome", range(1))
    _assert_qr_whole_at_every_width(screen, "welcome")
    assert_accessible(screen)

    none, measures, answers = range(1), range(15, 16), range(23, 24)  # 20 + 3 ratings
    expected = {
        "info": (none, none),
        "poll": (measures, measures),
        "bills": (none, range(4, 7)),  # the figures the street's bills hold
        "personas": (answers, answers),
        "groups": (none, none),
    }
    for kind, title in STEPS.items():
        for action, state in (("Openen", "open"), ("Toon resultaten", "revealed")):
            step_button(manage, action, title).click()
            # The screen follows live, through the link's own socket.
            expect(screen.locator("#screen-step")).to_have_attribute(
                "data-screen-step", f"{steps[kind]}-{state}", timeout=FOLLOW_MS
            )
            expect(screen.locator("#screen-step h2")).to_have_text(title)
            items = expected[kind][0 if state == "open" else 1]
            _check_state(screen, f"{kind}-{state}", items, one_page=kind == "poll")
            assert_accessible(screen)
    _assert_qr_whole_at_every_width(screen, "personas-revealed-last")

    # The persona wall does not fit 1280x720 at once: it turns its pages itself.
    step_button(manage, "Openen", STEPS["personas"]).click()
    expect(screen.locator("#screen-step")).to_have_attribute(
        "data-screen-step", f"{steps['personas']}-open", timeout=FOLLOW_MS
    )
    screen.set_viewport_size({"width": 1280, "height": 720})
    screen.evaluate(SETTLED)
    first = screen.evaluate("() => document.documentElement.dataset.page")
    assert int(screen.evaluate("() => document.documentElement.dataset.pages")) > 1
    screen.wait_for_function(
        "(page) => document.documentElement.dataset.page !== page",
        arg=first,
        timeout=30000,
    )
    # The three highlighted answers come first, marked as such.
    expect(screen.locator(".wall-highlights .wall-card")).to_have_count(3)
    first_item = screen.locator("#screen-step [data-page-item]").first
    expect(first_item).to_have_class(re.compile("wall-card-highlighted"))

    # Through the link, nothing of the facilitator's opens.
    stranger = projector.new_page()
    stranger.goto(f"{base}/m/{code}/manage")
    expect(stranger).to_have_url(re.compile(r"/login\?next="))
    stranger.close()

    # Revoked: the projector's screen closes by itself; the address is gone.
    manage.get_by_role("button", name="Link intrekken").click()
    expect(manage.get_by_role("button", name="Schermlink maken")).to_be_visible()
    expect(screen.locator(".error-page")).to_be_visible(timeout=FOLLOW_MS)
    assert screen.goto(link).status == 404
