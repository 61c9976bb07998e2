"""Municipalities, neighbourhoods, partner organisations, staff users and the
first-admin setup token."""

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.timeutil import utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    STAFF = "staff"  # municipality staff: follows interest, exports lists
    FACILITATOR = "facilitator"
    #: a partner organisation's user: sees only the groups assigned to it
    PARTNER = "partner"


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    #: language of exports and staff defaults
    locale: so.Mapped[str] = so.mapped_column(sa.String(8), default="nl")
    #: days a purchase-group sign-up is kept after it was last changed
    signup_retention_days: so.Mapped[int] = so.mapped_column(
        default=365, server_default=sa.text("365")
    )

    neighbourhoods: so.WriteOnlyMapped["Neighbourhood"] = so.relationship(
        back_populates="municipality"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.id}>"


class Neighbourhood(db.Model):
    __tablename__ = "neighbourhoods"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "name"),
        sa.CheckConstraint(
            "housing_units IS NULL OR housing_units BETWEEN 1 AND 1000000",
            name="housing_units_sensible",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    #: homes in the neighbourhood, for the LEKP rates per 1,000 (None: unknown)
    housing_units: so.Mapped[int | None]

    municipality: so.Mapped[Municipality] = so.relationship(
        back_populates="neighbourhoods"
    )


class PartnerOrganisation(db.Model):
    """An Energiehuis, a social housing company or a renovation coach working
    with one municipality on the purchase groups it is given."""

    __tablename__ = "partner_organisations"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))

    municipality: so.Mapped[Municipality] = so.relationship()

    def __repr__(self) -> str:
        return f"<PartnerOrganisation {self.id}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('admin', 'staff', 'facilitator', 'partner')", name="role_known"
        ),
        sa.CheckConstraint(
            "(role = 'partner' AND partner_id IS NOT NULL)"
            " OR (role <> 'partner' AND partner_id IS NULL)",
            name="partner_bound",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    role: so.Mapped[str] = so.mapped_column(sa.String(16))
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    #: the organisation a partner works for; only partners have one
    partner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="CASCADE"), index=True
    )
    #: bumped on logout, password or role change: every older login stops working
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality] = so.relationship()
    partner: so.Mapped[PartnerOrganisation | None] = so.relationship()

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class SetupToken(db.Model):
    """A one-time link that creates the first admin on an empty database."""

    __tablename__ = "setup_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
