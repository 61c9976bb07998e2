"""Create a facilitator and a meeting whose poll step is open; print its codes as JSON.

With --phones N it also joins N phones and prints, for each, the session cookie
and CSRF token a real browser would hold after joining (and one for the screen).

With --live it instead makes a meeting for the live benchmark (bench.live): an
agenda of a poll, a bill, a persona and a sign-up step, all pending and open to
joins, with --households households that answered the poll and entered a bill
(so reveals show something), and the facilitator's logged-in cookie and CSRF
token; phones join it through its QR link.

Run with the served app's DATABASE_URL:
    python -m tests.support.seed [--phones N | --live]
"""

import argparse
import json
import random
from datetime import date

from flask import session
from flask_login import login_user

from app import create_app
from app.accounts import services as accounts
from app.bills import services as bills
from app.extensions import db
from app.meetings import services as meetings
from app.meetings.models import Dwelling, Tenure
from app.personas import services as personas
from app.personas.catalogue import PERSONAS
from app.polls import services as polls
from app.polls.catalogue import DEFAULT_KEYS
from app.polls.logic import Horizon
from app.polls.models import PollAnswer
from tests.support.web import browser_state


def _facilitator():
    municipality = accounts.municipality_named("Benchgem")
    user = accounts.user_by_email("bench@benchgem.be") or accounts.create_user(
        municipality,
        name="Bench",
        email="bench@benchgem.be",
        password="bench-password-123",
        role="facilitator",
    )
    return user, accounts.neighbourhood_named(municipality, "Centrum")


def seed(phones: int = 0) -> dict:
    app = create_app()
    with app.app_context():
        user, area = _facilitator()
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


#: the live benchmark's agenda: kind, title (the phones look for it), in order
LIVE_STEPS = [
    ("poll", "Wat plan je thuis?"),
    ("bills", "Je energiefactuur"),
    ("personas", "Door andermans ogen"),
    ("groups", "Samen aankopen"),
]


#: the phones' languages, one for each phone in turn (as bench.live asks for them)
LANGUAGES = ["nl"] * 6 + ["fr", "en", "tr", "ar"]


def households_answer(meeting, steps: dict, households: int) -> list:
    """Join `households` phones that answer every measure of the poll step and
    enter a bill on the bills step, each differently; return their participants."""
    measures = polls.measures_of(steps["poll"])
    horizons = [h.value for h in Horizon]
    participants = []
    for i in range(households):
        participant, _token = meetings.join(meeting, locale="nl")
        for m, measure in enumerate(measures):
            db.session.add(
                PollAnswer(
                    measure_id=measure.id,
                    participant_id=participant.id,
                    horizon=horizons[(i + m) % len(horizons)],
                    client_key=f"seed{i}m{m}",
                )
            )
        bills.record_entry(
            steps["bills"],
            participant,
            {
                "elec_kwh": 1500 + 250 * (i % 12),
                "heating": "gas",
                "heat_kwh": 9000 + 900 * (i % 10),
                "advance_eur": 90 + 10 * (i % 15),
                "peak_advance_eur": None,
                "contract": ("fixed", "variable")[i % 2],
                "contract_start": None,
                "price_millis": 280 + 5 * (i % 9),
                "household_size": 1 + i % 5,
                "dwelling": None,
            },
        )
        participants.append(participant)
    return participants


def seed_live(households: int = 20, phones: int = 0, variety: bool = True) -> dict:
    """A meeting with one step of each kind, pending, open to joins; with
    `phones`, that many joined phones' cookies (for in-process measurements).

    The phones are not all alike (unless variety=False), as bench.live's are:
    each has a language in turn, half described their home and two thirds
    answered one to four poll measures, drawn at random.
    """
    app = create_app()
    with app.app_context():
        user, area = _facilitator()
        meeting = meetings.create_meeting(
            user,
            area,
            title="Bench live",
            held_on=date.today(),
            place="Zaal",
            locale="nl",
        )
        steps = {}
        for kind, title in LIVE_STEPS:
            steps[kind] = meetings.add_step(meeting, kind=kind, title=title)
        polls.create_measures(steps["poll"], DEFAULT_KEYS, [])
        personas.create_deck(
            steps["personas"],
            [p.key for p in PERSONAS[:6]],
            [],
            [],
            ["Een zitbank aan de kerk", "Fietsenstalling in de straat"],
        )
        measures = polls.measures_of(steps["poll"])
        horizons = [h.value for h in Horizon]
        households_answer(meeting, steps, households)
        db.session.commit()
        tokens, languages = [], []
        rng = random.Random(18)
        for i in range(phones):
            language = LANGUAGES[i % len(LANGUAGES)] if variety else "nl"
            profile = {}
            if variety and i % 2 == 0:
                profile = {
                    "tenure": list(Tenure)[(i // 2) % len(Tenure)].value,
                    "dwelling": list(Dwelling)[(i // 2) % len(Dwelling)].value,
                }
            participant, token = meetings.join(meeting, locale=language, **profile)
            if variety and rng.random() < 2 / 3:  # as bench.live's phones answer
                chosen = rng.sample(measures, rng.randint(1, 4))
                for m, measure in enumerate(chosen):
                    db.session.add(
                        PollAnswer(
                            measure_id=measure.id,
                            participant_id=participant.id,
                            horizon=rng.choice(horizons),
                            client_key=f"phone{i}m{m}",
                        )
                    )
            tokens.append(token)
            languages.append(language)
        db.session.commit()
        states = [
            {
                **browser_state(app, lambda t=t: session.__setitem__("participant", t)),
                "language": language,
            }
            for t, language in zip(tokens, languages, strict=True)
        ]
        staff = browser_state(app, lambda: login_user(user))
        return {
            "phones": states,
            "code": meeting.code,
            "qr_token": meeting.qr_token,
            "meeting_id": meeting.id,
            "staff": staff,
            "steps": [
                {"id": steps[kind].id, "kind": kind, "title": title}
                for kind, title in LIVE_STEPS
            ],
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=0)
    parser.add_argument("--live", action="store_true")
    parser.add_argument("--households", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(seed_live(args.households) if args.live else seed(args.phones)))
