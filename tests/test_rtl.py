"""Right to left, as the server draws it: the poll's bars grow from the right, the
bill picture is mirrored, and typed text is isolated from the page's direction."""

import re

import pytest

from app.extensions import db
from app.meetings import services as meetings
from app.polls import services as polls
from app.polls.models import PollAnswer
from tests.support.web import join, post


@pytest.fixture
def revealed_poll(make_meeting):
    """A revealed poll where one household answered 'done' and one 'within 1 year'."""
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(step, ["pv"], [])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting, step


def _answer_twice(app, client, meeting, step):
    join(client, meeting)
    other = app.test_client()
    join(other, meeting)
    measure = polls.measures_of(step)[0]
    for phone, horizon in ((client, "done"), (other, "1y")):
        response = post(
            phone,
            f"/m/{meeting.code}/polls/{step.id}/answer",
            {"measure": measure.id, "horizon": horizon, "key": f"key-{horizon}" * 4},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200, response.status_code
    assert db.session.query(PollAnswer).count() == 2
    assert meetings.change_step(meeting, step, "reveal")
    db.session.commit()


def _segments(html: str) -> dict[str, float]:
    found = re.findall(
        r'data-horizon="([^"]+)" data-count="\d+">\s*<rect x="([\d.]+)"', html
    )
    return {horizon: float(x) for horizon, x in found}


def test_the_bars_grow_from_the_right_in_arabic_only(app, client, revealed_poll):
    meeting, step = revealed_poll
    _answer_twice(app, client, meeting, step)
    dutch = client.get(f"/m/{meeting.code}/step", headers={"Accept-Language": "nl"})
    arabic = client.get(f"/m/{meeting.code}/step", headers={"Accept-Language": "ar"})
    nl, ar = (
        _segments(dutch.get_data(as_text=True)),
        _segments(arabic.get_data(as_text=True)),
    )
    assert nl == {"done": 0, "1y": 500}
    assert ar == {"done": 500, "1y": 0}
    # the measure's name is text above the bar, not drawn (and cut off) in it
    html = arabic.get_data(as_text=True)
    bar = html[html.index('<figure class="bar-row"') :]
    caption = bar[: bar.index("</figcaption>")]
    assert 'data-icon="pv"' in caption and "<svg viewBox" not in caption


def test_the_bill_picture_is_mirrored_with_its_labels_inside(app, client, make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="bills", title="Onze factuur")
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    join(client, meeting)

    def picture(lang):
        html = client.get(
            f"/m/{meeting.code}/step", headers={"Accept-Language": lang}
        ).get_data(as_text=True)
        return html[html.index('<figure class="bill-picture">') :].split("</figure>")[0]

    nl, ar = picture("nl"), picture("ar")
    # the numbers stand at the start of each line: left in Dutch, right in Arabic
    assert re.findall(r'<circle cx="(\d+)"', nl) == ["22"] * 4
    assert re.findall(r'<circle cx="(\d+)"', ar) == ["298"] * 4
    # each label starts beside its number, written in the page's direction
    label = r'<text x="(\d+)" y="[\d.]+" font-size="13" fill="#111" direction="(\w+)"'
    assert re.findall(label, nl) == [("50", "ltr")] * 4
    assert re.findall(label, ar) == [("270", "rtl")] * 4


def test_typed_titles_keep_their_own_direction(client, make_meeting):
    meeting = make_meeting(steps=("Wat plan je?",))
    join(client, meeting)
    meetings.change_step(meeting, meeting.steps[0], "open")
    db.session.commit()
    html = client.get(f"/m/{meeting.code}", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<h1 class="phone-title" dir="auto">\s*Klimaattafel Rabot', html)
    assert re.search(r'<h2 class="step-title" dir="auto"[^>]*>Wat plan je\?</h2>', html)
