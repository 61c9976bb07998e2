"""Durability settings for each database engine."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db


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
    contact details) into the log.
    """
    options = {"hide_parameters": True}
    return options if uri.startswith("sqlite") else {**options, "pool_pre_ping": True}


def init_app(app: Flask) -> None:
    """Install per-connection settings on the app's engine."""
    with app.app_context():
        engine: Engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_settings)
