"""A phone's session cookie: verified once, then kept, yet never trusted more
than a freshly verified one."""

import time
from datetime import timedelta

from flask import request

from app.sessions import KeptCookieSessionInterface

DATA = {"participant": "secret-of-a-phone", "bills": {"7": {"gas_kwh": 1613}}}


def _cookie(app, data=DATA) -> str:
    return app.session_interface.get_signing_serializer(app).dumps(data)


def _open(app, cookie: str):
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        return app.session_interface.open_session(app, request)


def test_a_cookie_seen_before_opens_as_it_was_signed(app):
    cookie = _cookie(app)
    first = _open(app, cookie)
    first["bills"]["7"]["gas_kwh"] = 9999  # a request changes its own session
    first["lang"] = "fr"
    again = _open(app, cookie)
    assert dict(again) == DATA


def test_a_tampered_cookie_opens_empty_even_after_the_genuine_one(app):
    cookie = _cookie(app)
    assert _open(app, cookie)["participant"] == DATA["participant"]
    payload, signature = cookie.rsplit(".", 1)
    forged = f"{payload}.{'A' * len(signature)}"
    assert dict(_open(app, forged)) == {}
    other_payload = _cookie(app, {"participant": "someone else"}).split(".", 1)[0]
    assert dict(_open(app, f"{other_payload}.{cookie.split('.', 1)[1]}")) == {}


def test_a_kept_cookie_still_expires(app):
    now = [time.time()]
    app.session_interface = KeptCookieSessionInterface(clock=lambda: now[0])
    app.permanent_session_lifetime = timedelta(seconds=60)
    cookie = _cookie(app)
    assert _open(app, cookie)["participant"] == DATA["participant"]
    now[0] += 59
    assert _open(app, cookie)["participant"] == DATA["participant"]
    now[0] += 2
    assert dict(_open(app, cookie)) == {}
