"""A step's countdown: shown on phones and the screen as the seconds left, and,
if asked, closing the step once when it runs out. The clock is injected: no
test waits for a countdown."""

import re
import threading
from datetime import date, timedelta

import flask_migrate
import pytest
import sqlalchemy as sa

from app import create_app
from app.accounts import services as accounts
from app.config import database_url
from app.extensions import db
from app.meetings import countdown, logic
from app.meetings import services as meetings
from app.meetings.models import Meeting, Step
from app.timeutil import utcnow
from tests.support.services import fresh_postgres_database
from tests.support.web import join, login, make_config, post


def _left(html: str) -> int:
    return int(re.search(r'data-remaining="(\d+)"', html).group(1))


def _fresh(step) -> Step:
    db.session.expire_all()
    return db.session.get(Step, step.id)


def test_seconds_left_never_go_below_zero_and_read_as_minutes():
    now = utcnow()
    assert logic.remaining_seconds(now + timedelta(seconds=90.2), now) == 91
    assert logic.remaining_seconds(now - timedelta(seconds=5), now) == 0
    assert logic.remaining_seconds(None, now) is None
    assert logic.countdown_text(245) == "4:05"
    assert logic.countdown_text(0) == "0:00"


def test_a_step_with_a_countdown_starts_it_when_it_opens(client, make_meeting):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    post(
        client,
        f"/m/{meeting.code}/steps",
        {
            "kind": "info",
            "title": "Rondje",
            "countdown_minutes": "2,5",
            "close_at_end": "y",
        },
    )
    step = db.session.scalars(sa.select(Step)).one()
    assert (step.countdown_seconds, step.close_at_end, step.deadline) == (
        150,
        True,
        None,
    )
    before = utcnow()
    post(client, f"/m/{meeting.code}/steps/{step.id}/open")
    step = _fresh(step)
    assert before + timedelta(seconds=150) <= step.deadline
    assert step.deadline <= utcnow() + timedelta(seconds=150)


def test_phones_are_sent_the_seconds_left_not_a_clock_time(
    client, make_meeting, new_client
):
    meeting = make_meeting(steps=())
    step = meetings.add_step(
        meeting, kind="info", title="Rondje", countdown_seconds=600
    )
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    phone = new_client()
    join(phone, meeting)
    first = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert 590 <= _left(first) <= 600
    assert "Resterende tijd" in first
    # a later phone (same shared render of the step) gets what is left then
    step = _fresh(step)
    step.deadline -= timedelta(seconds=300)
    db.session.commit()
    later = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert 290 <= _left(later) <= 300
    assert str(step.deadline.year) not in re.search(
        r'<p class="countdown".*?</p>', later, re.S
    ).group(0)

    login(client, meeting.facilitator)
    screen = client.get(f"/m/{meeting.code}/screen/step").get_data(as_text=True)
    assert 290 <= _left(screen) <= 300
    manage = client.get(f"/m/{meeting.code}/manage/steps").get_data(as_text=True)
    assert 290 <= _left(manage) <= 300


def test_a_kept_render_is_filled_with_the_seconds_left_at_each_reply():
    now = utcnow()
    step = Step(state="open", deadline=now + timedelta(seconds=75))
    html = f'<p data-remaining="{countdown.REMAINING_SLOT}">'
    html += f"{countdown.REMAINING_TEXT_SLOT}</p>"
    assert (
        countdown.fill_remaining(html, step, now) == '<p data-remaining="75">1:15</p>'
    )
    later = countdown.fill_remaining(html, step, now + timedelta(seconds=80))
    assert later == '<p data-remaining="0">0:00</p>'


def test_the_countdown_closes_the_step_once_when_it_runs_out(
    client, make_meeting, new_client, sio
):
    meeting = make_meeting(steps=())
    step = meetings.add_step(
        meeting, kind="info", title="Rondje", countdown_seconds=60, close_at_end=True
    )
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    deadline, version = step.deadline, meeting.version
    phone = new_client()
    join(phone, meeting)
    listener = sio(phone)
    listener.get_received()

    assert countdown.tick(deadline - timedelta(seconds=1)) == []
    assert _fresh(step).state == "open"
    assert listener.get_received() == []

    assert countdown.tick(deadline) == [meeting.id]
    step = _fresh(step)
    assert (step.state, step.deadline) == ("closed", None)
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.version == version + 1
    received = listener.get_received()
    assert [(m["name"], m["args"]) for m in received] == [
        ("step-changed", [{"v": version + 1}])
    ]
    html = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert 'data-state="closed"' in html and "data-remaining" not in html

    assert countdown.tick(deadline + timedelta(minutes=5)) == []  # only once
    assert db.session.get(Meeting, meeting.id).version == version + 1
    assert listener.get_received() == []


def test_a_countdown_that_does_not_close_leaves_the_step_open(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="info", title="Rondje", countdown_seconds=60)
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    assert countdown.tick(step.deadline + timedelta(seconds=1)) == []
    assert _fresh(step).state == "open"


def test_a_step_closed_by_hand_or_reopened_is_not_closed_by_an_old_countdown(
    make_meeting,
):
    meeting = make_meeting(steps=())
    step = meetings.add_step(
        meeting, kind="info", title="Rondje", countdown_seconds=60, close_at_end=True
    )
    start = utcnow()
    meetings.change_step(meeting, step, "open", start)
    first_deadline = step.deadline
    meetings.change_step(meeting, step, "close")
    assert step.deadline is None
    meetings.change_step(meeting, step, "open", start + timedelta(minutes=10))
    db.session.commit()
    assert countdown.tick(first_deadline + timedelta(seconds=1)) == []
    assert _fresh(step).state == "open"


def test_the_facilitator_starts_and_stops_a_countdown_on_the_open_step(
    client, make_meeting, new_client
):
    meeting = make_meeting()
    login(client, meeting.facilitator)
    one, two = meeting.steps
    url = f"/m/{meeting.code}/steps/{one.id}/countdown"
    refused = post(
        client, f"{url}/start", {"minutes": "3"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422
    assert "alleen op de open stap" in refused.get_data(as_text=True)
    assert _fresh(one).deadline is None

    post(client, f"/m/{meeting.code}/steps/{one.id}/open")
    bad = post(
        client, f"{url}/start", {"minutes": "NaN"}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 422 and "0,1 tot 180" in bad.get_data(as_text=True)
    assert _fresh(one).deadline is None

    phone = new_client()
    join(phone, meeting)
    response = post(client, f"{url}/start", {"minutes": "3", "close_at_end": "y"})
    assert response.status_code == 302
    one = _fresh(one)
    assert one.close_at_end and one.deadline is not None
    shown = phone.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert 170 <= _left(shown) <= 180
    assert countdown.tick(one.deadline) == [meeting.id]
    assert _fresh(one).state == "closed"

    post(client, f"/m/{meeting.code}/steps/{two.id}/open")
    post(
        client,
        f"/m/{meeting.code}/steps/{two.id}/countdown/start",
        {"minutes": "1"},
    )
    post(client, f"/m/{meeting.code}/steps/{two.id}/countdown/stop")
    assert _fresh(two).deadline is None
    assert "data-remaining" not in phone.get(f"/m/{meeting.code}/step").get_data(
        as_text=True
    )


@pytest.mark.services
def test_several_processes_close_a_step_exactly_once_on_postgresql():
    """Two processes' tickers look at the same moment: one closes the step and
    moves the version once; the other finds nothing to do."""
    with fresh_postgres_database() as url:
        apps = [create_app(make_config(database_url(url, None))) for _ in range(2)]
        with apps[0].app_context():
            flask_migrate.upgrade()
            user = accounts.create_user(
                accounts.municipality_named("Gent"),
                name="Fien",
                email="fien@gent.example",
                password="correct horse battery",
                role="facilitator",
            )
            area = accounts.neighbourhood_named(user.municipality, "Rabot")
            meeting = meetings.create_meeting(
                user,
                area,
                title="PG",
                held_on=date(2026, 12, 1),
                place="Z",
                locale="nl",
            )
            step = meetings.add_step(
                meeting, kind="info", title="R", countdown_seconds=60, close_at_end=True
            )
            meetings.change_step(meeting, step, "open")
            db.session.commit()
            meeting_id, version, deadline = meeting.id, meeting.version, step.deadline
        closed: list[bool] = []
        close = threading.Barrier(len(apps))

        def look(app) -> None:
            with app.app_context():
                due = countdown.due_steps(deadline)  # both find the step due ...
                close.wait()  # ... and both try to close it at once
                closed.extend(countdown.close_one(*row, deadline) for row in due)
                db.session.commit()

        threads = [threading.Thread(target=look, args=(app,)) for app in apps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with apps[1].app_context():
            meeting = db.session.get(Meeting, meeting_id)
            assert sorted(closed) == [False, True]
            assert meeting.version == version + 1
            assert meeting.steps[0].state == "closed"
        for app in apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
