"""Who may see what: roles and municipality, checked in every view and socket event."""

from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from app.accounts.models import Role, User
from app.extensions import db, login_manager

MANAGERS = (Role.ADMIN, Role.FACILITATOR)
#: the municipality's own people: they follow its meetings; a partner does not
MEETING_STAFF = (Role.ADMIN, Role.STAFF, Role.FACILITATOR)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load a user from the session, if that login is still current."""
    raw_id, _, version = user_id.partition(":")
    if not raw_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def roles_required(*roles: Role):
    """Let only logged-in staff with one of these roles through; others get 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_manage(user, meeting) -> bool:
    """Return whether a user may run this meeting."""
    return (
        user.is_authenticated
        and user.municipality_id == meeting.municipality_id
        and user.has_role(*MANAGERS)
    )


def can_view(user, meeting) -> bool:
    """Return whether a staff user may follow this meeting (screen, counts);
    a partner organisation's user never may."""
    return (
        user.is_authenticated
        and user.municipality_id == meeting.municipality_id
        and user.has_role(*MEETING_STAFF)
    )


def home_endpoint(user) -> str:
    """Return where a user lands after logging in: a partner on its groups."""
    return "partners.index" if user.has_role(Role.PARTNER) else "facilitator.index"


def users_of(municipality_id: int) -> list[User]:
    """Return the staff of one municipality."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.municipality_id == municipality_id)
            .order_by(User.name)
        )
    )
