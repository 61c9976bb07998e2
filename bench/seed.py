"""Create a facilitator and a meeting whose poll step is open; print its codes as JSON.

Run with the benchmark's DATABASE_URL:  python -m bench.seed
"""

import json
from datetime import date

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.meetings import services as meetings
from app.polls import services as polls
from app.polls.catalogue import DEFAULT_KEYS


def seed() -> dict:
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
        return {
            "code": meeting.code,
            "qr_token": meeting.qr_token,
            "meeting_id": meeting.id,
            "step_id": step.id,
            "measures": measures,
        }


if __name__ == "__main__":
    print(json.dumps(seed()))
