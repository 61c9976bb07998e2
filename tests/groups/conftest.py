"""A meeting whose current step is an open sign-up step."""

import pytest

from app.extensions import db
from app.meetings import services as meetings


@pytest.fixture
def signup_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="groups", title="Samen aankopen")
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting
