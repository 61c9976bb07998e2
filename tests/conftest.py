"""Fixtures: an app on a migrated SQLite file, clients, factories and helpers."""

import itertools
import shutil
from datetime import date

import flask_migrate
import pytest

from app import create_app
from app.accounts import services as accounts
from app.extensions import db, limiter, socketio
from app.meetings import services as meetings
from tests.support.web import (
    PASSWORD,
    CompiledTemplates,
    FreshContextClient,
    make_config,
)
from tests.support.world import world  # noqa: F401 - the access and input tests' cast

_serial = itertools.count(1)
_compiled = CompiledTemplates()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """Return a SQLite file migrated once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(migrated_sqlite, tmp_path):
    path = tmp_path / "app.sqlite"
    shutil.copy(migrated_sqlite, path)
    app = create_app(make_config(f"sqlite:///{path}"))
    app.test_client_class = FreshContextClient
    app.jinja_env.bytecode_cache = _compiled
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def new_client(app):
    """Return a factory of independent clients (separate phones or people)."""
    return app.test_client


@pytest.fixture
def make_user(app):
    def make(role="facilitator", municipality="Gent", email=None):
        town = accounts.municipality_named(municipality)
        user = accounts.create_user(
            town,
            name=f"{role} of {municipality}",
            email=email or f"{role}.{next(_serial)}@{municipality}.example".lower(),
            password=PASSWORD,
            role=role,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_meeting(app, make_user):
    def make(user=None, steps=("Welkom", "Pauze")):
        user = user or make_user()
        area = accounts.neighbourhood_named(user.municipality, "Rabot")
        meeting = meetings.create_meeting(
            user,
            area,
            title="Klimaattafel Rabot",
            held_on=date(2026, 12, 1),
            place="Buurthuis",
            locale="nl",
        )
        for title in steps:
            meetings.add_step(meeting, kind="info", title=title, body=f"Over {title}")
        db.session.commit()
        return meeting

    return make


@pytest.fixture
def sio(app):
    def connect(client, **kwargs):
        with app.app_context():
            return socketio.test_client(app, flask_test_client=client, **kwargs)

    return connect
