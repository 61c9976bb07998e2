"""A whole meeting, served as `make run` serves it, leaves no e-mail address,
bill figure, free text or IP address in the server's log, not even from refused
input."""

import re
from datetime import date
from pathlib import Path

import requests
from flask import session
from flask_login import login_user

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import services as polls
from bench.seed import browser_state
from tests.bills.test_entries import FIGURES, SECRET_VALUES
from tests.conftest import PASSWORD, make_config
from tests.e2e.conftest import Server
from tests.groups.test_signups import SIGNUP

FREE_TEXT = "Mijn buurvrouw Mariette kan de trap niet meer op"
SECRET_KEY = "logs-secret"


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
