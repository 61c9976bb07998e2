"""A whole meeting, served as `make run` serves it, leaves no e-mail address,
bill figure, free text or IP address in the server's log, not even from refused
input."""

import json
import logging
import re
import socket
import sys
from datetime import date
from pathlib import Path

import pytest
import requests
import websocket
from flask import session
from flask_login import login_user

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.logs import Redact, redact
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import services as polls
from tests.support.bills import FIGURES, SECRET_VALUES
from tests.support.servers import Server
from tests.support.signups import SIGNUP
from tests.support.web import PASSWORD, browser_state, make_config

FREE_TEXT = "Mijn buurvrouw Mariette kan de trap niet meer op"
SECRET_KEY = "logs-secret"
#: what callers put where a server echoes it: a session id, an origin, a
#: namespace, a staff member's filter
ODD = {
    "sid": "Sid-Of-Jozefien",
    "origin": "http://origin-of-jozefien.example",
    "namespace": "/ns-of-jozefien",
    "street": "Straat van Jozefien =1+1",
    "payload": "Payload-of-Jozefien",
}


def _send_malformed_frames(base: str) -> list[int]:
    """Send Engine.IO what no client sends; return the local ports used."""
    socket_io = f"{base}/socket.io/"
    for query in (
        {"EIO": "3", "transport": "polling"},
        {"EIO": "x", "transport": "websocket"},
        {"EIO": "4", "transport": "carrier-pigeon"},
        {"EIO": "4", "transport": "polling", "sid": ODD["sid"]},
        {"EIO": "4", "transport": "polling", "j": ODD["payload"]},
    ):
        for method in ("GET", "POST"):
            reply = requests.request(
                method, socket_io, params=query, data=b"\xff\x00", timeout=5
            )
            assert reply.status_code == 400, (query, reply.status_code)
    refused = requests.get(
        socket_io,
        params={"EIO": "4", "transport": "polling"},
        headers={"Origin": ODD["origin"]},
        timeout=5,
    )
    assert refused.status_code == 400
    # (an unknown packet type, such as "9x", parks the POST until the session
    # times out: Engine.IO waits for a poll to drain the session on disconnect)
    for body in (b"\xff\xfe", f"4{ODD['payload']}".encode(), b'40{"x'):
        opened = requests.get(
            socket_io, params={"EIO": "4", "transport": "polling"}, timeout=5
        )
        sid = json.loads(opened.text[1:])["sid"]
        requests.post(
            socket_io,
            params={"EIO": "4", "transport": "polling", "sid": sid},
            data=body,
            timeout=5,
        )
    ports = []
    for frames in (
        [ODD["payload"]],
        [b"\xff\xfe\x00"],
        ["4\x00"],
        [f"40{ODD['namespace']},"],
        [f'42["{ODD["payload"]}"'],
    ):
        ws = websocket.create_connection(
            base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
            timeout=5,
        )
        ports.append(ws.sock.getsockname()[1])
        ws.recv()
        for frame in frames:
            ws.send_binary(frame) if isinstance(frame, bytes) else ws.send(frame)
        ws.close()
    host, port = base.removeprefix("http://").split(":")
    for raw in (
        b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
        b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: bad\r\nSec-WebSocket-Version: 13\r\n\r\n",
        b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
        b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
        + ODD["payload"].encode()
        + b"\r\n\r\n",
        b"\x16\x03\x01" + ODD["payload"].encode() + b" tls\r\n\r\n",
        b"GET /" + ODD["payload"].encode() + b" HTTP/9.9\r\n\r\n",
    ):
        with socket.create_connection((host, int(port)), timeout=5) as raw_socket:
            ports.append(raw_socket.getsockname()[1])
            raw_socket.sendall(raw)
            raw_socket.recv(200)
    return ports


def _export_with_odd_filters(base: str, staff: dict) -> None:
    """Export as staff do, with a typed street and filters that are refused."""
    contacts = f"{base}/municipality/export/contacts.csv"
    cookie = {"Cookie": staff["cookie"]}
    for query, status in (
        ({"street": ODD["street"]}, 200),
        ({"group": ODD["payload"]}, 404),
        ({"measure": ODD["payload"]}, 404),
    ):
        reply = requests.get(contacts, params=query, headers=cookie, timeout=10)
        assert reply.status_code == status, (query, reply.status_code)


def _prepare(url: str) -> dict:
    """Create the town, a meeting with every kind of step, a phone and staff."""
    app = create_app(make_config(url, SECRET_KEY=SECRET_KEY))
    with app.app_context():
        town = accounts.municipality_named("Gent")
        facilitator = accounts.create_user(
            town, name="Fien", email="fien@gent.be", password=PASSWORD, role="admin"
        )
        area = accounts.neighbourhood_named(town, "Muide")
        meeting = meetings.create_meeting(
            facilitator,
            area,
            title="Logs",
            held_on=date(2026, 12, 1),
            place="Zaal",
            locale="nl",
        )
        steps = {}
        for kind in ("poll", "bills", "personas", "groups"):
            steps[kind] = meetings.add_step(meeting, kind=kind, title=kind)
        polls.create_measures(steps["poll"], ["pv"], [])
        personas.create_deck(steps["personas"], ["walker"], [], [])
        _, token = meetings.join(meeting, locale="nl")
        db.session.commit()
        prompt = personas.prompts_of(steps["personas"])[0].id
        measure = polls.measures_of(steps["poll"])[0].id
        result = {
            "code": meeting.code,
            "steps": {kind: step.id for kind, step in steps.items()},
            "measure": measure,
            "prompt": prompt,
            "phone": browser_state(
                app, lambda: session.__setitem__("participant", token)
            ),
            "staff": browser_state(app, lambda: login_user(facilitator)),
        }
        db.engine.dispose()
    return result


def test_a_full_meeting_leaves_no_personal_data_in_the_log(tmp_path):
    url = f"sqlite:///{tmp_path / 'logs.sqlite'}"
    server = Server(
        tmp_path,
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "JOIN_FAILURE_LIMIT": "2 per minute",
        },
    )
    server.flask("db", "upgrade")
    world = _prepare(url)
    server.start()
    try:
        base = f"{server.url}/m/{world['code']}"

        def as_(who: str, path: str, data=None, method="POST"):
            state = world[who]
            response = requests.request(
                method,
                f"{base}{path}",
                data=data,
                headers={
                    "Cookie": state["cookie"],
                    "X-CSRFToken": state["csrf"],
                    "HX-Request": "true",
                },
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code < 500, (path, response.status_code)
            return response

        steps = world["steps"]
        guesses = [
            requests.post(
                f"{server.url}/join",
                data={"code": f"QQQQ{i:02d}"},
                headers={
                    "Cookie": world["phone"]["cookie"],
                    "X-CSRFToken": world["phone"]["csrf"],
                },
                timeout=10,
            ).status_code
            for i in range(3)
        ]
        assert guesses == [422, 422, 429]  # the limit was reached, and logged
        as_("staff", f"/steps/{steps['poll']}/open")
        answer = {"measure": world["measure"], "horizon": "1y", "key": "logs-key-0001"}
        assert as_("phone", f"/polls/{steps['poll']}/answer", answer).ok

        as_("staff", f"/steps/{steps['bills']}/open")
        refused = as_(
            "phone", f"/bills/{steps['bills']}", {**FIGURES, "elec_kwh": "-3517"}
        )
        assert refused.status_code == 422
        assert as_("phone", f"/bills/{steps['bills']}", FIGURES).ok

        as_("staff", f"/steps/{steps['personas']}/open")
        prompt = {"prompt": world["prompt"]}
        assert (
            as_(
                "phone",
                f"/personas/{steps['personas']}/answer",
                {**prompt, "as_persona": FREE_TEXT * 20},
            ).status_code
            == 422
        )
        assert as_(
            "phone",
            f"/personas/{steps['personas']}/answer",
            {**prompt, "as_persona": FREE_TEXT, "as_self": FREE_TEXT},
        ).ok

        as_("staff", f"/steps/{steps['groups']}/open")
        bad_mail = {**SIGNUP, "email": "an@@example"}
        assert (
            as_("phone", f"/groups/{steps['groups']}/signup", bad_mail).status_code
            == 422
        )
        signed = as_("phone", f"/groups/{steps['groups']}/signup", SIGNUP)
        assert signed.ok
        private = re.search(r'href="[^"]*(/s/[^"]+)"', signed.text).group(1)
        requests.get(f"{server.url}{private}", timeout=10).raise_for_status()
        mistyped = f"{server.url}{private[:-1]}{'A' if private[-1] != 'A' else 'B'}"
        assert requests.get(mistyped, timeout=10).status_code == 404

        export = requests.get(
            f"{server.url}/municipality/export/contacts.csv",
            headers={"Cookie": world["staff"]["cookie"]},
            timeout=10,
        )
        assert SIGNUP["email"] in export.text  # the list itself does hold it
        _export_with_odd_filters(server.url, world["staff"])
        ports = _send_malformed_frames(server.url)
        assert requests.get(f"{server.url}/healthz", timeout=5).ok  # still serving
    finally:
        server.stop()

    log = Path(server.log.name).read_text(encoding="utf-8")
    # An access line's status, size and duration are the server's own numbers;
    # a reply of 1613 bytes is no resident's gas use.
    log = re.sub(r'(HTTP/[\d.]+" )\d{3} (?:\d+|-)(?: [\d.]+)?', r"\1…", log)
    assert re.search(r'"POST /m/\w+/bills/\d+ HTTP/[\d.]+" …', log)
    assert "Sign-up" in log  # the app did log what happened ...
    secrets = [
        SIGNUP["email"],
        SIGNUP["name"],
        SIGNUP["street"],
        "an@@example",
        "Mariette",
        *SECRET_VALUES,
    ]
    found = [
        s for s in secrets if re.search(rf"(?<![\w.,]){re.escape(s)}(?![\w.,])", log)
    ]
    assert found == [], f"personal data in the log: {found}"
    assert private.removeprefix("/s/") not in log  # nor a private link's secret
    assert '"GET /s/… HTTP/1.1" …' in log  # the mistyped link's line, redacted
    # Requests that failed are logged, without the caller's address; those that
    # worked are not (a thousand answers would bury the warnings).
    assert '"POST /join HTTP/1.1" …' in log
    # gunicorn names the address it listens on; nothing names a caller's
    callers = [line for line in log.splitlines() if "Listening at" not in line]
    assert not any("127.0.0.1" in line for line in callers)
    assert not re.search(r"/polls/\d+/answer", log)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", log)  # ... but no e-mail address
    # Malformed frames and odd filters are logged as what happened, never with
    # what the caller sent, nor where from.
    assert "engineio.server" in log and "klimaattafel.server" in log
    assert "jozefien" not in log.lower()
    assert not [p for p in ports if re.search(rf"(?<!\d){p}(?!\d)", log)]
    assert "REMOTE_ADDR" not in log and "REMOTE_PORT" not in log
    assert "Export contacts by street" in log


def _line(name: str, message: str, *args, exc_info=None) -> str:
    """Return how the log writes a record of the named logger."""
    record = logging.LogRecord(
        name, logging.ERROR, __file__, 1, message, args, exc_info
    )
    assert Redact().filter(record)
    return logging.Formatter("%(name)s %(message)s").format(record)


def test_protocol_lines_keep_what_happened_without_what_was_sent():
    try:
        int(ODD["payload"])
    except ValueError:
        failed = sys.exc_info()
    line = _line("engineio.server", "message handler error", exc_info=failed)
    assert line.startswith("engineio.server message handler error\nTraceback")
    assert line.endswith('int(ODD["payload"])\nValueError')  # the code, not the data
    assert _line(
        "socketio.server", "%s is not connected to namespace %s", "a", "/b"
    ) == ("socketio.server … is not connected to namespace …")
    further = " (further occurrences of this error will be logged with level INFO)"
    assert _line("engineio.server", f"Invalid session {ODD['sid']}{further}") == (
        f"engineio.server Invalid session …{further}"
    )
    assert _line("engineio.server", f"{ODD['origin']} is not an accepted origin.") == (
        "engineio.server … is not an accepted origin."
    )
    app_line = _line("app.x", "Failed for %s", "('10.1.2.3', 50123)", exc_info=failed)
    assert "10.1.2.3" not in app_line and "50123" not in app_line
    assert "ValueError: invalid literal" in app_line  # the app's own errors say it all


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            '"GET /municipality/export/contacts.csv?street=Kerkstraat HTTP/1.1" 404',
            '"GET /municipality/export/contacts.csv?… HTTP/1.1" 404',
        ),
        (
            "{'REMOTE_ADDR': '10.0.0.7', 'REMOTE_PORT': '50790', 'HTTP_HOST': 'x'}",
            "{'REMOTE_ADDR': '…', 'REMOTE_PORT': '…', 'HTTP_HOST': 'x'}",
        ),
        ("(from ('::1', 50386, 0, 0)) bad", "(from (…)) bad"),
        (
            "from fe80::1 and ::ffff:10.0.0.1 and 2001:db8:0:0:0:0:0:1",
            "from … and … and …",
        ),
        ("opened at 19:30:05, version 1.2.3, took 0.004", None),
        ("GET /s/abcdefgh1234 and /j/abcdefgh1234", "GET /s/… and /j/…"),
    ],
)
def test_callers_addresses_queries_and_link_secrets_are_redacted(text, kept):
    assert redact(text) == (text if kept is None else kept)
