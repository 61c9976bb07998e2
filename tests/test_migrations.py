"""Migrations are the only way to a schema, on SQLite and PostgreSQL alike."""

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app import create_app
from app.config import database_url
from app.extensions import db
from tests.conftest import make_config
from tests.services import fresh_postgres_database


def _upgrade_and_compare(url: str) -> None:
    app = create_app(make_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []
            tables = set(sa.inspect(connection).get_table_names())
        assert {"meetings", "steps", "participants", "users"} <= tables
        flask_migrate.downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_upgrade_from_empty_sqlite_matches_the_models(tmp_path):
    _upgrade_and_compare(f"sqlite:///{tmp_path / 'm.sqlite'}")


@pytest.mark.services
def test_upgrade_from_empty_postgresql_matches_the_models():
    with fresh_postgres_database() as url:
        _upgrade_and_compare(database_url(url, None))
