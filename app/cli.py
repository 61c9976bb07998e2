"""Command-line tasks: the first-admin link, users, mail, a demo meeting, backups."""

import os
import secrets
from datetime import date
from pathlib import Path

import click
from flask import Blueprint, current_app

from app.accounts import services as accounts
from app.accounts.models import Role
from app.core import backups
from app.extensions import db
from app.groups import services as groups
from app.mail import outbox
from app.mail import worker as mail_worker
from app.meetings import services as meetings

bp = Blueprint("cli", __name__, cli_group=None)


@bp.cli.command("setup-link")
def setup_link() -> None:
    """Print a one-time link to create the first admin, if nobody exists yet."""
    if accounts.has_users():
        return
    token = accounts.new_setup_token()
    db.session.commit()
    port = os.getenv("PORT", "5000")
    click.echo("")
    click.echo("No staff account exists yet. Create the first admin here (once):")
    click.echo(f"  http://localhost:{port}/setup/{token}")
    click.echo("")


@bp.cli.group("users")
def users() -> None:
    """Manage staff accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--municipality", required=True, help="Created when new.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.FACILITATOR.value,
    show_default=True,
)
@click.option("--partner", help="A partner's organisation; created when new.")
@click.password_option()
def create_user(
    email: str,
    name: str,
    municipality: str,
    role: str,
    password: str,
    partner: str | None,
):
    """Create a staff user, or (role partner) someone of a partner organisation."""
    if accounts.email_taken(email):
        raise click.ClickException(f"{email} already has an account.")
    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    if (role == Role.PARTNER) != bool(partner):
        raise click.ClickException("A partner needs --partner; only a partner has one.")
    town = accounts.municipality_named(municipality)
    accounts.create_user(
        town,
        name=name,
        email=email,
        password=password,
        role=role,
        partner=accounts.organisation_named(town, partner) if partner else None,
    )
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@bp.cli.group("retention")
def retention() -> None:
    """Delete personal data whose time is up."""


@retention.command("run")
def run_retention() -> None:
    """Delete expired purchase-group sign-ups (per municipality's setting)."""
    removed = groups.purge_expired()
    db.session.commit()
    click.echo(f"Removed {removed} expired sign-ups.")


@bp.cli.group("mail")
def mail() -> None:
    """Mail to residents."""


@mail.command("send")
def send_mail() -> None:
    """Send every message of the outbox that is due now, once."""
    if not outbox.enabled():
        raise click.ClickException("MAIL_SERVER is not set: no mail is sent.")
    done = mail_worker.drain_once()
    click.echo(
        f"Sent {done.sent} messages; {done.failed} not sent (tried again later"
        f" unless given up); {done.skipped} taken by another process."
    )


@bp.cli.group("demo")
def demo() -> None:
    """Demo data for trying the app out."""


@demo.command("seed")
@click.option("--email", default="demo@klimaattafel.test", show_default=True)
def seed(email: str) -> None:
    """Create a demo municipality, facilitator and meeting."""
    municipality = accounts.municipality_named("Demogem")
    user = accounts.user_by_email(email)
    if user is None:
        password = secrets.token_urlsafe(12)
        user = accounts.create_user(
            municipality,
            name="Demo",
            email=email,
            password=password,
            role=Role.FACILITATOR,
        )
        click.echo(f"Facilitator {email} with password {password}")
    neighbourhood = accounts.neighbourhood_named(municipality, "Stationswijk")
    meeting = meetings.create_meeting(
        user,
        neighbourhood,
        title="Klimaattafel Stationswijk",
        held_on=date.today(),
        place="Buurthuis De Linde",
        locale="nl",
    )
    meetings.add_step(
        meeting,
        kind="info",
        title="Welkom",
        body="Fijn dat je er bent. We beginnen zo.",
    )
    db.session.commit()
    click.echo(f"Meeting {meeting.title}: code {meeting.code}")


def _database_uri() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _default_backup(suffix: str) -> Path:
    folder = Path(current_app.instance_path) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"klimaattafel-{backups.stamp()}{suffix}"


def _summary(held: dict) -> str:
    return ", ".join(f"{name} {value}" for name, value in held.items())


@bp.cli.command("backup")
@click.argument("target", required=False, type=click.Path(path_type=Path))
def backup(target: Path | None) -> None:
    """Write a consistent copy of the database while the app serves.

    SQLite: one file (the online backup API), checked before it is kept.
    PostgreSQL: a pg_dump in its custom format. TARGET defaults to
    instance/backups/klimaattafel-<UTC time>.sqlite (or .dump).
    """
    uri = _database_uri()
    try:
        database = backups.sqlite_path(uri)
        if database is None:
            target = target or _default_backup(".dump")
            backups.backup_postgres(uri, target)
            click.echo(f"Backup written to {target} (pg_dump, custom format).")
            return
        target = target or _default_backup(".sqlite")
        held = backups.backup_sqlite(database, target)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target}: {_summary(held)}.")


@bp.cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(source: Path, yes: bool) -> None:
    """Bring back a backup made with `flask backup`, over the current database.

    Stop the app first. SQLite: the current database is kept beside it
    (.before-restore-<time>) and the restored one is checked. PostgreSQL:
    pg_restore in one transaction. Run `flask db upgrade` afterwards.
    """
    uri = _database_uri()
    database = backups.sqlite_path(uri)
    where = database or "the PostgreSQL database"
    if not yes:
        click.confirm(f"Replace {where} with {source}? Stop the app first.", abort=True)
    try:
        if database is None:
            backups.restore_postgres(source, uri)
            click.echo(f"Restored {source} (pg_restore). Now run: flask db upgrade")
            return
        held, kept = backups.restore_sqlite(source, database)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    if kept:
        click.echo(f"The database it replaced is kept as {kept}.")
    click.echo(f"Restored {source}: {_summary(held)}. Now run: flask db upgrade")
