"""The sign-up lists first the measures this household marked in the poll; the
other measures wait behind a "more" disclosure that opens without JavaScript."""

import re

import pytest

from app.extensions import db
from app.groups.logic import measures_first
from app.meetings import services as meetings
from app.polls import services as polls
from app.polls.catalogue import CATALOGUE
from tests.support.signups import SIGNUP, private_link
from tests.support.web import join, post


@pytest.mark.parametrize(
    ("chosen", "marked", "asked", "first"),
    [
        ((), ("pv",), ("pv", "glazing"), {"pv"}),
        (("tree",), ("pv",), ("pv", "glazing"), {"pv", "tree"}),
        ((), (), ("pv", "glazing"), {"pv", "glazing"}),
        (("tree",), (), ("pv", "glazing"), {"tree"}),
        ((), (), (), None),
    ],
)
def test_the_household_s_own_measures_come_first(chosen, marked, asked, first):
    assert measures_first(chosen, marked, asked) == first


@pytest.fixture
def poll_then_signup(make_meeting):
    """A meeting that polled three measures, then opens its sign-up step."""
    meeting = make_meeting(steps=())
    poll = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(poll, ["pv", "roof_ins", "glazing"], [])
    signup = meetings.add_step(meeting, kind="groups", title="Samen aankopen")
    meetings.change_step(meeting, poll, "open")
    db.session.commit()
    return meeting, poll, signup


def _answer(client, meeting, poll, key: str, horizon: str) -> None:
    measure = next(m for m in polls.measures_of(poll) if m.catalogue_key == key)
    response = post(
        client,
        f"/m/{meeting.code}/polls/{poll.id}/answer",
        {"measure": measure.id, "horizon": horizon, "barrier": "", "key": key * 4},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200


def _open(meeting, step) -> None:
    meetings.change_step(meeting, step, "open")
    db.session.commit()


def _measures(html: str) -> tuple[set, set]:
    """Return the measures listed first and those behind "more"."""
    part = html[html.rindex("<fieldset", 0, html.index('name="measures"')) :]
    part = part.split("</fieldset>", 1)[0]
    first, _, more = part.partition('<details class="more-choices"')
    values = re.compile(
        r'name="measures"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="measures"'
    )

    def found(text):
        return {a or b for a, b in values.findall(text)}

    return found(first), found(more)


def test_a_household_sees_what_it_marked_first_and_the_rest_behind_more(
    client, poll_then_signup
):
    meeting, poll, signup = poll_then_signup
    join(client, meeting)
    _answer(client, meeting, poll, "pv", "1y")
    _answer(client, meeting, poll, "roof_ins", "not_now")
    _open(meeting, signup)

    html = client.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    first, more = _measures(html)
    assert first == {"pv"}
    assert {"roof_ins", "glazing", "tree"} <= more
    assert first | more == {m.key for m in CATALOGUE}  # every measure is offered
    assert "<summary>Meer maatregelen</summary>" in html
    # what it marked is ticked, what is behind "more" is not
    assert re.search(r'<input[^>]*checked[^>]*value="pv"|value="pv"[^>]*checked', html)
    more_html = html.split('<details class="more-choices"', 1)[1].split("</details>")[0]
    assert "checked" not in more_html
    assert not re.search(r'<details class="more-choices"[^>]*open', html)


def test_a_household_that_marked_nothing_sees_the_measures_the_poll_asked(
    client, poll_then_signup
):
    meeting, _poll, signup = poll_then_signup
    join(client, meeting)
    _open(meeting, signup)
    html = client.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    first, more = _measures(html)

    assert first == {"pv", "roof_ins", "glazing"}
    assert "tree" in more


def test_without_a_poll_every_measure_is_listed_at_once(client, make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="groups", title="Samen aankopen")
    _open(meeting, step)
    join(client, meeting)
    html = client.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    first, more = _measures(html)
    assert {"pv", "glazing", "tree"} <= first
    assert more == set()
    assert "more-choices" not in html


def test_a_refused_form_keeps_a_measure_ticked_under_more_in_view(
    client, poll_then_signup
):
    meeting, poll, signup = poll_then_signup
    join(client, meeting)
    _answer(client, meeting, poll, "pv", "1y")
    _open(meeting, signup)
    response = post(
        client,
        f"/m/{meeting.code}/groups/{signup.id}/signup",
        {**SIGNUP, "measures": ["pv", "tree"], "name": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    first, more = _measures(response.get_data(as_text=True))
    assert first == {"pv", "tree"}
    assert "glazing" in more


def test_the_private_link_lists_the_signed_up_measures_first(client, poll_then_signup):
    meeting, _poll, signup = poll_then_signup
    join(client, meeting)
    _open(meeting, signup)
    response = post(
        client,
        f"/m/{meeting.code}/groups/{signup.id}/signup",
        {**SIGNUP, "measures": ["tree", "glazing"]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    first, more = _measures(client.get(private_link(response)).get_data(as_text=True))
    assert first == {"tree", "glazing"}
    assert "pv" in more
