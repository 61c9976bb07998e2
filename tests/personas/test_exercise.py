"""Phones are dealt personas, answer, and the facilitator moderates the wall."""

import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.meetings import services as meetings
from app.personas import services as personas
from app.personas.models import PersonaAnswer, PersonaDeal, PersonaRating
from tests.support.web import csrf_token, join, login, post

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<div hx-get="/logout" hx-trigger="load">x</div>',
    '<button hx-on:click="alert(1)">x</button>',
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
]


@pytest.fixture
def persona_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="personas", title="Kijk door andere ogen")
    personas.create_deck(step, ["walker", "wheelchair", "pram", "child"], [], [])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


def _answer(client, meeting, text, perspective="persona", prompt=None, **more):
    step = meeting.current_step
    prompt = prompt or personas.prompts_of(step)[0]
    return post(
        client,
        f"/m/{meeting.code}/personas/{step.id}/answer",
        {"prompt": prompt.id, f"as_{perspective}": text, **more},
        headers={"HX-Request": "true"},
    )


def _texts(prompt) -> dict[str, str]:
    rows = db.session.scalars(
        sa.select(PersonaAnswer).where(PersonaAnswer.prompt_id == prompt.id)
    )
    return {row.perspective: row.text for row in rows}


def _received_within(sio_client, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    names: list[str] = []
    while time.monotonic() < deadline and not names:
        names = [m["name"] for m in sio_client.get_received()]
        time.sleep(0.02)
    return names


def _all_received_within(sio_client, seconds: float) -> list[str]:
    deadline, names = time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        names += [m["name"] for m in sio_client.get_received()]
        time.sleep(0.02)
    return names


def _card_name(client, meeting) -> str:
    html = client.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    return html.split('class="persona-name">')[1].split("<")[0]


def test_cards_are_dealt_evenly_and_stay_on_reload(new_client, persona_meeting):
    phones = []
    for _ in range(8):
        phone = new_client()
        join(phone, persona_meeting)
        phones.append(phone)
    names = [_card_name(phone, persona_meeting) for phone in phones]
    assert len(set(names[:4])) == 4 and len(set(names[4:])) == 4
    assert [_card_name(phone, persona_meeting) for phone in phones] == names


def test_concurrent_phones_still_get_an_even_deal(app, new_client, persona_meeting):
    phones = []
    for _ in range(8):
        phone = new_client()
        join(phone, persona_meeting)
        phones.append(phone)
    threads = [
        threading.Thread(target=phone.get, args=(f"/m/{persona_meeting.code}/step",))
        for phone in phones
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deals = db.session.scalars(sa.select(PersonaDeal)).all()
    assert sorted(d.deal_number for d in deals) == list(range(8))
    counts = sa.func.count()
    per_persona = db.session.execute(
        sa.select(PersonaDeal.persona_id, counts).group_by(PersonaDeal.persona_id)
    ).all()
    assert sorted(n for _p, n in per_persona) == [2, 2, 2, 2]


def test_answers_are_limited_with_a_clear_message(client, persona_meeting):
    join(client, persona_meeting)
    too_long = _answer(client, persona_meeting, "x" * 501)
    assert too_long.status_code == 422
    assert "hoogstens 500 tekens" in too_long.get_data(as_text=True)
    assert "x" * 501 in too_long.get_data(as_text=True)  # nothing typed is lost
    assert _answer(client, persona_meeting, "   ").status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PersonaAnswer)) == 0
    assert _answer(client, persona_meeting, "Een bank om te rusten").status_code == 200
    assert (
        _answer(
            client, persona_meeting, "Bredere stoepen", perspective="self"
        ).status_code
        == 200
    )
    assert _answer(client, persona_meeting, "x", perspective="robot").status_code == 422


def test_one_save_stores_both_answers_and_a_second_updates_both(
    client, persona_meeting
):
    join(client, persona_meeting)
    prompt = personas.prompts_of(persona_meeting.current_step)[0]
    saved = _answer(client, persona_meeting, "Een bank", as_self="Meer schaduw")
    assert saved.status_code == 200
    html = saved.get_data(as_text=True)
    assert html.count("<textarea") == 2 and html.count('type="submit"') == 1
    assert "Een bank" in html and "Meer schaduw" in html
    assert _texts(prompt) == {"persona": "Een bank", "self": "Meer schaduw"}
    _answer(client, persona_meeting, "Twee banken", as_self="Bomen")
    assert _texts(prompt) == {"persona": "Twee banken", "self": "Bomen"}
    # A field sent blank withdraws that answer; one not sent stays as it is.
    _answer(client, persona_meeting, "Twee banken", as_self="  ")
    assert _texts(prompt) == {"persona": "Twee banken"}
    _answer(client, persona_meeting, "Bomen", perspective="self")
    assert _texts(prompt) == {"persona": "Twee banken", "self": "Bomen"}
    blank = _answer(client, persona_meeting, " ", as_self="")
    assert blank.status_code == 422
    assert "Schrijf eerst iets" in blank.get_data(as_text=True)
    assert _texts(prompt) == {"persona": "Twee banken", "self": "Bomen"}


def test_xss_payloads_are_inert_everywhere(client, new_client, persona_meeting):
    step = persona_meeting.current_step
    prompts = personas.prompts_of(step)
    for i, payload in enumerate(XSS):
        phone = new_client()
        join(phone, persona_meeting)
        for prompt in prompts:
            for perspective in ("persona", "self"):
                response = _answer(phone, persona_meeting, payload, perspective, prompt)
                assert response.status_code == 200, (i, payload)
    login(client, persona_meeting.facilitator)
    meetings.change_step(persona_meeting, step, "reveal")
    db.session.commit()
    pages = [
        client.get(f"/m/{persona_meeting.code}/manage").get_data(as_text=True),
        client.get(f"/m/{persona_meeting.code}/screen").get_data(as_text=True),
        client.get(f"/m/{persona_meeting.code}/personas/{step.id}/wall").get_data(
            as_text=True
        ),
        client.get(f"/m/{persona_meeting.code}/report").get_data(as_text=True),
        phone.get(f"/m/{persona_meeting.code}/step").get_data(as_text=True),
    ]
    for html in pages:
        for raw in (
            "<script>alert",
            "<img src=x",
            '<div hx-get="/logout"',
            "<button hx-on:click",
            "<svg onload",
        ):
            assert raw not in html
        assert "{{ 7*7 }}" in html.replace("&#39;", "'") or "persona-" not in html
        assert ">49<" not in html and " 49 " not in html  # template syntax stays text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]


def test_hidden_answers_leave_the_wall_and_phones(
    client, new_client, persona_meeting, sio
):
    phone = new_client()
    join(phone, persona_meeting)
    _answer(phone, persona_meeting, "Bankjes met leuning")
    _answer(
        phone,
        persona_meeting,
        "Iets ongepasts",
        prompt=personas.prompts_of(persona_meeting.current_step)[1],
    )
    step = persona_meeting.current_step
    meetings.change_step(persona_meeting, step, "reveal")
    db.session.commit()
    login(client, persona_meeting.facilitator)
    listening = sio(phone)
    bad = db.session.scalar(
        sa.select(PersonaAnswer).where(PersonaAnswer.text == "Iets ongepasts")
    )
    shown_before = phone.get(f"/m/{persona_meeting.code}/step").get_data(as_text=True)
    assert "Iets ongepasts" in shown_before  # the phone's kept render, before hiding
    response = post(
        client, f"/m/{persona_meeting.code}/personas/{step.id}/answers/{bad.id}/hide"
    )
    assert response.status_code == 302
    # The wall refetches itself, and the phone's step (a revealed wall) moves on.
    assert {"persona-wall-changed", "step-changed"} <= set(
        _all_received_within(listening, seconds=1)
    )
    shown = phone.get(f"/m/{persona_meeting.code}/step").get_data(as_text=True)
    assert "Iets ongepasts" not in shown and "Bankjes met leuning" in shown
    wall = phone.get(f"/m/{persona_meeting.code}/personas/{step.id}/wall").get_data(
        as_text=True
    )
    assert "Iets ongepasts" not in wall and "Bankjes met leuning" in wall
    screen = client.get(f"/m/{persona_meeting.code}/personas/{step.id}/wall").get_data(
        as_text=True
    )
    assert "Iets ongepasts" not in screen
    report = client.get(f"/m/{persona_meeting.code}/report").get_data(as_text=True)
    assert "Iets ongepasts" not in report and "Bankjes met leuning" in report


def test_phone_sees_the_wall_only_once_revealed(new_client, persona_meeting):
    phone = new_client()
    join(phone, persona_meeting)
    step = persona_meeting.current_step
    assert (
        phone.get(f"/m/{persona_meeting.code}/personas/{step.id}/wall").status_code
        == 404
    )


def test_only_the_meetings_facilitator_moderates(
    client, new_client, persona_meeting, make_user
):
    phone = new_client()
    join(phone, persona_meeting)
    _answer(phone, persona_meeting, "Meer licht")
    answer = db.session.scalars(sa.select(PersonaAnswer)).one()
    step = persona_meeting.current_step
    url = f"/m/{persona_meeting.code}/personas/{step.id}/answers/{answer.id}/hide"
    assert post(phone, url).status_code == 302  # to the login page
    login(client, make_user(role="admin", municipality="Aalst"))
    assert post(client, url).status_code == 404
    db.session.refresh(answer)
    assert answer.hidden is False


def test_facilitator_edits_the_deck(client, persona_meeting):
    login(client, persona_meeting.facilitator)
    step = persona_meeting.current_step
    url = f"/m/{persona_meeting.code}/personas/{step.id}/deck"
    assert post(client, url, {"what": "persona", "name": ""}).status_code == 422
    assert (
        post(
            client,
            url,
            {
                "what": "persona",
                "name": "Fietskoerier",
                "description": "Rijdt elke dag door de straat",
            },
        ).status_code
        == 302
    )
    assert (
        post(
            client,
            url,
            {"what": "prompt", "prompt": "Waar zou deze persoon willen zitten?"},
        ).status_code
        == 302
    )
    page = client.get(url).get_data(as_text=True)
    assert "Fietskoerier" in page and "Waar zou deze persoon willen zitten?" in page
    assert csrf_token(client)


def test_a_deck_edit_reaches_the_phones_showing_that_step(
    client, new_client, persona_meeting, sio
):
    step = persona_meeting.current_step
    later = meetings.add_step(persona_meeting, kind="personas", title="Later")
    personas.create_deck(later, ["walker"], [], [])
    db.session.commit()
    phone = new_client()
    join(phone, persona_meeting)
    listening = sio(phone)
    login(client, persona_meeting.facilitator)
    deck = f"/m/{persona_meeting.code}/personas/{{}}/deck"
    question = {"what": "prompt", "prompt": "Waar wil deze persoon zitten?"}
    post(client, deck.format(later.id), question)
    assert listening.get_received() == []  # no phone shows that step yet
    post(client, deck.format(step.id), question)
    (message,) = listening.get_received()
    assert message["name"] == "step-changed"
    html = phone.get(f"/m/{persona_meeting.code}/step").get_data(as_text=True)
    assert f'data-version="{message["args"][0]["v"]}"' in html
    assert "Waar wil deze persoon zitten?" in html


def _rate(client, meeting, proposal, rating):
    step = meeting.current_step
    return post(
        client,
        f"/m/{meeting.code}/personas/{step.id}/rate",
        {"proposal": proposal.id, "rating": rating},
        headers={"HX-Request": "true"},
    )


def _ratings() -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            sa.select(PersonaRating.participant_id, PersonaRating.rating)
        ).all()
    )


def test_phones_rate_proposals_as_their_persona(
    client, new_client, persona_meeting, sio
):
    step = persona_meeting.current_step
    login(client, persona_meeting.facilitator)
    deck = f"/m/{persona_meeting.code}/personas/{step.id}/deck"
    assert post(client, deck, {"what": "proposal", "proposal": ""}).status_code == 422
    too_long = {"what": "proposal", "proposal": "x" * 121}
    assert post(client, deck, too_long).status_code == 422
    for text in ("Geveltuinen langs de hele straat", "Bankjes om de 100 meter"):
        added = post(client, deck, {"what": "proposal", "proposal": text})
        assert added.status_code == 302
    gardens, benches = personas.proposals_of(step)
    assert gardens.text == "Geveltuinen langs de hele straat"

    walker, chair = new_client(), new_client()
    for phone in (walker, chair):
        join(phone, persona_meeting)
    page = walker.get(f"/m/{persona_meeting.code}/step").get_data(as_text=True)
    assert "Bankjes om de 100 meter" in page and 'aria-pressed="true"' not in page
    listening = sio(client, auth={"meeting": persona_meeting.code})

    reply = _rate(walker, persona_meeting, benches, "helps")
    assert reply.status_code == 200
    pressed = reply.get_data(as_text=True).split('aria-pressed="true"')[0]
    assert pressed.endswith(f'id="proposal-{benches.id}-helps"\n              ')
    assert "persona-wall-changed" in _received_within(listening, seconds=1)
    # A phone changes its mind: one rating, the last one.
    assert _rate(walker, persona_meeting, benches, "neutral").status_code == 200
    assert _rate(walker, persona_meeting, benches, "neutral").status_code == 200
    assert _rate(chair, persona_meeting, gardens, "hinders").status_code == 200
    assert sorted(r for _, r in _ratings()) == ["hinders", "neutral"]

    meetings.change_step(persona_meeting, step, "reveal")
    db.session.commit()
    wall = client.get(f"/m/{persona_meeting.code}/personas/{step.id}/wall").get_data(
        as_text=True
    )
    # Each proposal's table: the persona that rated it and its counts.
    garden_table = wall.split(gardens.text)[1].split("</table>")[0]
    chair_name = _card_name(chair, persona_meeting)
    assert chair_name in garden_table
    assert [c.split("<")[0] for c in garden_table.split("<td>")[1:]] == ["0", "0", "1"]
    report = client.get(f"/m/{persona_meeting.code}/report").get_data(as_text=True)
    assert "Bankjes om de 100 meter" in report


def test_a_rating_outside_the_open_step_changes_nothing(
    new_client, persona_meeting, make_meeting
):
    step = persona_meeting.current_step
    proposal = personas.add_proposal(step, "Meer bomen")
    other_meeting = make_meeting(steps=())
    other_step = meetings.add_step(other_meeting, kind="personas", title="Ander")
    personas.create_deck(other_step, ["walker"], [], [])
    elsewhere = personas.add_proposal(other_step, "Elders")
    db.session.commit()
    phone = new_client()
    join(phone, persona_meeting)
    refused = _rate(phone, persona_meeting, proposal, "maybe")
    assert refused.status_code == 422
    assert "kwam niet goed aan" in refused.get_data(as_text=True)
    assert _rate(phone, persona_meeting, elsewhere, "helps").status_code == 422
    meetings.change_step(persona_meeting, step, "close")
    db.session.commit()
    closed = _rate(phone, persona_meeting, proposal, "helps")
    assert closed.status_code == 409
    assert "gesloten" in closed.get_data(as_text=True)
    assert _ratings() == []
