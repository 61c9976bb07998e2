"""Socket.IO: rooms chosen by the server, small messages, refusals."""

import re

from tests.support.web import join, login, post


def _names(sio_client) -> list[str]:
    return [message["name"] for message in sio_client.get_received()]


def test_step_change_reaches_phones_of_that_meeting_only(
    client, new_client, make_meeting, make_user, sio
):
    meeting = make_meeting()
    other = make_meeting(make_user(municipality="Aalst"))
    phone, stranger = new_client(), new_client()
    join(phone, meeting)
    join(stranger, other)
    phone_sio, stranger_sio = sio(phone), sio(stranger)
    assert phone_sio.is_connected() and stranger_sio.is_connected()

    login(client, meeting.facilitator)
    post(client, f"/m/{meeting.code}/steps/{meeting.steps[0].id}/open")

    received = phone_sio.get_received()
    assert [m["name"] for m in received] == ["step-changed"]
    assert received[0]["args"] == [{"v": meeting.version}]
    assert _names(stranger_sio) == []


def test_connection_without_joining_is_refused(client, make_meeting, sio):
    meeting = make_meeting()
    assert not sio(client).is_connected()
    assert not sio(client, auth={"meeting": meeting.code}).is_connected()


def test_staff_of_another_municipality_cannot_listen(
    client, make_meeting, make_user, sio
):
    meeting = make_meeting()
    login(client, make_user(role="admin", municipality="Aalst"))
    assert not sio(client, auth={"meeting": meeting.code}).is_connected()


def test_phone_cannot_pick_another_meetings_room(
    new_client, make_meeting, make_user, sio
):
    meeting = make_meeting()
    other = make_meeting(make_user(municipality="Aalst"))
    phone = new_client()
    join(phone, meeting)
    # A phone asking for another meeting's room still lands in its own.
    phone_sio = sio(phone, auth={"meeting": other.code})
    boss = new_client()
    login(boss, other.facilitator)
    post(boss, f"/m/{other.code}/steps/{other.steps[0].id}/open")
    assert _names(phone_sio) == []


def test_staff_screen_hears_phones_joining(client, new_client, make_meeting, sio):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    screen = sio(client, auth={"meeting": meeting.code})
    assert screen.is_connected()
    join(new_client(), meeting)
    received = screen.get_received()
    assert received[-1]["name"] == "participants-changed"
    assert received[-1]["args"] == [{"n": 1}]


def test_logout_disconnects_the_staff_sockets(client, make_meeting, sio):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    screen = sio(client, auth={"meeting": meeting.code})
    assert screen.is_connected()
    post(client, "/logout")
    assert not screen.is_connected()


def _versions(sio_client) -> list[int]:
    return [
        m["args"][0]["v"]
        for m in sio_client.get_received()
        if m["name"] == "step-changed"
    ]


def _shown_version(phone, meeting) -> int:
    html = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    return int(re.search(r'data-version="(\d+)"', html).group(1))


def test_only_what_phones_show_moves_the_version_they_compare(
    client, new_client, make_meeting, sio
):
    meeting = make_meeting()
    phone = new_client()
    join(phone, meeting)
    phone_sio = sio(phone)
    login(client, meeting.facilitator)
    screen_sio = sio(client, auth={"meeting": meeting.code})
    shown = _shown_version(phone, meeting)

    # Joins stopped and allowed, the screen's second language: phones show none.
    post(client, f"/m/{meeting.code}/joins/close")
    post(client, f"/m/{meeting.code}/joins/open")
    post(client, f"/m/{meeting.code}/screen-language", {"locale": "fr"})
    assert [v for v in _versions(phone_sio) if v != shown] == []
    assert _shown_version(phone, meeting) == shown
    assert "screen-changed" in _names(screen_sio)  # the screen shows the language

    post(client, f"/m/{meeting.code}/steps/{meeting.steps[0].id}/open")
    (opened,) = _versions(phone_sio)
    assert opened > shown
    assert _shown_version(phone, meeting) == opened
