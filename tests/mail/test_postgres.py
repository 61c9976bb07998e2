"""On PostgreSQL, where several processes serve: two `flask mail send` run at
the same moment, and every household gets its message exactly once."""

import subprocess
from datetime import date

import flask_migrate
import pytest
import sqlalchemy as sa

from app import create_app
from app.accounts import services as accounts
from app.config import database_url
from app.extensions import db
from app.groups import services as groups
from app.mail import outbox
from app.mail.models import OutboxMessage
from app.meetings import services as meetings
from tests.support.mail import SmtpServer
from tests.support.servers import BIN, ROOT, app_env
from tests.support.services import fresh_postgres_database
from tests.support.web import make_config
from tests.support.world import SIGNUP  # as the service takes it

pytestmark = pytest.mark.services
HOUSEHOLDS = 16


def _queue_sign_ups(app) -> None:
    town = accounts.municipality_named("Gent")
    user = accounts.create_user(
        town, name="Fien", email="fien@gent.be", password="x" * 12, role="admin"
    )
    area = accounts.neighbourhood_named(town, "Rabot")
    meeting = meetings.create_meeting(
        user, area, title="PG", held_on=date(2026, 12, 1), place="Zaal", locale="nl"
    )
    with app.test_request_context():
        for n in range(HOUSEHOLDS):
            data = {**SIGNUP, "email": f"bewoner{n}@example.be", "house_number": str(n)}
            signup, token = groups.create_signup(meeting, data, language="nl")
            assert outbox.queue_signup(signup, f"http://localhost/s/{token}")
    db.session.commit()


def test_two_processes_sending_at_once_send_every_message_once(tmp_path):
    server = SmtpServer().start()
    server.answer_data_after(0.05)  # a server that takes a moment per message
    try:
        with fresh_postgres_database() as url:
            app = create_app(make_config(database_url(url, None), **server.config()))
            with app.app_context():
                flask_migrate.upgrade()
                _queue_sign_ups(app)
                env = app_env(
                    tmp_path,
                    DATABASE_URL=url,
                    **{k: str(v) for k, v in server.config().items() if v},
                    MAIL_USE_TLS="0",
                    MAIL_USE_SSL="0",
                )
                senders = [
                    subprocess.Popen(
                        [str(BIN / "flask"), "mail", "send"],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                    for _ in range(2)
                ]
                outputs = [p.communicate(timeout=120)[0] for p in senders]
                assert all(p.returncode == 0 for p in senders), outputs
                db.session.expire_all()
                rows = db.session.scalars(sa.select(OutboxMessage)).all()
                assert all(r.sent_at is not None and r.attempts == 1 for r in rows)
                db.session.remove()
                db.engine.dispose()
    finally:
        server.stop()
    received = server.received
    assert sorted(r.recipients[0] for r in received) == sorted(
        f"bewoner{n}@example.be" for n in range(HOUSEHOLDS)
    )
    assert len({r.message["Message-ID"] for r in received}) == HOUSEHOLDS
