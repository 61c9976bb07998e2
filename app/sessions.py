"""The signed-cookie session, without verifying the same cookie again and again.

A phone sends the same session cookie with every answer. Checking its signature
and decoding it (two HMACs, base64, zlib, JSON) cost about a tenth of an
answer's work in the server. Here the contents of recently verified cookies are
kept by the cookie's exact text, with the time it was signed, so a cookie seen
before is not verified again and still expires on time. The cookie only changes
when the session does (`SESSION_REFRESH_EACH_REQUEST` is off).
"""

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

#: cookies remembered per process: every phone of a large meeting, and more
KEPT = 4096


class KeptCookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._kept: OrderedDict[str, tuple[dict, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock  #: seconds since the epoch, as the cookie's signing time

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        lifetime = app.permanent_session_lifetime.total_seconds()
        with self._lock:
            kept = self._kept.get(value)
        if kept is None:
            try:
                data, signed_at = self.get_signing_serializer(app).loads(
                    value, max_age=int(lifetime), return_timestamp=True
                )
            except BadSignature:
                return self.session_class()
            kept = (data, signed_at.timestamp())
            with self._lock:
                self._kept[value] = kept
                if len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
        elif self._clock() - kept[1] > lifetime:
            return self.session_class()
        # A copy: the request may change its session; the kept one stays as signed.
        return self.session_class(copy.deepcopy(kept[0]))
