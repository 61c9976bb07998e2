"""Backups of a live database, and bringing one back.

SQLite: the online backup API copies every page in one step, under one read
transaction, so the copy is the database as it was at one moment (a commit is
in it whole or not at all) while the app goes on writing beside it (WAL). The
copy is a single file (no -wal beside it) and is checked before it is kept.
PostgreSQL: pg_dump, which reads one snapshot too, in its custom format;
pg_restore brings it back.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

#: what a backup summary counts, when the database has these tables
COUNTED = ("meetings", "participants", "poll_answers", "signups", "export_audits")


class BackupError(Exception):
    """The backup or restore could not be made; nothing was replaced."""


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")


def sqlite_path(uri: str) -> Path | None:
    """Return the file of a SQLite URL, or None for another database."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(url.database)


def check(path: Path) -> dict:
    """Return what a SQLite file holds: integrity, migration and row counts."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master")
        }
        revision = (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in tables
            else None
        )
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - names from COUNTED
            for table in COUNTED
            if table in tables
        }
    finally:
        connection.close()
    return {"integrity": integrity, "revision": revision and revision[0], **counts}


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    """Copy a database into a new single file, made whole before it is named."""
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # every page in one step: one consistent moment
        target.execute("PRAGMA journal_mode=DELETE")  # no -wal file beside it
    finally:
        target.close()
    result = check(partial)
    if result["integrity"] != "ok":
        partial.unlink()
        raise BackupError(f"the copy failed its integrity check: {result['integrity']}")
    _fsync(partial)
    os.replace(partial, target_path)
    _fsync(target_path.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup_sqlite(database: Path, target: Path) -> dict:
    """Copy a live SQLite database to target; return what the copy holds."""
    if not database.exists():
        raise BackupError(f"{database} does not exist")
    source = sqlite3.connect(database, timeout=30)
    try:
        _copy(source, target)
    finally:
        source.close()
    return check(target)


def restore_sqlite(backup: Path, database: Path) -> tuple[dict, Path | None]:
    """Replace a (stopped) SQLite database with a backup; return what it holds
    now and where the database it replaced was kept."""
    held = check(backup)
    if held["integrity"] != "ok" or held["revision"] is None:
        raise BackupError(f"{backup} is not a sound Klimaattafel backup: {held}")
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{stamp()}")
        backup_sqlite(database, kept)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target = sqlite3.connect(database, timeout=30)
    try:
        source.backup(target)  # page by page under SQLite's locks, -wal included
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
    restored = check(database)
    if restored["integrity"] != "ok":
        raise BackupError(f"the restored database failed its check: {restored}")
    return restored, kept


def _postgres_environment(uri: str) -> dict:
    """libpq's variables for a database URL: the password stays off the
    command line (where any user's process list would show it)."""
    url = make_url(uri)
    values = {
        "PGHOST": url.host,
        "PGPORT": url.port and str(url.port),
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    return {**os.environ, **{k: v for k, v in values.items() if v}}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is missing (apt-get install postgresql-client)")
    return found


def backup_postgres(uri: str, target: Path) -> None:
    """pg_dump the database (one snapshot) into target, custom format."""
    partial = target.with_name(target.name + ".partial")
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"],
        uri,
    )
    os.replace(partial, target)


def restore_postgres(backup: Path, uri: str) -> None:
    """pg_restore a dump over the (stopped app's) database, in one transaction."""
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={make_url(uri).database}",
            str(backup),
        ],
        uri,
    )


def _run(command: list[str], uri: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own tool and arguments
        command,
        env=_postgres_environment(uri),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(result.stderr.strip()[-2000:])
