"""Read-aloud: a listen button beside every question and answer choice speaks it
with the phone's own voice in the page's language, and is absent without one.

Headless Chromium has no voices, so each phone is given its own through an init
script that wraps speechSynthesis: getVoices answers the phone's voices once
they "arrive" (after the page loaded, as on real phones: `voiceschanged`), and
speak records what would be said instead of saying it."""

import json

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, assert_accessible
from tests.support.journeys import (
    create_meeting,
    join_by_qr,
    join_url,
    login,
    step_button,
)

pytestmark = pytest.mark.browser
POLL = "Bevraging: wat plan je?"
PERSONAS = "Persona-oefening"

VOICES = """
(() => {
  const voices = %s;
  const synth = window.speechSynthesis;
  let arrived = false;
  window.__spoken = [];
  synth.getVoices = () => (arrived ? voices : []);
  synth.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
  synth.cancel = () => {};
  window.addEventListener('load', () => setTimeout(() => {
    arrived = true;
    synth.dispatchEvent(new Event('voiceschanged'));
  }, 50));
})();
"""


def _voice(lang: str, local: bool = True) -> dict:
    return {
        "lang": lang,
        "name": f"Voice {lang}",
        "voiceURI": f"test:{lang}",
        "localService": local,
        "default": False,
    }


def _phone_with(new_context, locale: str, voices: list[dict]):
    context = new_context(locale=locale, **PHONE)
    context.add_init_script(VOICES % json.dumps(voices))
    return context.new_page()


def _said(page) -> list[dict]:
    return page.evaluate("() => window.__spoken")


def _measure(page, name: str):
    return page.locator(
        ".measure", has=page.get_by_role("heading", name=name, exact=True)
    )


def test_the_listen_button_speaks_in_the_page_s_language(
    live_server, desk, new_context
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Luisteren", [(POLL, "Wat plan je?")])
    url = join_url(manage)

    # A Dutch voice on the phone, and a French one only in the cloud.
    page = _phone_with(
        new_context, "nl-BE", [_voice("nl-BE"), _voice("fr-FR", local=False)]
    )
    join_by_qr(page, url, "Meedoen")
    step_button(manage, "Openen", "Wat plan je?").click()
    solar = _measure(page, "Zonnepanelen")
    expect(solar).to_be_visible()

    # the question: its listen button reads the measure's name, in Dutch
    question = solar.locator(".with-listen", has=page.locator("h3")).get_by_role(
        "button", name="Beluisteren"
    )
    expect(question).to_be_visible()
    question.click()
    page.wait_for_function("() => window.__spoken.length === 1")
    assert _said(page) == [{"text": "Zonnepanelen", "lang": "nl-BE"}]

    # an answer choice: the button beside "Binnen 1 jaar" reads that choice
    choice = solar.locator(
        ".with-listen", has=page.get_by_role("button", name="Binnen 1 jaar")
    )
    choice.get_by_role("button", name="Beluisteren").click()
    page.wait_for_function("() => window.__spoken.length === 2")
    assert _said(page)[1] == {"text": "Binnen 1 jaar", "lang": "nl-BE"}

    # every question and every answer choice of the poll has its own, beside it
    beside = page.locator("#meeting-step .listen").evaluate_all(
        "bs => bs.map(b => b.previousElementSibling.matches("
        "'h3, .answer-button, .barrier-question'))"
    )
    questions = page.locator("#meeting-step .measure-name, #meeting-step .stance h3")
    choices = page.locator("#meeting-step .answer-button")
    assert beside == [True] * (questions.count() + choices.count())
    expect(page.locator("#meeting-step .listen:visible")).to_have_count(len(beside))
    assert_accessible(page)

    # after an answer the fragment is swapped: the new buttons show again
    solar.get_by_role("button", name="Binnen 1 jaar").click()
    barrier = solar.locator(".barrier-question")
    expect(barrier).to_be_visible()
    solar.locator(".with-listen", has=page.locator(".barrier-question")).get_by_role(
        "button", name="Beluisteren"
    ).click()
    page.wait_for_function("() => window.__spoken.length === 3")
    assert _said(page)[2] == {
        "text": "Wat houdt je het meest tegen? (niet verplicht)",
        "lang": "nl-BE",
    }

    # In French this phone has only a voice that would send the text away:
    # no listen button at all.
    page.get_by_role("button", name="Français").click()
    expect(_measure(page, "Panneaux solaires")).to_be_visible()
    page.wait_for_function("() => window.__speechReady === true")  # speech.js ran
    expect(page.locator(".listen").first).to_be_attached()
    expect(page.locator(".listen:visible")).to_have_count(0)


def test_a_phone_without_a_voice_for_its_language_shows_no_listen_button(
    live_server, desk, new_context
):
    base = live_server.url
    manage = desk.new_page()
    login(manage, base)
    create_meeting(manage, "Klimaattafel Stil", [(PERSONAS, "Andere ogen")])
    url = join_url(manage)
    step_button(manage, "Openen", "Andere ogen").click()

    # an Arabic page on a phone that speaks only Dutch
    silent = _phone_with(new_context, "ar", [_voice("nl-BE")])
    join_by_qr(silent, url, "شارك")
    expect(silent.locator(".persona-prompt").first).to_be_visible()
    silent.wait_for_function("() => window.__speechReady === true")  # speech.js ran
    expect(silent.locator(".listen").first).to_be_attached()
    expect(silent.locator(".listen:visible")).to_have_count(0)

    # the same step on a phone with an Arabic voice: the persona's question is read
    speaking = _phone_with(new_context, "ar", [_voice("ar-SA")])
    join_by_qr(speaking, url, "شارك")
    prompt = speaking.locator(".persona-prompt").first
    question = prompt.locator("h3").inner_text()
    prompt.get_by_role("button", name="استمع").click()
    speaking.wait_for_function("() => window.__spoken.length === 1")
    assert _said(speaking) == [{"text": question, "lang": "ar-SA"}]
    assert_accessible(speaking)

    # a phone with no voice at all never even loads the read-aloud code
    fetched = []
    plain = new_context(locale="nl-BE", **PHONE).new_page()
    plain.on("request", lambda request: fetched.append(request.url))
    join_by_qr(plain, url, "Meedoen")
    expect(plain.locator(".persona-prompt").first).to_be_visible()
    expect(plain.locator(".listen:visible")).to_have_count(0)
    assert not [u for u in fetched if u.endswith("/speech.js")]
