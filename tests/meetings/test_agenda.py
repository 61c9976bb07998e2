"""Shaping the agenda: edit, delete and reorder steps, edit the meeting, and the
"next step" button."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.meetings import logic
from app.meetings import services as meetings
from app.meetings.models import Meeting, Participant, Step
from app.personas import services as personas
from app.polls import services as polls
from app.polls.models import PollAnswer, PollMeasure
from tests.support.web import join, login, post


def _titles(meeting) -> list[str]:
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    return [s.title for s in meeting.steps]


def _poll_step(meeting, keys=("pv", "roof_ins"), custom=()):
    step = meetings.add_step(meeting, kind="poll", title="Plannen")
    polls.create_measures(step, list(keys), list(custom))
    db.session.commit()
    return step


def _answer(step) -> None:
    """The meeting's one phone answers the step's first measure."""
    participant = db.session.scalars(sa.select(Participant)).one()
    measure = polls.measures_of(step)[0]
    db.session.add(
        PollAnswer(
            measure_id=measure.id,
            participant_id=participant.id,
            horizon="1y",
            client_key="k" * 10,
        )
    )
    db.session.commit()


def _measures(step) -> list[str]:
    return [m.catalogue_key or m.custom_name for m in polls.measures_of(step)]


@pytest.mark.parametrize(
    ("positions", "position", "direction", "expected"),
    [
        ([1, 2, 3], 2, "up", 1),
        ([1, 2, 3], 2, "down", 3),
        ([1, 2, 3], 1, "up", None),
        ([1, 2, 3], 3, "down", None),
        ([1, 4, 9], 9, "up", 4),
    ],
)
def test_a_step_swaps_with_its_neighbour(positions, position, direction, expected):
    assert logic.neighbour_position(positions, position, direction) == expected


def test_the_next_step_follows_the_current_one():
    assert logic.next_position([1, 2, 3], None) == 1
    assert logic.next_position([1, 2, 3], 2) == 3
    assert logic.next_position([1, 2, 3], 3) is None


def test_editing_a_step_changes_what_the_screen_and_phones_show(
    client, make_meeting, new_client
):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    step = meeting.steps[0]
    post(client, f"/m/{meeting.code}/steps/{step.id}/open")
    phone = new_client()
    join(phone, meeting)
    before = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert "Welkom" in before

    form = client.get(f"/m/{meeting.code}/steps/{step.id}/edit")
    assert form.status_code == 200
    assert 'value="Welkom"' in form.get_data(as_text=True)  # prefilled
    response = post(
        client,
        f"/m/{meeting.code}/steps/{step.id}/edit",
        {"title": "Welkom allemaal", "body": "Fijn dat je er bent"},
    )
    assert response.status_code == 302
    assert "Welkom allemaal" in phone.get(f"/m/{meeting.code}/step").get_data(
        as_text=True
    )
    screen = client.get(f"/m/{meeting.code}/screen/step").get_data(as_text=True)
    assert "Welkom allemaal" in screen and "Fijn dat je er bent" in screen


def test_a_step_edit_with_bad_input_explains_and_changes_nothing(client, make_meeting):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    step = meeting.steps[0]
    response = post(
        client,
        f"/m/{meeting.code}/steps/{step.id}/edit",
        {"title": "", "countdown_minutes": "-3"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and "0,1 tot 180" in html
    assert _titles(meeting) == ["Welkom", "Pauze"]


def test_a_poll_without_answers_gets_other_measures(client, make_meeting):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    step = _poll_step(meeting, custom=["Gevelbank"])
    form = client.get(f"/m/{meeting.code}/steps/{step.id}/edit").get_data(as_text=True)
    assert re.search(r'value="pv"[^>]*checked|checked[^>]*value="pv"', form)
    assert not re.search(r'value="tree"[^>]*checked|checked[^>]*value="tree"', form)
    assert "Gevelbank" in form
    response = post(
        client,
        f"/m/{meeting.code}/steps/{step.id}/edit",
        {
            "title": "Plannen",
            "measures": ["district_heat", "ev_charger"],
            "custom_measures": "Buurtbatterij",
        },
    )
    assert response.status_code == 302
    assert _measures(step) == ["district_heat", "ev_charger", "Buurtbatterij"]


def test_an_answered_poll_keeps_its_measures_and_says_so(
    client, make_meeting, new_client
):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    step = _poll_step(meeting)
    phone = new_client()
    join(phone, meeting)
    _answer(step)

    form = client.get(f"/m/{meeting.code}/steps/{step.id}/edit").get_data(as_text=True)
    assert "kunnen niet meer veranderen" in form
    assert 'name="measures"' not in form
    response = post(
        client,
        f"/m/{meeting.code}/steps/{step.id}/edit",
        {"title": "Onze plannen", "measures": ["tree"]},
    )
    assert response.status_code == 302
    assert _measures(step) == ["pv", "roof_ins"]
    assert _titles(meeting) == ["Onze plannen"]


def test_a_persona_deck_is_replaced_while_nobody_answered(client, make_meeting):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    step = meetings.add_step(meeting, kind="personas", title="Personas")
    personas.create_deck(step, ["walker"], [], [], ["Bredere stoep"])
    db.session.commit()
    form = client.get(f"/m/{meeting.code}/steps/{step.id}/edit").get_data(as_text=True)
    assert "Bredere stoep" in form
    post(
        client,
        f"/m/{meeting.code}/steps/{step.id}/edit",
        {
            "title": "Personas",
            "personas": ["pram", "child"],
            "custom_personas": "Fietskoerier: rijdt elke dag",
            "custom_prompts": "Wat mist deze persoon?",
            "custom_proposals": "Fietsenstalling\nDeelauto",
        },
    )
    deck = personas.personas_of(step)
    assert [p.catalogue_key or p.custom_name for p in deck] == [
        "pram",
        "child",
        "Fietskoerier",
    ]
    assert [p.text for p in personas.prompts_of(step)] == ["Wat mist deze persoon?"]
    assert [p.text for p in personas.proposals_of(step)] == [
        "Fietsenstalling",
        "Deelauto",
    ]


def test_deleting_a_step_asks_first_and_later_steps_move_up(client, make_meeting):
    meeting = make_meeting(steps=("Een", "Twee", "Drie"))
    login(client, meeting.facilitator)
    two = meeting.steps[1]
    confirm = client.get(f"/m/{meeting.code}/steps/{two.id}/delete")
    assert confirm.status_code == 200
    assert "Twee" in confirm.get_data(as_text=True)
    assert _titles(meeting) == ["Een", "Twee", "Drie"]  # a GET never deletes
    assert post(client, f"/m/{meeting.code}/steps/{two.id}/delete").status_code == 302
    assert _titles(meeting) == ["Een", "Drie"]
    positions = db.session.scalars(
        sa.select(Step.position).where(Step.meeting_id == meeting.id)
    ).all()
    assert sorted(positions) == [1, 2]


def test_an_open_step_is_not_deleted(client, make_meeting):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    step = meeting.steps[0]
    post(client, f"/m/{meeting.code}/steps/{step.id}/open")
    assert "Sluit hem voor je hem verwijdert" in client.get(
        f"/m/{meeting.code}/steps/{step.id}/delete"
    ).get_data(as_text=True)
    response = post(client, f"/m/{meeting.code}/steps/{step.id}/delete")
    assert response.status_code == 409
    assert "Sluit hem voor je hem verwijdert" in response.get_data(as_text=True)
    assert _titles(meeting) == ["Welkom", "Pauze"]


def test_an_answered_step_is_not_deleted(client, make_meeting, new_client):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    step = _poll_step(meeting)
    join(new_client(), meeting)
    _answer(step)
    response = post(client, f"/m/{meeting.code}/steps/{step.id}/delete")
    assert response.status_code == 409
    assert "hun antwoorden zouden verloren gaan" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PollMeasure.id))) == 2


def test_deleting_a_step_before_the_current_one_keeps_phones_on_theirs(
    client, make_meeting, new_client
):
    meeting = make_meeting(steps=("Een", "Twee", "Drie"))
    login(client, meeting.facilitator)
    one, two, three = meeting.steps
    post(client, f"/m/{meeting.code}/steps/{one.id}/open")
    post(client, f"/m/{meeting.code}/steps/{three.id}/open")
    phone = new_client()
    join(phone, meeting)
    post(client, f"/m/{meeting.code}/steps/{two.id}/delete")
    assert "Drie" in phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)


def test_steps_move_up_and_down_and_not_past_either_end(client, make_meeting):
    meeting = make_meeting(steps=("Een", "Twee", "Drie"))
    login(client, meeting.facilitator)
    one, _two, three = meeting.steps
    response = post(
        client,
        f"/m/{meeting.code}/steps/{three.id}/move/up",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "is nu stap 2 van 3" in html
    assert re.search(r"<button[^>]*autofocus", html)  # focus stays on the move
    assert _titles(meeting) == ["Een", "Drie", "Twee"]
    post(client, f"/m/{meeting.code}/steps/{one.id}/move/down")
    assert _titles(meeting) == ["Drie", "Een", "Twee"]
    refused = post(
        client,
        f"/m/{meeting.code}/steps/{three.id}/move/up",
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 409
    assert "kan niet verder schuiven" in refused.get_data(as_text=True)
    assert _titles(meeting) == ["Drie", "Een", "Twee"]


def test_moving_the_current_step_keeps_phones_on_it(client, make_meeting, new_client):
    meeting = make_meeting(steps=("Een", "Twee"))
    login(client, meeting.facilitator)
    one, _two = meeting.steps
    post(client, f"/m/{meeting.code}/steps/{one.id}/open")
    phone = new_client()
    join(phone, meeting)
    post(client, f"/m/{meeting.code}/steps/{one.id}/move/down")
    assert _titles(meeting) == ["Twee", "Een"]
    assert "Over Een" in phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)


def test_next_step_closes_the_open_one_and_opens_the_next(client, make_meeting):
    meeting = make_meeting(steps=("Een", "Twee"))
    login(client, meeting.facilitator)
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    assert 'aria-keyshortcuts="Alt+N"' in manage
    assert post(client, f"/m/{meeting.code}/next").status_code == 302
    db.session.expire_all()
    one, two = db.session.get(Meeting, meeting.id).steps
    assert (one.state, two.state) == ("open", "pending")
    post(client, f"/m/{meeting.code}/next")
    db.session.expire_all()
    assert (one.state, two.state) == ("closed", "open")
    last = post(client, f"/m/{meeting.code}/next", headers={"HX-Request": "true"})
    assert last.status_code == 409
    assert "einde van de agenda" in last.get_data(as_text=True)
    db.session.expire_all()
    assert two.state == "open"


def test_editing_the_meeting_keeps_its_code_and_link(client, make_meeting):
    meeting = make_meeting()
    code, token = meeting.code, meeting.qr_token
    login(client, meeting.facilitator)
    form = client.get(f"/m/{code}/edit").get_data(as_text=True)
    assert 'value="Klimaattafel Rabot"' in form and 'value="Rabot"' in form
    response = post(
        client,
        f"/m/{code}/edit",
        {
            "title": "Klimaattafel Rabot-Blaisantvest",
            "neighbourhood": "Blaisantvest",
            "held_on": "2026-12-09",
            "place": "Wijkcentrum",
            "locale": "fr",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert (meeting.title, meeting.neighbourhood.name, meeting.place) == (
        "Klimaattafel Rabot-Blaisantvest",
        "Blaisantvest",
        "Wijkcentrum",
    )
    assert (meeting.code, meeting.qr_token, meeting.locale) == (code, token, "fr")
    bad = post(client, f"/m/{code}/edit", {"title": "", "held_on": "gisteren"})
    assert bad.status_code == 422
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title.endswith("Blaisantvest")


def test_another_municipality_cannot_shape_the_agenda(client, make_meeting, make_user):
    meeting = make_meeting()
    step = meeting.steps[0]
    login(client, make_user(role="admin", municipality="Aalst"))
    for url in (f"/m/{meeting.code}/edit", f"/m/{meeting.code}/steps/{step.id}/edit"):
        assert client.get(url).status_code == 404
    for url in (
        f"/m/{meeting.code}/steps/{step.id}/delete",
        f"/m/{meeting.code}/steps/{step.id}/move/down",
        f"/m/{meeting.code}/next",
    ):
        assert post(client, url).status_code == 404
    assert _titles(meeting) == ["Welkom", "Pauze"]
