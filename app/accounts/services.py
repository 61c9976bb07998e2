"""Create municipalities, users and the first-admin setup link."""

import logging

import sqlalchemy as sa

from app.accounts.models import (
    Municipality,
    Neighbourhood,
    PartnerOrganisation,
    Role,
    SetupToken,
    User,
)
from app.extensions import db
from app.tokens import new_token, token_hash

logger = logging.getLogger(__name__)


def municipality_named(name: str) -> Municipality:
    """Return the municipality with this name, creating it when new."""
    found = db.session.scalar(sa.select(Municipality).where(Municipality.name == name))
    if found:
        return found
    municipality = Municipality(name=name, locale="nl")
    db.session.add(municipality)
    db.session.flush()
    return municipality


def email_taken(email: str) -> bool:
    """Return whether a user with this e-mail exists."""
    return (
        db.session.scalar(sa.select(User.id).where(User.email == email.strip().lower()))
        is not None
    )


class NotThisOrganisation(ValueError):
    """A partner account needs an organisation of its own municipality, and
    only a partner account has one."""


def create_user(
    municipality: Municipality,
    *,
    name: str,
    email: str,
    password: str,
    role: str,
    partner: PartnerOrganisation | None = None,
) -> User:
    """Create a staff user in a municipality; a partner with its organisation."""
    role = Role(role)
    if (role == Role.PARTNER) != (partner is not None) or (
        partner is not None and partner.municipality_id != municipality.id
    ):
        raise NotThisOrganisation(role)
    user = User(
        municipality=municipality,
        name=name.strip(),
        email=email.strip().lower(),
        role=role.value,
        partner=partner,
        session_version=1,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    logger.info("User %s created with role %s", user, role)
    return user


def user_by_email(email: str) -> User | None:
    """Return the user with this e-mail."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def end_sessions(user: User) -> None:
    """Invalidate every login of this user."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, password: str) -> None:
    """Set a new password; every other login of this user ends."""
    user.set_password(password)
    end_sessions(user)
    logger.info("User %s changed their password", user)


def change_access(user: User, *, role: str, active: bool) -> bool:
    """Apply an admin's change of role or activity; return whether logins end.

    A role is read on every request, so a new role counts at once; turning an
    account off ends its logins. A partner stays a partner of its organisation
    and staff do not become partners: that is a new account.
    """
    if (Role(role) == Role.PARTNER) != (user.role == Role.PARTNER):
        raise NotThisOrganisation(role)
    user.role = Role(role).value
    ended = user.active and not active
    user.active = active
    if ended:
        end_sessions(user)
    db.session.flush()
    logger.info("User %s now has role %s, active %s", user, role, active)
    return ended


def staff_member(municipality_id: int, user_id: int) -> User | None:
    """Return a staff member of this municipality."""
    user = db.session.get(User, user_id)
    return user if user and user.municipality_id == municipality_id else None


def _one_named(model, municipality: Municipality, name: str):
    """Return the municipality's row of `model` with this name, creating it when
    new (a neighbourhood, a partner organisation)."""
    name = name.strip()
    found = db.session.scalar(
        sa.select(model).where(
            model.municipality_id == municipality.id, model.name == name
        )
    )
    if found:
        return found
    row = model(municipality=municipality, name=name)
    db.session.add(row)
    db.session.flush()
    return row


def _all_of(model, municipality_id: int) -> list:
    """Return a municipality's rows of `model`, by name."""
    return list(
        db.session.scalars(
            sa.select(model)
            .where(model.municipality_id == municipality_id)
            .order_by(model.name)
        )
    )


def neighbourhood_named(municipality: Municipality, name: str) -> Neighbourhood:
    """Return the municipality's neighbourhood with this name, creating it when new."""
    return _one_named(Neighbourhood, municipality, name)


def neighbourhoods_of(municipality_id: int) -> list[Neighbourhood]:
    """Return a municipality's neighbourhoods by name."""
    return _all_of(Neighbourhood, municipality_id)


def organisation_named(municipality: Municipality, name: str) -> PartnerOrganisation:
    """Return the municipality's partner organisation with this name, creating
    it when new."""
    return _one_named(PartnerOrganisation, municipality, name)


def organisations_of(municipality_id: int) -> list[PartnerOrganisation]:
    """Return a municipality's partner organisations by name."""
    return _all_of(PartnerOrganisation, municipality_id)


def organisation_of(
    municipality_id: int, organisation_id: int
) -> PartnerOrganisation | None:
    """Return a partner organisation of this municipality."""
    found = db.session.get(PartnerOrganisation, organisation_id)
    return found if found and found.municipality_id == municipality_id else None


def has_users() -> bool:
    """Return whether any staff account exists."""
    return db.session.scalar(sa.select(User.id).limit(1)) is not None


def new_setup_token() -> str:
    """Replace any earlier setup link with a new one-time token."""
    db.session.execute(sa.delete(SetupToken))
    token = new_token()
    db.session.add(SetupToken(token_hash=token_hash(token)))
    db.session.flush()
    return token


def setup_token_valid(token: str) -> bool:
    """Return whether this setup link may still create the first admin."""
    if has_users():
        return False
    return (
        db.session.scalar(
            sa.select(SetupToken.id).where(SetupToken.token_hash == token_hash(token))
        )
        is not None
    )


def use_setup_token() -> None:
    """Spend the setup link."""
    db.session.execute(sa.delete(SetupToken))
