import pytest

from app.extensions import db
from app.meetings import services as meetings
from app.polls import services as polls


@pytest.fixture
def poll_meeting(make_meeting):
    """A meeting whose first step is an open poll on three measures."""
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(step, ["pv", "roof_ins"], ["Buurtbatterij"])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting
