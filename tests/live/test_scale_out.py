"""Several server processes share PostgreSQL and Redis: a change made through one
process reaches phones connected to another."""

import re
import threading

import pytest
import requests
import socketio

from tests.conftest import PASSWORD
from tests.e2e.conftest import Server
from tests.services import fresh_postgres_database, require_redis

pytestmark = pytest.mark.services


def _csrf(session: requests.Session, url: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', session.get(url).text).group(1)


@pytest.fixture
def two_processes(tmp_path):
    redis_url = require_redis()
    with fresh_postgres_database() as database:
        env = {
            "DATABASE_URL": database,
            "SOCKETIO_MESSAGE_QUEUE": redis_url,
            "SECRET_KEY": "shared-secret-of-the-cluster",
        }
        a, b = Server(tmp_path, env), Server(tmp_path, env)
        a.flask("db", "upgrade")
        a.create_user("fien@gent.be", "Fien")
        a.start()
        b.start()
        try:
            yield a, b
        finally:
            a.stop()
            b.stop()


def _facilitator_with_meeting(server) -> tuple[requests.Session, str]:
    """Log the facilitator in on this process and create a meeting; return its code."""
    facilitator = requests.Session()
    home = f"{server.url}/"
    facilitator.post(
        f"{server.url}/login",
        data={
            "email": "fien@gent.be",
            "password": PASSWORD,
            "csrf_token": _csrf(facilitator, home),
        },
    )
    created = facilitator.post(
        f"{server.url}/meetings/new",
        allow_redirects=False,
        data={
            "title": "Klimaattafel",
            "neighbourhood": "Muide",
            "held_on": "2026-12-01",
            "place": "Zaal",
            "locale": "nl",
            "csrf_token": _csrf(facilitator, home),
        },
    )
    return facilitator, created.headers["Location"].split("/")[2]


def _cookie(session: requests.Session) -> str:
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


def test_step_opened_on_one_process_reaches_a_phone_on_the_other(two_processes):
    a, b = two_processes
    facilitator, code = _facilitator_with_meeting(a)
    manage_url = f"{a.url}/m/{code}/manage"
    facilitator.post(
        f"{a.url}/m/{code}/steps",
        data={
            "kind": "info",
            "title": "Welkom",
            "body": "",
            "csrf_token": _csrf(facilitator, manage_url),
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
            "csrf_token": _csrf(phone, f"{b.url}/"),
        },
    )
    phone.post(joined.url, data={"csrf_token": _csrf(phone, joined.url)})
    cookie = _cookie(phone)
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
            data={"csrf_token": _csrf(facilitator, manage_url)},
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
    facilitator, code = _facilitator_with_meeting(a)
    ended = threading.Event()
    screen = socketio.Client(reconnection=False)
    screen.on("disconnect", lambda *reason: ended.set())
    screen.connect(
        b.url,
        headers={"Cookie": _cookie(facilitator)},
        auth={"meeting": code},
        transports=["websocket"],
    )
    try:
        assert screen.connected
        out = facilitator.post(
            f"{a.url}/logout",
            allow_redirects=False,
            data={"csrf_token": _csrf(facilitator, f"{a.url}/meetings")},
        )
        assert out.status_code == 302
        assert ended.wait(5), "process B kept the logged-out user's socket open"
    finally:
        screen.disconnect()
