"""A meeting with an open sign-up step, and a real SMTP server for its mail."""

import pytest

from app.extensions import db
from app.meetings import services as meetings
from tests.support.mail import SmtpServer


@pytest.fixture
def signup_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="groups", title="Samen aankopen")
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


@pytest.fixture
def smtp_down(app):
    """An SMTP server the app is set up for, not started yet."""
    server = SmtpServer()
    app.config.update(server.config())
    yield server
    server.stop()


@pytest.fixture
def smtp_server(smtp_down):
    """A running SMTP server the app sends to."""
    return smtp_down.start()
