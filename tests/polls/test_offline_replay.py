"""A phone that was offline for 70 minutes sends its queued answers exactly as
it queued them (page token, form keys, cookie): each is stored once."""

import re
import time

import sqlalchemy as sa

from app.extensions import db
from app.polls.models import PollAnswer
from tests.support.web import join


def _queued_answers(page: str) -> tuple[str, list[dict]]:
    """Return the page's CSRF header and one answer per measure, as queued."""
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    forms = re.findall(
        r'name="measure" value="(\d+)">\s*'
        r'<input type="hidden" name="key" value="([^"]+)"',
        page,
    )
    seen, answers = set(), []
    for measure, key in forms:
        if measure not in seen:
            seen.add(measure)
            answers.append({"measure": measure, "key": key, "horizon": "1y"})
    return token, answers


def _replay(client, meeting, token, answers):
    url = f"/m/{meeting.code}/polls/{meeting.current_step.id}/answer"
    return [
        client.post(
            url, data=answer, headers={"X-CSRFToken": token, "HX-Request": "true"}
        ).status_code
        for answer in answers
    ]


def test_answers_queued_70_minutes_ago_are_stored_once(
    client, poll_meeting, monkeypatch
):
    join(client, poll_meeting)
    page = client.get(f"/m/{poll_meeting.code}").get_data(as_text=True)
    token, answers = _queued_answers(page)
    assert len(answers) == 3

    offline_since = time.time()
    monkeypatch.setattr(time, "time", lambda: offline_since + 70 * 60)
    assert _replay(client, poll_meeting, token, answers) == [200, 200, 200]
    # The reply to the last one was lost: the phone sends the whole queue again.
    assert _replay(client, poll_meeting, token, answers) == [200, 200, 200]
    rows = db.session.scalars(sa.select(PollAnswer)).all()
    assert sorted(r.measure_id for r in rows) == sorted(
        int(a["measure"]) for a in answers
    )


def test_a_token_older_than_an_evening_asks_for_a_reload(
    client, poll_meeting, monkeypatch
):
    join(client, poll_meeting)
    token, answers = _queued_answers(
        client.get(f"/m/{poll_meeting.code}").get_data(as_text=True)
    )
    issued = time.time()
    monkeypatch.setattr(time, "time", lambda: issued + 13 * 3600)
    response = client.post(
        f"/m/{poll_meeting.code}/polls/{poll_meeting.current_step.id}/answer",
        data=answers[0],
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(PollAnswer)).all() == []
