"""Start from an agenda someone built: a duplicate, a colleague's template, or
one that ships with the app."""

import re

import sqlalchemy as sa

from app.agendas.models import AgendaTemplate
from app.agendas.shipped import SHIPPED
from app.extensions import db
from app.meetings import services as meetings
from app.meetings.models import Meeting, Participant
from app.personas import services as personas
from app.personas.catalogue import PERSONA_BY_KEY
from app.polls import services as polls
from app.polls.catalogue import BY_KEY
from app.polls.models import PollAnswer
from tests.support.web import join, login, post

DETAILS = {
    "title": "Klimaattafel Muide",
    "neighbourhood": "Muide",
    "held_on": "2027-01-14",
    "place": "Buurthuis",
    "locale": "nl",
}


def _new_meeting(location: str) -> Meeting:
    code = re.match(r"/m/([^/]+)/manage", location).group(1)
    return meetings.meeting_by_code(code)


def _agenda(meeting) -> list[tuple]:
    """Return the meeting's steps with their content, as a facilitator sees it."""
    rows = []
    for step in meeting.steps:
        content = ()
        if step.kind == "poll":
            content = tuple(
                m.catalogue_key or m.custom_name for m in polls.measures_of(step)
            )
        if step.kind == "personas":
            content = (
                tuple(
                    p.catalogue_key or p.custom_name for p in personas.personas_of(step)
                ),
                tuple(p.text for p in personas.proposals_of(step)),
            )
        rows.append((step.kind, step.title, step.body, step.countdown_seconds, content))
    return rows


def _meeting_with_content(make_meeting, facilitator=None):
    meeting = make_meeting(facilitator, steps=("Welkom",))
    poll = meetings.add_step(
        meeting, kind="poll", title="Plannen", countdown_seconds=300, close_at_end=True
    )
    polls.create_measures(poll, ["pv", "district_heat"], ["Gevelbank"])
    cards = meetings.add_step(meeting, kind="personas", title="Personas")
    personas.create_deck(cards, ["walker", "pram"], ["Koerier: fietst"], [], ["Stoep"])
    db.session.commit()
    return meeting, poll


def test_a_duplicate_copies_the_agenda_never_answers_or_phones(
    client, make_meeting, new_client
):
    meeting, poll = _meeting_with_content(make_meeting)
    login(client, meeting.facilitator)
    meetings.change_step(meeting, poll, "open")
    db.session.commit()
    phone = new_client()
    join(phone, meeting)
    participant = db.session.scalars(sa.select(Participant)).one()
    db.session.add(
        PollAnswer(
            measure_id=polls.measures_of(poll)[0].id,
            participant_id=participant.id,
            horizon="1y",
            client_key="k" * 10,
        )
    )
    db.session.commit()

    form = client.get(f"/m/{meeting.code}/duplicate").get_data(as_text=True)
    assert 'value="Klimaattafel Rabot"' in form and "Plannen" in form
    response = post(client, f"/m/{meeting.code}/duplicate", DETAILS)
    assert response.status_code == 302
    copy = _new_meeting(response.headers["Location"])
    assert copy.id != meeting.id and copy.code != meeting.code
    assert copy.qr_token != meeting.qr_token
    assert _agenda(copy) == _agenda(meeting)
    assert [s.state for s in copy.steps] == ["pending"] * 3
    assert copy.current_position is None and copy.steps[1].deadline is None
    assert copy.title == "Klimaattafel Muide"
    count = sa.select(sa.func.count(Participant.id)).where(
        Participant.meeting_id == copy.id
    )
    assert db.session.scalar(count) == 0
    answers = sa.select(sa.func.count(PollAnswer.id))
    assert db.session.scalar(answers) == 1  # the original's only


def test_a_duplicate_with_bad_details_explains_and_creates_nothing(
    client, make_meeting
):
    meeting, _poll = _meeting_with_content(make_meeting)
    login(client, meeting.facilitator)
    response = post(
        client, f"/m/{meeting.code}/duplicate", {**DETAILS, "held_on": "morgen"}
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 1


def test_colleagues_of_the_municipality_start_from_a_saved_template(
    client, make_meeting, make_user, new_client
):
    meeting, _poll = _meeting_with_content(make_meeting)
    login(client, meeting.facilitator)
    assert (
        post(
            client, f"/m/{meeting.code}/save-template", {"name": "Onze avond"}
        ).status_code
        == 302
    )
    again = post(client, f"/m/{meeting.code}/save-template", {"name": "Onze avond"})
    assert again.status_code == 422
    assert "bestaat al een sjabloon" in again.get_data(as_text=True)
    template = db.session.scalars(sa.select(AgendaTemplate)).one()

    colleague = new_client()
    login(colleague, make_user())
    listed = colleague.get("/agendas").get_data(as_text=True)
    assert "Onze avond" in listed
    response = post(colleague, f"/agendas/{template.id}/new", DETAILS)
    assert response.status_code == 302
    started = _new_meeting(response.headers["Location"])
    assert _agenda(started) == _agenda(meeting)

    stranger = new_client()
    login(stranger, make_user(role="admin", municipality="Aalst"))
    assert "Onze avond" not in stranger.get("/agendas").get_data(as_text=True)
    assert stranger.get(f"/agendas/{template.id}/new").status_code == 404
    assert post(stranger, f"/agendas/{template.id}/delete").status_code == 404
    assert db.session.get(AgendaTemplate, template.id) is not None

    assert post(colleague, f"/agendas/{template.id}/delete").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(AgendaTemplate.id))) == 0
    assert _agenda(started) == _agenda(meeting)  # meetings keep their agenda


def test_the_shipped_templates_hold_catalogue_content():
    assert [t.key for t in SHIPPED] == ["renovation", "streets", "heat_network"]
    for template in SHIPPED:
        for step in template.steps:
            content = step.content or {}
            assert all(k in BY_KEY for k in content.get("measures", ())), template.key
            assert all(k in PERSONA_BY_KEY for k in content.get("personas", ()))


def test_a_meeting_starts_from_a_shipped_template_in_its_own_language(
    client, make_user
):
    login(client, make_user())
    listed = client.get("/agendas").get_data(as_text=True)
    assert "Straten naar de toekomst" in listed and "Warmtenet" in listed
    response = post(client, "/agendas/shipped/streets/new", {**DETAILS, "locale": "fr"})
    assert response.status_code == 302
    meeting = _new_meeting(response.headers["Location"])
    kinds = [s.kind for s in meeting.steps]
    assert kinds == ["info", "personas", "poll", "groups"]
    poll = meeting.steps[2]
    assert [m.catalogue_key for m in polls.measures_of(poll)][:3] == [
        "car_share",
        "bike_shed",
        "ev_charger",
    ]
    assert poll.countdown_seconds == 480 and poll.close_at_end
    deck = [p.catalogue_key for p in personas.personas_of(meeting.steps[1])]
    assert deck == ["walker", "wheelchair", "blind", "pram", "child"]
    assert meeting.steps[0].title == "Bienvenue"
    assert len(personas.proposals_of(meeting.steps[1])) == 5

    assert client.get("/agendas/shipped/nothing/new").status_code == 404
