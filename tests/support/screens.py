"""Every screen a resident can see, in one list, and one walk through a meeting
that reaches each of them in turn: the journeys that look at every resident
screen (right to left at 320 px, axe-core and 200% zoom in each language) walk
it and check what they check on each screen it stops at.

The meeting's title, its steps' titles and texts, a measure of its own and what
a Dutch neighbour types all end in "?": in a right-to-left page such a Dutch
text must still show its "?" at its end. Each screen names where that text is.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from playwright.sync_api import expect

from tests.support.journeys import create_meeting, join_url, step_button

MEETING = "Wat doen we in onze straat?"
#: the facilitator's own measure, shown untranslated beside the catalogue's
OWN_MEASURE = "Een geveltuin met bankje?"
IDEA = "Meer bomen in de straat?"
PERSONA_ANSWER = "Een bank om te rusten?"
#: (kind, its label on the facilitator's form, title, that kind's own fields)
STEPS = [
    ("info", "Informatie", "Waar beginnen we?", {}),
    (
        "poll",
        "Bevraging: wat plan je?",
        "Wat plan je?",
        {"Andere maatregelen, één per regel": OWN_MEASURE},
    ),
    ("bills", "Energiefacturen vergelijken", "Wat kost je energie?", {}),
    (
        "personas",
        "Persona-oefening",
        "Andere ogen?",
        {"Voorstellen om als persona te beoordelen": "Bankjes om de 100 meter?"},
    ),
    ("groups", "Inschrijven voor groepsaankopen", "Samen aankopen?", {}),
    (
        "ideas",
        "Ideeën",
        "Koele straat?",
        {"Open vraag (voor een ideeënstap)": "Wat maakt de straat koel?"},
    ),
]
TITLE = {kind: title for kind, _label, title, _fields in STEPS}
STATES = ("open", "closed", "revealed")


@dataclass(frozen=True)
class Screen:
    name: str
    #: the step kind and state it shows, for a screen of a step
    kind: str = ""
    state: str = ""
    #: where it shows Dutch text (typed by staff or a neighbour) ending in "?"
    dutch: tuple[str, ...] = ()


def _step(kind: str, state: str, *dutch: str, name: str = "") -> Screen:
    return Screen(name or f"{kind}-{state}", kind, state, ("h2.step-title", *dutch))


_OWN_MEASURE_NAME = f".measure-name:has-text('{OWN_MEASURE}') bdi.icon-words"
_OWN_MEASURE_BAR = f"figure.bar-row:has-text('{OWN_MEASURE}') bdi.icon-words"
SCREENS: tuple[Screen, ...] = (
    Screen("home"),
    Screen("home-unknown-code"),
    Screen("form-expired"),
    Screen("unknown-link"),
    Screen("offline"),
    Screen("join", dutch=("main h1",)),
    Screen("waiting", dutch=("h1.phone-title",)),
    _step("info", "open", "h1.phone-title", ".step-body"),
    _step("info", "closed"),
    _step("info", "revealed"),
    _step("poll", "open", _OWN_MEASURE_NAME),
    _step("poll", "closed"),
    _step("poll", "revealed", _OWN_MEASURE_BAR),
    _step("bills", "open"),
    _step("bills", "open", name="bills-entered"),
    _step("bills", "closed"),
    _step("bills", "revealed"),
    _step("personas", "open", ".proposal-text"),
    _step("personas", "closed"),
    _step("personas", "revealed", ".as-persona bdi"),
    _step("groups", "open"),
    _step("groups", "open", name="groups-thanks"),
    Screen("private-link"),
    Screen("private-link-saved"),
    Screen("withdrawn"),
    Screen("private-link-gone"),
    _step("groups", "closed"),
    _step("groups", "revealed"),
    _step("ideas", "open", ".idea-question", ".idea-picks .idea-text"),
    _step("ideas", "closed", ".idea-question"),
    _step("ideas", "revealed", ".idea-ranked .idea-text"),
    Screen("join-closed", dutch=("main h1",)),
)
BY_NAME = {screen.name: screen for screen in SCREENS}
#: what a phone shows once a step's results are revealed
REVEALED = {
    "poll": "figure.bar-row",
    "bills": ".bills [data-reference]",
    "personas": ".persona-wall",
    "ideas": ".idea-ranking",
}
_SUBMIT = "main form:not(.languages) button[type=submit]"


def create_walk_meeting(manage) -> None:
    """Create the walk's meeting and its steps from the facilitator's page."""
    create_meeting(manage, MEETING, [])
    for _kind, label, title, fields in STEPS:
        manage.get_by_label("Soort stap").select_option(label=label)
        manage.get_by_label("Titel").fill(title)
        manage.get_by_label("Tekst voor de telefoons").fill(f"Uitleg: {title}")
        for field, value in fields.items():
            manage.get_by_label(field).fill(value)
        manage.get_by_role("button", name="Stap toevoegen").click()
        expect(
            manage.locator("#manage-steps .step-title", has_text=title)
        ).to_be_visible()


class Walk:
    """A resident's phone through a meeting the facilitator runs from `manage`
    (logged in, Dutch), with a Dutch neighbour's phone beside it."""

    def __init__(self, base: str, manage, new_context, locale: str, viewport: dict):
        self.base, self.manage, self.locale = base, manage, locale
        self.new_page = lambda lang=locale: new_context(
            locale=lang, **viewport
        ).new_page()
        self.phone = self.new_page()
        self.neighbour = None
        self.url = ""

    def screens(self) -> Iterator[tuple[Screen, object]]:
        """Yield each screen of SCREENS, in order, with the page that shows it."""
        yield from self._before_joining()
        yield from self._joined()
        for kind in ("info", "poll", "bills", "personas"):
            yield from self._step(kind)
        yield from self._groups()
        yield from self._step("ideas")
        self.manage.get_by_role("button", name="Geen nieuwe deelnemers meer").click()
        expect(
            self.manage.get_by_role("button", name="Opnieuw laten aansluiten")
        ).to_be_visible()
        late = self.new_page()
        late.goto(self.url)
        yield BY_NAME["join-closed"], late

    def _before_joining(self):
        phone = self.phone
        phone.goto(self.base + "/")
        yield BY_NAME["home"], phone
        phone.locator("input[name=code]").fill("QWERTY")
        phone.locator(_SUBMIT).click()
        expect(phone.locator("main .error")).to_be_visible()
        yield BY_NAME["home-unknown-code"], phone
        # a form kept open past its token's lifetime
        token = phone.locator("main form:not(.languages) input[name=csrf_token]")
        token.evaluate("e => { e.value = 'old'; }")
        phone.locator(_SUBMIT).click()
        expect(phone.locator("main .error-page")).to_be_visible()
        yield BY_NAME["form-expired"], phone
        phone.goto(self.base + "/j/no-such-link")
        yield BY_NAME["unknown-link"], phone
        phone.goto(self.base + "/offline")
        yield BY_NAME["offline"], phone

    def _joined(self):
        self.url = join_url(self.manage)
        phone = self.phone
        phone.goto(self.url)
        yield BY_NAME["join"], phone
        phone.locator(_SUBMIT).first.click()
        expect(phone.locator("#meeting-step")).to_be_visible()
        yield BY_NAME["waiting"], phone
        self.neighbour = self.new_page("nl-BE")
        self.neighbour.goto(self.url)
        self.neighbour.locator(_SUBMIT).first.click()
        expect(self.neighbour.locator("#meeting-step")).to_be_visible()

    def _move(self, kind: str, state: str) -> None:
        """Have the facilitator move a step; wait until both phones show it."""
        label = {"open": "Openen", "closed": "Sluiten", "revealed": "Toon resultaten"}
        step_button(self.manage, label[state], TITLE[kind]).click()
        for page in (self.phone, self.neighbour):
            title = page.locator("#meeting-step h2.step-title")
            expect(title).to_have_text(TITLE[kind])
            expect(title).to_have_attribute("data-state", state)

    def _step(self, kind: str):
        """Open, answer, close and reveal a step."""
        self._move(kind, "open")
        yield from getattr(self, f"_answer_{kind}", self._answer_nothing)(kind)
        for state in ("closed", "revealed"):
            self._move(kind, state)
            if state == "revealed" and kind in REVEALED:
                expect(self.phone.locator(REVEALED[kind]).first).to_be_visible()
            yield BY_NAME[f"{kind}-{state}"], self.phone

    def _answer_nothing(self, kind: str):
        yield BY_NAME[f"{kind}-open"], self.phone

    def _answer_poll(self, _kind: str):
        phone, neighbour = self.phone, self.neighbour
        first = phone.locator(".measure").first.get_attribute("id")
        phone.locator(f"#{first}-1y").click()
        expect(phone.locator(f"#{first} .barrier-question")).to_be_visible()
        neighbour.locator(f"#{first}-done").click()
        expect(neighbour.locator(f"#{first}-done")).to_have_attribute(
            "aria-pressed", "true"
        )
        yield BY_NAME["poll-open"], phone

    def _answer_bills(self, _kind: str):
        phone = self.phone
        yield BY_NAME["bills-open"], phone
        phone.locator('input[name="elec_kwh"]').fill("2200")
        phone.locator('input[name="heat_amount"]').fill("15000")
        phone.locator('input[name="advance_eur"]').fill("120")
        phone.locator('input[name="contract"]').first.check()
        phone.locator('input[name="household_size"]').fill("2")
        phone.locator('form[data-own-figures] button[type="submit"]').click()
        expect(phone.locator(".bills .flash")).to_be_visible()
        yield BY_NAME["bills-entered"], phone

    def _answer_personas(self, _kind: str):
        prompt = self.neighbour.locator(".persona-prompt").first
        prompt.locator("textarea[name=as_persona]").fill(PERSONA_ANSWER)
        prompt.locator("button[type=submit]").click()
        expect(prompt.locator(".saved")).to_be_visible()
        yield BY_NAME["personas-open"], self.phone

    def _answer_ideas(self, _kind: str):
        share = self.neighbour.locator(".idea-share")
        share.locator("textarea[name=text]").fill(IDEA)
        share.locator("button[type=submit]").click()
        expect(self.phone.locator(".idea-picks")).to_contain_text(IDEA)
        yield BY_NAME["ideas-open"], self.phone

    def _groups(self):
        """The sign-up, its thanks, the private link and the withdrawal."""
        phone = self.phone
        self._move("groups", "open")
        yield BY_NAME["groups-open"], phone
        form = phone.locator("form[action*='/signup']")
        form.locator("input[name=measures]").first.check()
        form.locator("input[name=horizon][value='1y']").check()
        form.locator("input[name=name]").fill("Ola Nowak")
        form.locator("input[name=email]").fill("ola@buren.be")
        form.locator("input[name=street]").fill("Sleepstraat")
        form.locator("input[name=house_number]").fill("9")
        form.locator("input[name=consent_contact]").check()
        form.locator("button[type=submit]").click()
        link = phone.locator(".private-link a")
        expect(link).to_be_visible()
        yield BY_NAME["groups-thanks"], phone

        own = self.new_page()
        own.goto(link.get_attribute("href"))
        yield BY_NAME["private-link"], own
        own.locator("main form.own-signup button[type=submit]").click()
        expect(own.locator("main .flash")).to_be_visible()
        yield BY_NAME["private-link-saved"], own
        own.locator("form[action*='/withdraw'] button").click()
        expect(own.locator("main a[href^='/m/']")).to_be_visible()
        yield BY_NAME["withdrawn"], own
        own.goto(link.get_attribute("href"))
        yield BY_NAME["private-link-gone"], own

        for state in ("closed", "revealed"):
            self._move("groups", state)
            yield BY_NAME[f"groups-{state}"], phone
