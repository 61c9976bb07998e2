"""Phones alike share one render of their step; nothing stale, nothing shared
that is a phone's own."""

import re

import sqlalchemy as sa
from markupsafe import escape

from app.extensions import db
from app.meetings import services as meetings
from app.personas import services as personas
from app.personas.models import PersonaDeal
from app.polls import services as polls
from tests.support.web import join, post


def _step(phone, meeting, **headers) -> str:
    return phone.get(f"/m/{meeting.code}/step", headers=headers).get_data(as_text=True)


def _values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


def _renders(app) -> int:
    return len(app.extensions["shared_renders"])


def _poll_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(step, ["pv", "roof_ins"], ["Buurtbatterij"])
    meetings.add_step(meeting, kind="info", title="Pauze")
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


def test_phones_alike_share_a_render_but_never_a_token_or_a_key(
    app, new_client, make_meeting
):
    meeting = _poll_meeting(make_meeting)
    phones = [new_client() for _ in range(3)]
    for phone in phones:
        join(phone, meeting)
    pages = [_step(phone, meeting) for phone in phones]
    assert _renders(app) == 1
    tokens = [set(_values(html, "csrf_token")) for html in pages]
    assert all(len(t) == 1 for t in tokens) and len(set.union(*tokens)) == 3
    keys = [_values(html, "key") for html in pages]
    # Every measure on every phone has a key of its own.
    assert all(len(set(k)) == 3 for k in keys)
    assert len(set().union(*keys)) == 9
    assert "\x00" not in "".join(pages)
    # Each phone's token is its own: its answer goes through with it.
    measure = polls.measures_of(meeting.current_step)[0]
    answer = phones[1].post(
        f"/m/{meeting.code}/polls/{meeting.current_step.id}/answer",
        data={"measure": measure.id, "horizon": "1y", "key": keys[1][0]},
        headers={"HX-Request": "true", "X-CSRFToken": tokens[1].pop()},
    )
    assert answer.status_code == 200


def test_an_answered_phone_sees_its_own_answer_not_the_shared_render(
    client, new_client, make_meeting
):
    meeting = _poll_meeting(make_meeting)
    other = new_client()
    for phone in (client, other):
        join(phone, meeting)
    _step(other, meeting)
    measure = polls.measures_of(meeting.current_step)[0]
    post(
        client,
        f"/m/{meeting.code}/polls/{meeting.current_step.id}/answer",
        {"measure": measure.id, "horizon": "5y", "key": "own-key-000001"},
        headers={"HX-Request": "true"},
    )
    assert re.search(
        rf'id="measure-{measure.id}-5y"\s+aria-pressed="true"', _step(client, meeting)
    )
    assert 'aria-pressed="true"' not in _step(other, meeting)


def test_phones_with_other_answers_share_a_render_and_see_only_their_own(
    app, new_client, make_meeting
):
    meeting = _poll_meeting(make_meeting)
    step = meeting.current_step
    phones = [new_client() for _ in range(3)]
    for phone in phones:
        join(phone, meeting)
    first, second = polls.measures_of(step)[:2]
    answered = {0: (first, "5y"), 1: (second, "not_now")}
    for n, (measure, horizon) in answered.items():
        post(
            phones[n],
            f"/m/{meeting.code}/polls/{step.id}/answer",
            {"measure": measure.id, "horizon": horizon, "key": f"own-key-00000{n}"},
            headers={"HX-Request": "true"},
        )
    renders = _renders(app)
    pages = [_step(phone, meeting) for phone in phones]
    assert _renders(app) == renders + 1  # one render for the three of them
    pressed = [
        re.findall(r'id="measure-(\d+)-(\w+)"\s+aria-pressed="true"', html)
        for html in pages
    ]
    assert pressed == [[(str(first.id), "5y")], [(str(second.id), "not_now")], []]
    # The barrier question follows the phone's own answer only.
    barriers = [re.findall(r'id="measure-(\d+)-barrier"', html) for html in pages]
    assert barriers == [[str(first.id)], [str(second.id)], []]
    assert all(len(set(_values(html, "csrf_token"))) == 1 for html in pages)
    # Closed: each phone lists its own answers, nobody else's.
    assert meetings.change_step(meeting, step, "close")
    db.session.commit()
    closed = [_step(phone, meeting) for phone in phones]
    names = [re.findall(r"<li>.*?</li>", html, re.S) for html in closed]
    assert [len(n) for n in names] == [1, 1, 0]
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert first.name in names[0][0] and second.name in names[1][0]
    assert "\x00" not in "".join(pages + closed)


def test_every_language_gets_its_own_render(app, new_client, make_meeting):
    meeting = _poll_meeting(make_meeting)
    dutch, arabic = new_client(), new_client()
    for phone in (dutch, arabic):
        join(phone, meeting)
    assert "Zonnepanelen" in _step(dutch, meeting)
    html = _step(arabic, meeting, **{"Accept-Language": "ar"})
    assert "Zonnepanelen" not in html and "ألواح شمسية" in html
    assert "Zonnepanelen" in _step(dutch, meeting)
    assert _renders(app) == 2


def test_a_changed_step_or_deck_reaches_every_phone(client, new_client, make_meeting):
    meeting = _poll_meeting(make_meeting)
    join(client, meeting)
    assert "Zonnepanelen" in _step(client, meeting)
    poll, pause = meeting.steps
    meetings.change_step(meeting, poll, "close")
    db.session.commit()
    assert "Deze vraag is gesloten" in _step(client, meeting)
    meetings.change_step(meeting, pause, "open")
    db.session.commit()
    assert "Pauze" in _step(client, meeting)

    step = meetings.add_step(meeting, kind="personas", title="Andere ogen")
    personas.create_deck(step, ["walker"], [], [])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    before = _step(client, meeting)
    personas.add_prompt(step, text="Waar zou je graag zitten?")
    meetings.step_content_changed(meeting, step)
    db.session.commit()
    after = _step(client, meeting)
    assert "Waar zou je graag zitten?" not in before
    assert "Waar zou je graag zitten?" in after


def test_showing_a_persona_step_never_writes(client, new_client, make_meeting):
    """Cards are dealt when the step opens, and to a phone joining it open."""
    meeting = make_meeting(steps=())
    early = new_client()
    join(early, meeting)
    step = meetings.add_step(meeting, kind="personas", title="Andere ogen")
    personas.create_deck(step, ["walker", "wheelchair"], [], [])
    meetings.change_step(meeting, step, "open")
    db.session.commit()

    def deals():
        return db.session.scalars(
            sa.select(PersonaDeal.persona_id).order_by(PersonaDeal.deal_number)
        ).all()

    assert len(deals()) == 1
    join(client, meeting)
    dealt = deals()
    assert len(set(dealt)) == 2  # even: the second phone got the other card
    for phone in (early, client):
        _step(phone, meeting)
    assert deals() == dealt


def test_the_join_page_is_shared_but_each_phone_gets_its_own_token(
    app, new_client, make_meeting
):
    meeting = make_meeting()
    pages = [
        new_client().get(f"/j/{meeting.qr_token}").get_data(as_text=True)
        for _ in range(3)
    ]
    tokens = {re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1) for html in pages}
    assert len(tokens) == 3 and "\x00" not in "".join(pages)
    assert _renders(app) == 1
    meeting.place = "Parochiezaal Sint-Jan"
    db.session.commit()
    html = new_client().get(f"/j/{meeting.qr_token}").get_data(as_text=True)
    assert "Parochiezaal Sint-Jan" in html


def test_a_shared_sign_up_form_ticks_each_phones_own_measures_and_street(
    app, new_client, make_meeting
):
    meeting = make_meeting(steps=())
    poll = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(poll, ["pv", "roof_ins", "hp_air_water"], [])
    signup = meetings.add_step(meeting, kind="groups", title="Samen")
    meetings.change_step(meeting, poll, "open")
    db.session.commit()
    phones = [new_client() for _ in range(3)]
    streets = ["Kerkstraat", '"><script>alert(1)</script>', ""]
    for phone, street in zip(phones, streets, strict=True):
        join(phone, meeting, street=street)
    measures = {m.catalogue_key: m for m in polls.measures_of(poll)}
    planned = [["pv"], ["roof_ins", "hp_air_water"], []]
    for phone, keys in zip(phones, planned, strict=True):
        for n, key in enumerate(keys):
            answered = post(
                phone,
                f"/m/{meeting.code}/polls/{poll.id}/answer",
                {
                    "measure": measures[key].id,
                    "horizon": "1y",
                    "key": f"own-key-{n}-{key}",
                },
                headers={"HX-Request": "true"},
            )
            assert answered.status_code == 200, answered.status_code
    meetings.change_step(meeting, signup, "open")
    db.session.commit()
    renders = _renders(app)
    pages = [_step(phone, meeting) for phone in phones]
    assert _renders(app) == renders + 1  # the three phones share one render
    for html, keys, street in zip(pages, planned, streets, strict=True):
        ticked = re.findall(
            r'<input checked[^>]*value="(\w+)"|<input[^>]*value="(\w+)"[^>]*checked',
            html,
        )
        assert sorted(a or b for a, b in ticked) == sorted(keys)
        first, _, more = html.partition('class="more-choices"')
        # What the phone marked comes first; a phone that marked nothing sees
        # the measures the poll asked about first.
        for key in keys or ["pv", "roof_ins", "hp_air_water"]:
            assert f'value="{key}"' in first and f'value="{key}"' not in more
        assert 'value="glazing"' in more
        value = re.search(
            r'name="street"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="street"', html
        )
        assert value is not None
        assert (value.group(1) or value.group(2) or "") == str(escape(street))
        assert "<script>" not in html
        assert "\x00" not in html
    assert 'value="Kerkstraat"' in pages[0] and "Kerkstraat" not in pages[1] + pages[2]
