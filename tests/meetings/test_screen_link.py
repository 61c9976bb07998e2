"""The screen link: the projector opens the screen without a staff login, sees
only what the screen shows, follows live, and loses it all when revoked."""

import re

import pytest

from app.extensions import db
from app.ideas import services as ideas
from app.meetings import kinds
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import services as polls
from tests.support.web import join, login, post


@pytest.fixture
def linked(client, make_meeting):
    """A meeting whose facilitator (logged in on `client`) made a screen link."""
    meeting = make_meeting()
    login(client, meeting.facilitator)
    response = post(client, f"/m/{meeting.code}/screen-link")
    assert response.status_code == 302
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    url = re.search(
        r'id="screen-link-url" type="text" readonly value="([^"]+)"', manage
    )
    assert url, "the manage page shows the link to copy"
    path = "/" + url.group(1).split("/", 3)[3]
    return meeting, path


def test_the_screen_link_shows_the_screen_without_a_login(linked, new_client):
    meeting, path = linked
    projector = new_client()
    page = projector.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert meeting.code in html and "<svg" in html  # the code and its QR code
    assert f'data-screen="{path.rsplit("/", 1)[1]}"' in html
    assert "no-store" in page.headers["Cache-Control"]
    # It refetches through the link, never a staff address it cannot reach.
    assert f'hx-get="{path}/step"' in html and f'hx-get="{path}/count"' in html
    assert f"/m/{meeting.code}/screen" not in html
    assert "/manage" not in html


def test_the_screen_link_follows_the_step_and_the_phones(
    client, linked, new_client, sio
):
    meeting, path = linked
    step = meeting.steps[0]
    projector = new_client()
    live = sio(projector, auth={"screen": path.rsplit("/", 1)[1]})
    assert live.is_connected()
    post(client, f"/m/{meeting.code}/steps/{step.id}/open")
    join(new_client(), meeting)
    names = {m["name"] for m in live.get_received()}
    assert {"step-changed", "participants-changed"} <= names
    step_html = projector.get(f"{path}/step", headers={"HX-Request": "true"})
    assert step_html.status_code == 200
    assert step.title in step_html.get_data(as_text=True)
    count = projector.get(f"{path}/count", headers={"HX-Request": "true"})
    assert '<span class="count-number">1</span>' in count.get_data(as_text=True)


def test_a_poll_on_the_screen_link_refetches_its_bars_through_the_link(
    client, linked, new_client
):
    meeting, path = linked
    step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(step, ["pv", "hp_air_water"], [])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    html = new_client().get(path).get_data(as_text=True)
    results = re.search(r'<div id="poll-\d+-results"[^>]*>', html).group(0)
    assert f'hx-get="{path}/step"' in results and "hx-select" in results
    assert html.count('class="bar-row screen-bar"') == 2


def test_a_revoked_screen_link_answers_404_and_closes_its_screens(
    client, linked, new_client, sio
):
    meeting, path = linked
    token = path.rsplit("/", 1)[1]
    projector = new_client()
    live = sio(projector, auth={"screen": token})
    assert live.is_connected()
    assert post(client, f"/m/{meeting.code}/screen-link/revoke").status_code == 302
    assert not live.is_connected()
    for url in (path, f"{path}/step", f"{path}/count"):
        assert projector.get(url).status_code == 404, url
    assert not sio(new_client(), auth={"screen": token}).is_connected()
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    assert token not in manage and "screen-link-url" not in manage
    # A new link is a new address: the old one stays dead.
    post(client, f"/m/{meeting.code}/screen-link")
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    assert "screen-link-url" in manage and token not in manage
    assert projector.get(path).status_code == 404


def test_making_a_link_twice_keeps_the_first(client, linked):
    meeting, path = linked
    post(client, f"/m/{meeting.code}/screen-link")
    manage = client.get(f"/m/{meeting.code}/manage").get_data(as_text=True)
    assert path in manage


def test_the_screen_link_opens_nothing_but_the_screen(linked, new_client, sio):
    meeting, path = linked
    projector = new_client()
    assert projector.get(path).status_code == 200
    step = meeting.steps[0]
    for url in (
        f"/m/{meeting.code}/manage",
        f"/m/{meeting.code}/screen",
        f"/m/{meeting.code}/screen/step",
        f"/m/{meeting.code}/report",
        f"/m/{meeting.code}/count",
    ):
        response = projector.get(url)
        assert response.status_code in (302, 404), url
        assert response.status_code == 404 or "/login" in response.headers["Location"]
    for url in (
        f"/m/{meeting.code}/steps/{step.id}/open",
        f"/m/{meeting.code}/screen-link/revoke",
        f"/m/{meeting.code}/screen-link",
    ):
        response = post(projector, url)
        assert response.status_code in (302, 404), url
    db.session.refresh(step)
    assert step.state == "pending"
    assert projector.get(path).status_code == 200  # not revoked by the stranger
    # A socket naming the meeting, not the link, is not let in either.
    assert not sio(projector, auth={"meeting": meeting.code}).is_connected()


def test_a_screen_link_of_one_meeting_shows_nothing_of_another(
    client, linked, make_meeting, new_client
):
    meeting, path = linked
    other = make_meeting(meeting.facilitator, steps=("Elders",))
    meetings.change_step(other, other.steps[0], "open")
    db.session.commit()
    html = new_client().get(path).get_data(as_text=True)
    assert other.code not in html and "Elders" not in html


def test_other_staff_can_neither_make_nor_revoke_a_screen_link(
    linked, new_client, make_user
):
    meeting, path = linked
    for user in (
        make_user(role="staff"),
        make_user(role="admin", municipality="Aalst"),
    ):
        colleague = new_client()
        login(colleague, user)
        assert (
            post(colleague, f"/m/{meeting.code}/screen-link/revoke").status_code == 404
        )
    assert new_client().get(path).status_code == 200


def _fill(step) -> None:
    """Give a new step the content its kind asks when it is added."""
    if step.kind == "poll":
        polls.create_measures(step, ["pv"], [])
    elif step.kind == "personas":
        personas.create_deck(step, ["walker"], [], [], ["Een bank aan de kerk"])
    elif step.kind == "ideas":
        ideas.create_question(step, "Wat mist de straat?", None)


def test_every_kind_on_the_screen_link_refetches_through_the_link(
    client, linked, new_client
):
    """Whatever kind of step is on, the screen's live parts ask the link's own
    addresses: a staff address would answer the projector with the login page."""
    meeting, path = linked
    for kind in kinds.KINDS:
        step = meetings.add_step(meeting, kind=kind, title=f"Stap {kind}")
        _fill(step)
        meetings.change_step(meeting, step, "open")
        db.session.commit()
        for state in ("open", "reveal"):
            if state == "reveal":
                meetings.change_step(meeting, step, "reveal")
                db.session.commit()
            html = new_client().get(path).get_data(as_text=True)
            assert f"Stap {kind}" in html
            addresses = re.findall(r'hx-get="([^"]+)"', html)
            assert addresses, kind
            assert all(a.startswith(path + "/") for a in addresses), (kind, addresses)
