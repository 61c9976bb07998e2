"""Create a facilitator and a meeting whose poll step is open; print its codes as JSON.

With --phones N it also joins N phones and prints, for each, the session cookie
and CSRF token a real browser would hold after joining (and one for the screen).

Run with the benchmark's DATABASE_URL:  python -m bench.seed [--phones N]
"""

import argparse
import json
from datetime import date

from flask import session
from flask_login import current_user, login_user
from flask_wtf.csrf import generate_csrf

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.meetings import services as meetings
from app.polls import services as polls
from app.polls.catalogue import DEFAULT_KEYS


def browser_state(app, fill) -> dict:
    """Return the cookie and CSRF header of a session prepared by `fill`."""
    # A fresh app context per phone: Flask-WTF caches the token in `g`.
    with app.app_context(), app.test_request_context("/"):
        fill()
        # What the first request's login check writes into the cookie, so the
        # phone holds the cookie a browser holds after its first answer.
        current_user._get_current_object()
        token = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return {"cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}", "csrf": token}


def seed(phones: int = 0) -> dict:
    app = create_app()
    with app.app_context():
        municipality = accounts.municipality_named("Benchgem")
        user = accounts.user_by_email("bench@benchgem.be") or accounts.create_user(
            municipality,
            name="Bench",
            email="bench@benchgem.be",
            password="bench-password-123",  # noqa: S106 - a throwaway bench account
            role="facilitator",
        )
        area = accounts.neighbourhood_named(municipality, "Centrum")
        meeting = meetings.create_meeting(
            user, area, title="Bench", held_on=date.today(), place="Zaal", locale="nl"
        )
        step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
        polls.create_measures(step, DEFAULT_KEYS, [])
        meetings.change_step(meeting, step, "open")
        db.session.commit()
        measures = [m.id for m in polls.measures_of(step)]
        tokens = [meetings.join(meeting, locale="nl")[1] for _ in range(phones)]
        db.session.commit()
        states = [
            browser_state(app, lambda t=t: session.__setitem__("participant", t))
            for t in tokens
        ]
        screen = browser_state(app, lambda: login_user(user))
        return {
            "phones": states,
            "screen": screen,
            "code": meeting.code,
            "qr_token": meeting.qr_token,
            "meeting_id": meeting.id,
            "step_id": step.id,
            "measures": measures,
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=0)
    print(json.dumps(seed(parser.parse_args().phones)))
