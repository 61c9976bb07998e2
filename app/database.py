"""Durability settings for each database engine, and what its failures mean."""

import sqlite3

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from app.core import outages
from app.extensions import db

#: SQLite's primary result codes that say "not now", not "wrong"
_SQLITE_FULL = 13
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED: another writer outlasted the wait
_SQLITE_UNUSABLE = {8, 10, 14}  # READONLY, IOERR, CANTOPEN: the file cannot be used
#: PostgreSQL SQLSTATE classes of a full disk or too little memory
_POSTGRES_FULL = {"53100", "53200"}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _postgres_settings(dbapi_connection, _record) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")
    dbapi_connection.commit()


def engine_options(uri: str) -> dict:
    """Return engine options: a database server may restart under us, a file not.

    A database error never prints the values it was writing (bill figures,
    contact details) into the log. A database server that does not answer
    fails a request within seconds instead of holding it (and its phone).
    """
    options = {"hide_parameters": True}
    if uri.startswith("sqlite"):
        return options
    return {
        **options,
        "pool_pre_ping": True,
        "pool_timeout": 10,
        "connect_args": {"connect_timeout": 5},
    }


def unavailable(error: BaseException) -> str | None:
    """Say why the database cannot serve now ("unreachable", "full", "busy"),
    or None when the error is the request's own (a constraint, a bug).

    Such a failure passes: the request may simply be sent again later.
    """
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return "unreachable"
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return "unreachable"
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.Error):
        code = (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == _SQLITE_FULL:
            return "full"
        if code in _SQLITE_BUSY:
            return "busy"
        return "unreachable" if code in _SQLITE_UNUSABLE else None
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        if getattr(original, "sqlstate", None) in _POSTGRES_FULL:
            return "full"
        return "unreachable"
    return None


def init_app(app: Flask) -> None:
    """Install per-connection settings on the app's engine.

    A new connection after the server was unreachable says that the database
    is back; after it was full, only a stored write does (app.group_commit): a
    commit of a transaction that wrote nothing needs no room.
    """
    with app.app_context():
        engine: Engine = db.engine
    outage = outages.of(app).database()
    event.listen(engine, "connect", lambda *_: outage.up(only="unreachable"))
    app.teardown_appcontext(lambda _error: _end_session(outage))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_settings)


def _end_session(outage: outages.Outage) -> None:
    """End the request's session before Flask-SQLAlchemy would.

    Its answer is written by then: a database that went away meanwhile has
    nothing left to roll back, so the failed rollback says the database is
    away; it does not turn the request's reply into a 500.
    """
    try:
        db.session.remove()
    except exc.SQLAlchemyError as error:
        reason = unavailable(error)
        if reason is None:
            raise
        db.session.registry.clear()
        outage.down(error, reason)
