"""The community worker creates a meeting, builds the agenda and leads the steps."""

import sqlalchemy as sa

from app.extensions import db
from app.meetings.models import Meeting
from tests.support.web import join, login, post


def test_facilitator_creates_a_meeting_with_code_link_and_qr(client, make_user):
    login(client, make_user())
    response = post(
        client,
        "/meetings/new",
        {
            "title": "Klimaattafel Kerkwijk",
            "neighbourhood": "Kerkwijk",
            "held_on": "2026-12-03",
            "place": "Zaal Ons Huis",
            "locale": "nl",
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert response.headers["Location"] == f"/m/{meeting.code}/manage"
    assert len(meeting.qr_token) >= 32 and len(meeting.code) >= 6

    post(
        client,
        f"/m/{meeting.code}/steps",
        {"kind": "info", "title": "Welkom", "body": "Hallo"},
    )
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    assert "Welkom" in manage and meeting.code in manage
    assert f"/j/{meeting.qr_token}" in manage

    screen = client.get(f"/m/{meeting.code}/screen").get_data(as_text=True)
    assert "<svg" in screen and meeting.code in screen


def test_invalid_meeting_form_changes_nothing_and_explains(client, make_user):
    login(client, make_user())
    response = post(
        client,
        "/meetings/new",
        {
            "title": "",
            "neighbourhood": "X",
            "held_on": "not a date",
            "place": "Zaal",
            "locale": "xx",
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_opening_a_step_closes_the_other_and_becomes_current(client, make_meeting):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    first, second = meeting.steps
    assert post(client, f"/m/{meeting.code}/steps/{first.id}/open").status_code == 302
    response = post(
        client,
        f"/m/{meeting.code}/steps/{second.id}/open",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert (first.state, second.state) == ("closed", "open")
    assert meeting.current_step is second


def test_a_move_that_is_not_allowed_is_refused(client, make_meeting):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    step = meeting.steps[0]
    response = post(client, f"/m/{meeting.code}/steps/{step.id}/close")
    assert response.status_code == 409
    assert post(client, f"/m/{meeting.code}/steps/{step.id}/explode").status_code == 404
    db.session.refresh(step)
    assert step.state == "pending"


def test_stopping_joins(client, make_meeting, new_client):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    post(client, f"/m/{meeting.code}/joins/close")
    phone = new_client()
    assert phone.get(f"/j/{meeting.qr_token}").status_code == 410
    post(client, f"/m/{meeting.code}/joins/open")
    join(phone, meeting)


def test_other_municipality_gets_404_everywhere(client, make_meeting, make_user):
    meeting = make_meeting()
    step = meeting.steps[0]
    login(client, make_user(role="admin", municipality="Aalst"))
    for url in (
        f"/m/{meeting.code}/manage",
        f"/m/{meeting.code}/screen",
        f"/m/{meeting.code}/count",
        f"/m/{meeting.code}/screen/step",
        f"/m/{meeting.code}/manage/steps",
        f"/m/{meeting.code}/manage/sections",
    ):
        assert client.get(url).status_code == 404, url
    assert post(client, f"/m/{meeting.code}/steps/{step.id}/open").status_code == 404
    assert (
        post(
            client, f"/m/{meeting.code}/steps", {"kind": "info", "title": "x"}
        ).status_code
        == 404
    )
    db.session.refresh(step)
    assert step.state == "pending"


def test_municipality_staff_may_watch_but_not_run_a_meeting(
    client, make_meeting, make_user
):
    meeting = make_meeting()
    login(client, make_user(role="staff"))
    assert client.get(f"/m/{meeting.code}/screen").status_code == 200
    assert client.get(f"/m/{meeting.code}/manage").status_code == 404
    assert (
        post(client, f"/m/{meeting.code}/steps/{meeting.steps[0].id}/open").status_code
        == 404
    )


def test_participant_cannot_reach_manage_routes(client, make_meeting):
    meeting = make_meeting()
    join(client, meeting)
    assert client.get(f"/m/{meeting.code}/manage").status_code == 302  # to login
    response = post(client, f"/m/{meeting.code}/steps/{meeting.steps[0].id}/open")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(f"/m/{meeting.code}/screen").status_code == 302
