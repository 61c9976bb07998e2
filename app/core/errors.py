"""Translated error pages: every refusal says what happened in the user's language."""

from flask import (
    Flask,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, TooManyRequests

from app import database
from app.core import outages
from app.extensions import db, socketio

MESSAGES = {
    400: lambda: _("Something in the request was not right. Please try again."),
    403: lambda: _("You may not do this."),
    404: lambda: _("This page does not exist, or you may not see it."),
    405: lambda: _("This page does not work like that."),
    409: lambda: _("This cannot be done now."),
    410: lambda: _("This is no longer available."),
    413: lambda: _("What you sent is too large."),
    429: lambda: _("Too many tries. Please wait a moment and try again."),
    500: lambda: _("Something went wrong on our side. Please try again."),
    503: lambda: _(
        "Something on our side is briefly unavailable. Please try again in a few "
        "seconds."
    ),
}

#: why the database cannot serve: what the page says, and when to send again
UNAVAILABLE = {
    "unreachable": (lambda: MESSAGES[503](), 3),
    "busy": (lambda: MESSAGES[503](), 2),
    "full": (
        lambda: _(
            "The server has no room to store anything new right now. What was "
            "stored is safe. Please try again in a moment."
        ),
        5,
    ),
}


def _render(code: int, message: str, **context):
    page = render_template("errors/error.html", code=code, message=message, **context)
    return page, code


def _retry_after(error: TooManyRequests) -> int | None:
    """Return the whole seconds to wait, as the refusal says: until a phone's
    spent budget comes back, or until an address may fail again (app.throttle)."""
    if isinstance(error.retry_after, int):
        return max(1, error.retry_after)
    return None


def init_app(app: Flask) -> None:
    socketio.on_error_default(socket_error)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        """Refuse a stale form, with a way back to a fresh one where there is one.

        The way back may be a private link: keep the page out of caches and
        referrers, as the private page itself is.
        """
        rule = request.url_rule
        again = (
            url_for(request.endpoint, **(request.view_args or {}))
            if rule and "GET" in (rule.methods or ())
            else None
        )
        message = _("This form has expired. Reload the page and try again.")
        response = make_response(_render(400, message, again=again))
        response.cache_control.no_store = True
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests):
        """Refuse with the wait, so that a phone knows when to send again.

        Only a refusal says how long to wait: the X-RateLimit-* headers on every
        reply would cost a look-up in the limiter's store per request.
        """
        response = make_response(_render(429, MESSAGES[429]()))
        wait = _retry_after(error)
        if wait:
            response.headers["Retry-After"] = str(wait)
        return response

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        """Refuse for now (503 with Retry-After) while the database cannot serve.

        A phone keeps a refused answer and sends it again after the wait; the
        log says once that the database is gone (app.core.outages), not once
        per request.
        """
        reason = database.unavailable(error)
        if reason is None:
            return server_error(error)
        _rollback()
        outages.of(app).database().down(error, reason)
        message, wait = UNAVAILABLE[reason]
        response = make_response(_render(503, message()))
        response.headers["Retry-After"] = str(wait)
        response.cache_control.no_store = True
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = MESSAGES.get(code, MESSAGES[400])()
        return _render(code, message)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        _rollback()
        app.logger.exception("Unhandled error")
        return _render(500, MESSAGES[500]())


def socket_error(error: Exception):
    """A socket's handler failed (it only connects): let the phone try again.

    While the database is away a connection cannot be put in its meeting's room:
    it is let in and its transport closed at once, so that the page's socket
    reconnects by itself a moment later (a refusal would end its retries), and
    the log says once that the database is gone instead of a traceback per try.
    """
    reason = database.unavailable(error) if isinstance(error, SQLAlchemyError) else None
    _rollback()
    if reason is None:
        current_app.logger.error("Socket handler failed", exc_info=error)
    else:
        outages.of(current_app).database().down(error, reason)
    manager = socketio.server.manager
    engine_sid = manager.eio_sid_from_sid(request.sid, request.namespace)
    socketio.start_background_task(_close_transport, engine_sid)


def _close_transport(engine_sid: str) -> None:
    """Close a connection's transport once its connect reply went out."""
    socketio.sleep(0.5)
    socketio.server.eio.disconnect(engine_sid)


def _rollback() -> None:
    """Give the request's connection back; a dead one is simply dropped."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()
