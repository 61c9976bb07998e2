"""Two server processes on PostgreSQL and Redis, each with its own countdown
ticker: a step whose countdown runs out is closed once, and the phones of both
processes hear it."""

import re
import threading

import pytest
import requests
import socketio

from tests.support.http import cookie_header, csrf_of, facilitator_with_meeting

# Socket.IO's Redis channel is one per Redis server: these run on one worker.
pytestmark = [pytest.mark.services, pytest.mark.xdist_group("shared-redis")]


def _phone(server, code: str) -> requests.Session:
    phone = requests.Session()
    joined = phone.post(
        f"{server.url}/join",
        data={"code": code, "csrf_token": csrf_of(phone, f"{server.url}/")},
    )
    phone.post(joined.url, data={"csrf_token": csrf_of(phone, joined.url)})
    return phone


def test_a_countdown_closes_its_step_once_for_the_phones_of_every_process(
    two_processes,
):
    a, b = two_processes
    facilitator, code = facilitator_with_meeting(a)
    manage_url = f"{a.url}/m/{code}/manage"
    facilitator.post(
        f"{a.url}/m/{code}/steps",
        data={
            "kind": "info",
            "title": "Korte pauze",
            "countdown_minutes": "0.1",
            "close_at_end": "y",
            "csrf_token": csrf_of(facilitator, manage_url),
        },
    )
    step_id = re.search(r"/steps/(\d+)/open", facilitator.get(manage_url).text).group(1)
    heard = {a.url: [], b.url: []}
    closed = {a.url: threading.Event(), b.url: threading.Event()}
    clients = []
    for server in (a, b):
        phone = _phone(server, code)
        client = socketio.Client()

        def on_step(data, url=server.url, phone=phone):
            heard[url].append(data["v"])
            html = phone.get(f"{url}/m/{code}/step", headers={"HX-Request": "true"})
            if 'data-state="closed"' in html.text:
                closed[url].set()

        client.on("step-changed", on_step)
        client.connect(
            server.url,
            headers={"Cookie": cookie_header(phone)},
            transports=["websocket"],
        )
        clients.append(client)
    try:
        opened = facilitator.post(
            f"{a.url}/m/{code}/steps/{step_id}/open",
            allow_redirects=False,
            data={"csrf_token": csrf_of(facilitator, manage_url)},
        )
        assert opened.status_code == 302
        # the countdown runs six seconds; the tickers of both processes look
        for url, event in closed.items():
            assert event.wait(30), f"the phone on {url} never saw the step closed"
        for versions in heard.values():
            # opened (v), then closed once (v + 1): never a second close
            assert versions == [versions[0], versions[0] + 1]
    finally:
        for client in clients:
            client.disconnect()
