"""Sign-ups (the only personal data), purchase groups and their thresholds.

A Signup is never linked to a participant, an answer or a bill.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Municipality
from app.extensions import db
from app.groups.logic import GroupStatus, Horizon
from app.meetings.models import Dwelling, Meeting, Tenure, in_values
from app.polls.catalogue import BY_KEY
from app.timeutil import utcnow

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "groups"

CONSENT_VERSION = "2026-11"  #: bump when the consent text changes


class Signup(db.Model):
    __tablename__ = "signups"
    __table_args__ = (
        sa.CheckConstraint(in_values("horizon", Horizon), name="horizon_known"),
        sa.CheckConstraint(
            f"dwelling IS NULL OR {in_values('dwelling', Dwelling)}",
            name="dwelling_known",
        ),
        sa.CheckConstraint(
            f"tenure IS NULL OR {in_values('tenure', Tenure)}", name="tenure_known"
        ),
        sa.CheckConstraint("consent_contact", name="contact_consented"),
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="reachable"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    meeting_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    street: so.Mapped[str] = so.mapped_column(sa.String(120))
    house_number: so.Mapped[str] = so.mapped_column(sa.String(16))
    dwelling: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    tenure: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    horizon: so.Mapped[str] = so.mapped_column(sa.String(4))
    help_advice: so.Mapped[bool] = so.mapped_column(default=False)
    help_loan: so.Mapped[bool] = so.mapped_column(default=False)
    help_contractor: so.Mapped[bool] = so.mapped_column(default=False)
    #: one consent per purpose; the first is required to sign up at all
    consent_contact: so.Mapped[bool]
    consent_share_contractor: so.Mapped[bool] = so.mapped_column(default=False)
    consent_news: so.Mapped[bool] = so.mapped_column(default=False)
    consent_version: so.Mapped[str] = so.mapped_column(sa.String(16))
    consented_at: so.Mapped[datetime]
    #: hash of the private link's token; the token itself is never stored
    manage_token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality] = so.relationship()
    meeting: so.Mapped[Meeting | None] = so.relationship()
    measures: so.Mapped[list["SignupMeasure"]] = so.relationship(
        cascade="all, delete-orphan", order_by="SignupMeasure.measure_key"
    )

    @property
    def measure_keys(self) -> frozenset[str]:
        return frozenset(m.measure_key for m in self.measures)


class SignupMeasure(db.Model):
    __tablename__ = "signup_measures"

    signup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), primary_key=True
    )
    measure_key: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)


class MeasureThreshold(db.Model):
    """Households needed before a group for a measure is viable, per municipality."""

    __tablename__ = "measure_thresholds"
    __table_args__ = (
        sa.CheckConstraint("households BETWEEN 2 AND 500", name="sensible"),
    )

    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    measure_key: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    households: so.Mapped[int]


class PurchaseGroup(db.Model):
    __tablename__ = "purchase_groups"
    __table_args__ = (
        sa.UniqueConstraint(
            "municipality_id",
            "measure_key",
            "street",
            "horizon",
            "dwelling",
            name="uq_purchase_groups_key",
        ),
        sa.CheckConstraint(in_values("status", GroupStatus), name="status_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    measure_key: so.Mapped[str] = so.mapped_column(sa.String(32))
    street: so.Mapped[str] = so.mapped_column(sa.String(120))
    horizon: so.Mapped[str] = so.mapped_column(sa.String(4))
    #: "" when the sign-ups did not say (NULLs would defeat the unique key)
    dwelling: so.Mapped[str] = so.mapped_column(sa.String(16), default="")
    status: so.Mapped[str] = so.mapped_column(
        sa.String(12), default=GroupStatus.FORMING.value
    )
    size: so.Mapped[int] = so.mapped_column(default=0)
    threshold: so.Mapped[int]
    #: the partner organisation staff gave the group to; sync_groups keeps it
    partner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="SET NULL"), index=True
    )
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    @property
    def measure_name(self) -> str:
        entry = BY_KEY.get(self.measure_key)
        return str(entry.name) if entry else self.measure_key
