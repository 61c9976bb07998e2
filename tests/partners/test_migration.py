"""Going back before partner organisations removes their accounts (the older
schema has no such role) and keeps everyone else and every audit row."""

import flask_migrate
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app

from app import create_app
from app.extensions import db
from tests.support.web import make_config

REVISION = "b7c4e2a91f3d"  #: the migration that adds partner organisations


def test_downgrading_removes_partner_accounts_only(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'p.sqlite'}"))
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO municipalities (id, name, locale, signup_retention_days)"
                " VALUES (1, 'Gent', 'nl', 365)",
                "INSERT INTO partner_organisations VALUES (1, 1, 'Energiehuis')",
                *(
                    "INSERT INTO users (id, email, name, password_hash, role,"
                    " municipality_id, partner_id, session_version, active,"
                    f" created_at) VALUES ({n}, '{role}@gent.be', '{role}', 'x',"
                    f" '{role}', 1, {partner}, 1, 1, '2026-12-02 14:00:00')"
                    for n, role, partner in ((1, "staff", "NULL"), (2, "partner", 1))
                ),
                "INSERT INTO export_audits (id, municipality_id, user_id, user_email,"
                " kind, what, file_format, rows, created_at) VALUES (1, 1, 2,"
                " 'partner@gent.be', 'view', 'partners.index groups', 'page', 0,"
                " '2026-12-02 14:00:00')",
            ):
                connection.execute(sa.text(statement))
        config = current_app.extensions["migrate"].migrate.get_config()
        before = ScriptDirectory.from_config(config).get_revision(REVISION)
        flask_migrate.downgrade(revision=before.down_revision)
        with db.engine.connect() as connection:
            users = connection.execute(sa.text("SELECT email FROM users")).all()
            audits = connection.execute(
                sa.text("SELECT user_id, user_email FROM export_audits")
            ).all()
        assert users == [("staff@gent.be",)]
        assert audits == [(None, "partner@gent.be")]
        db.engine.dispose()
