"""Requests as a browser sends them, in process: a CSRF-carrying form post, a
login, a phone's join, and the cookie of a session prepared in process."""

import re

from flask import has_app_context, session
from flask.testing import FlaskClient
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import BytecodeCache

from app.config import TestConfig
from app.extensions import db

PASSWORD = "correct horse battery"


def make_config(url: str, **overrides) -> type[TestConfig]:
    return type("Cfg", (TestConfig,), {"DATABASE_URL": url, **overrides})


class FreshContextClient(FlaskClient):
    """Serve each request in its own app context, as a real server does.

    Otherwise the test's long-lived app context would share `g` (the cached
    locale, the logged-in user) and the database session between requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


def csrf_token(client, url: str = "/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST like a browser form: with the session's CSRF token."""
    return client.post(
        url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs
    )


def login(client, user):
    response = post(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def join(client, meeting, **profile):
    """Join a meeting from its QR link, as a phone does."""
    response = post(client, f"/j/{meeting.qr_token}", profile)
    assert response.status_code == 302, response.status_code
    return response


def browser_state(app, fill) -> dict:
    """Return the cookie and CSRF header of a session prepared by `fill`."""
    # A fresh app context per phone: Flask-WTF caches the token in `g`.
    with app.app_context(), app.test_request_context("/"):
        fill()
        # What the first request's login check writes into the cookie, so the
        # phone holds the cookie a browser holds after its first answer.
        current_user._get_current_object()
        token = generate_csrf()
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return {"cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}", "csrf": token}


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for every app the tests make, not once per test.

    Jinja keys each template by its name and a checksum of its source, so an
    edited template is compiled again.
    """

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
