"""The write paths hold on PostgreSQL too: upserts, retries and unique keys."""

from datetime import date

import flask_migrate
import pytest
import sqlalchemy as sa

from app import create_app
from app.accounts import services as accounts
from app.bills.models import BillEntry
from app.config import database_url
from app.extensions import db, limiter
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import services as polls
from app.polls.models import PollAnswer
from tests.support.services import fresh_postgres_database
from tests.support.web import FreshContextClient, join, make_config, post

pytestmark = pytest.mark.services


@pytest.fixture
def pg_app():
    with fresh_postgres_database() as url:
        app = create_app(make_config(database_url(url, None)))
        app.test_client_class = FreshContextClient
        with app.app_context():
            flask_migrate.upgrade()
            limiter.reset()
            yield app
            db.session.remove()
            db.engine.dispose()


def test_answers_bills_and_cards_on_postgresql(pg_app, make_user_pg):
    user = make_user_pg
    area = accounts.neighbourhood_named(user.municipality, "Rabot")
    meeting = meetings.create_meeting(
        user, area, title="PG", held_on=date(2026, 12, 1), place="Zaal", locale="nl"
    )
    poll = meetings.add_step(meeting, kind="poll", title="Plannen")
    polls.create_measures(poll, ["pv"], [])
    bills = meetings.add_step(meeting, kind="bills", title="Facturen")
    cards = meetings.add_step(meeting, kind="personas", title="Personas")
    personas.create_deck(cards, ["walker", "pram"], [], [])
    meetings.change_step(meeting, poll, "open")
    db.session.commit()
    phone = pg_app.test_client()
    join(phone, meeting)
    measure = polls.measures_of(poll)[0]
    url = f"/m/{meeting.code}/polls/{poll.id}/answer"
    for _ in range(2):
        assert (
            post(
                phone,
                url,
                {"measure": measure.id, "horizon": "1y", "key": "pg-key-00001"},
            ).status_code
            == 302
        )
    post(phone, url, {"measure": measure.id, "horizon": "5y", "key": "pg-key-00002"})
    assert [a.horizon for a in db.session.scalars(sa.select(PollAnswer))] == ["5y"]

    meetings.change_step(meeting, bills, "open")
    db.session.commit()
    figures = {
        "elec_kwh": "3000",
        "heating": "gas",
        "heat_amount": "15000",
        "heat_unit": "kwh",
        "advance_eur": "150",
        "contract": "fixed",
        "household_size": "2",
    }
    for _ in range(2):
        post(phone, f"/m/{meeting.code}/bills/{bills.id}", figures)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BillEntry)) == 1

    meetings.change_step(meeting, cards, "open")
    db.session.commit()
    first = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    again = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    name = first.split('class="persona-name">')[1].split("<")[0]
    assert name in again


@pytest.fixture
def make_user_pg(pg_app):
    user = accounts.create_user(
        accounts.municipality_named("Gent"),
        name="F",
        email="f@gent.be",
        password="correct horse battery",
        role="facilitator",
    )
    db.session.commit()
    return user
