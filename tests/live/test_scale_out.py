"""Several server processes share PostgreSQL and Redis: a change made through one
process reaches phones connected to another."""

import re
import threading

import pytest
import requests
import socketio

from tests.support.http import cookie_header, csrf_of, facilitator_with_meeting

# Socket.IO's Redis channel is one per Redis server: these run on one worker.
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("shared-redis")]


def test_step_opened_on_one_process_reaches_a_phone_on_the_other(two_processes):
    a, b = two_processes
    facilitator, code = facilitator_with_meeting(a)
    manage_url = f"{a.url}/m/{code}/manage"
    facilitator.post(
        f"{a.url}/m/{code}/steps",
        data={
            "kind": "info",
            "title": "Welkom",
            "body": "",
            "csrf_token": csrf_of(facilitator, manage_url),
        },
    )
    step_id = re.search(r"/steps/(\d+)/open", facilitator.get(manage_url).text).group(1)

    # The phone joins and listens through process B.
    phone = requests.Session()
    joined = phone.post(
        f"{b.url}/join",
        allow_redirects=True,
        data={
            "code": code,
            "csrf_token": csrf_of(phone, f"{b.url}/"),
        },
    )
    phone.post(joined.url, data={"csrf_token": csrf_of(phone, joined.url)})
    cookie = cookie_header(phone)
    received = threading.Event()
    messages = []
    client = socketio.Client()

    @client.on("step-changed")
    def on_step(data):
        messages.append(data)
        received.set()

    client.connect(b.url, headers={"Cookie": cookie}, transports=["websocket"])
    try:
        # The facilitator opens the step through process A.
        opened = facilitator.post(
            f"{a.url}/m/{code}/steps/{step_id}/open",
            allow_redirects=False,
            data={"csrf_token": csrf_of(facilitator, manage_url)},
        )
        assert opened.status_code == 302
        assert received.wait(5), "process B's phone never heard of the change"
        assert messages[0].keys() == {"v"}
        fragment = phone.get(
            f"{b.url}/m/{code}/step", headers={"HX-Request": "true"}
        ).text
        assert "Welkom" in fragment
    finally:
        client.disconnect()


def test_logout_on_one_process_closes_the_staff_socket_on_the_other(two_processes):
    a, b = two_processes
    facilitator, code = facilitator_with_meeting(a)
    ended = threading.Event()
    screen = socketio.Client(reconnection=False)
    screen.on("disconnect", lambda *reason: ended.set())
    screen.connect(
        b.url,
        headers={"Cookie": cookie_header(facilitator)},
        auth={"meeting": code},
        transports=["websocket"],
    )
    try:
        assert screen.connected
        out = facilitator.post(
            f"{a.url}/logout",
            allow_redirects=False,
            data={"csrf_token": csrf_of(facilitator, f"{a.url}/meetings")},
        )
        assert out.status_code == 302
        assert ended.wait(5), "process B kept the logged-out user's socket open"
    finally:
        screen.disconnect()
