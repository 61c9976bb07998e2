"""Command-line tasks: the first-admin link, users and a demo meeting."""

import os
import secrets
from datetime import date

import click
from flask import Blueprint

from app.accounts import services as accounts
from app.accounts.models import Role
from app.extensions import db
from app.groups import services as groups
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
@click.password_option()
def create_user(email: str, name: str, municipality: str, role: str, password: str):
    """Create a staff user."""
    if accounts.email_taken(email):
        raise click.ClickException(f"{email} already has an account.")
    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    accounts.create_user(
        accounts.municipality_named(municipality),
        name=name,
        email=email,
        password=password,
        role=role,
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
