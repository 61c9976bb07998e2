"""The phone's questions carry a listen button, hidden until the phone shows it
has a voice (speech.js, tested in tests/e2e/test_read_aloud_journey.py)."""

import re

from tests.support.web import join, post

LISTEN = re.compile(r"<button[^>]*class=\"listen\"[^>]*>")


def _step(client, meeting, lang="nl") -> str:
    join(client, meeting)
    post(client, "/lang", {"lang": lang, "next": "/"})
    return client.get(f"/m/{meeting.code}/step").get_data(as_text=True)


def test_each_question_has_a_hidden_listen_button_in_the_page_s_language(
    client, poll_meeting
):
    html = _step(client, poll_meeting, "pl")
    buttons = LISTEN.findall(html)
    # the stance question, and the name of each of the three measures
    assert len(buttons) == 4
    for button in buttons:
        assert 'type="button"' in button  # never sends the form it sits in
        assert " hidden" in button  # shown only by a phone with a voice
        assert 'aria-label="Posłuchaj"' in button
    # each sits right after its question, in one .with-listen
    pairs = re.findall(
        r'<div class="with-listen"><(h3|p)[^>]*>.*?</\1><button[^>]*class="listen"',
        html,
        re.S,
    )
    assert pairs == ["h3"] * 4


def test_the_read_aloud_code_is_only_named_not_loaded(client, poll_meeting):
    join(client, poll_meeting)
    page = client.get(f"/m/{poll_meeting.code}").get_data(as_text=True)
    src = re.search(r'data-speech="([^"]+)"', page).group(1)
    assert f'src="{src}"' not in page  # offline.js fetches it only for a voice
    assert client.get(src).status_code == 200


def test_staff_pages_have_no_listen_button(client):
    assert not LISTEN.search(client.get("/login").get_data(as_text=True))
