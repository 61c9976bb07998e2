"""Sign-ups (the only personal data), purchase groups and their thresholds.

A Signup is never linked to a participant, an answer or a bill.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Municipality
from app.extensions import db
from app.groups.logic import (
    MAX_CENTS,
    DropReason,
    GroupStatus,
    Horizon,
    HouseholdStatus,
    Premium,
    PremiumKind,
    Unit,
)
from app.meetings.models import Dwelling, Meeting, Tenure, in_values
from app.polls.catalogue import BY_KEY
from app.timeutil import utcnow

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "groups"

CONSENT_VERSION = "2026-12"  #: bump when the consent text changes
#: the first consent text to name the partner organisation beside the
#: contractor: only a share consented to under it reaches a partner
PARTNER_CONSENT_SINCE = "2026-12"


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
    #: the municipality's listed street this street is (app/groups/street_list.py)
    street_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("municipality_streets.id", ondelete="SET NULL"), index=True
    )
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
    #: the language the household signed up in: its mail is written in it
    language: so.Mapped[str] = so.mapped_column(
        sa.String(8), default="nl", server_default="nl"
    )
    consented_at: so.Mapped[datetime]
    #: hash of the private link's token; the token itself is never stored
    manage_token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality] = so.relationship()
    meeting: so.Mapped[Meeting | None] = so.relationship()
    listed_street: so.Mapped["MunicipalityStreet | None"] = so.relationship()
    measures: so.Mapped[list["SignupMeasure"]] = so.relationship(
        cascade="all, delete-orphan", order_by="SignupMeasure.measure_key"
    )
    answers: so.Mapped[list["SignupAnswer"]] = so.relationship(
        cascade="all, delete-orphan", order_by="SignupAnswer.question"
    )

    @classmethod
    def shares_with_partners(cls):
        """The SQL condition of a sign-up a partner organisation may see: it
        agreed to share, under a text that named the partner."""
        return sa.and_(
            cls.consent_share_contractor.is_(True),
            cls.consent_version >= PARTNER_CONSENT_SINCE,
        )

    @property
    def measure_keys(self) -> frozenset[str]:
        return frozenset(m.measure_key for m in self.measures)

    @property
    def answer_map(self) -> dict[str, str]:
        """Return the answers before a site visit, by question key."""
        return {a.question: a.answer for a in self.answers}


class SignupMeasure(db.Model):
    """A household in the purchase group of one measure: where it stands."""

    __tablename__ = "signup_measures"
    __table_args__ = (
        sa.CheckConstraint(in_values("status", HouseholdStatus), name="status_known"),
        sa.CheckConstraint(
            "(status = 'dropped') = (drop_reason IS NOT NULL)", name="reason_if_dropped"
        ),
        sa.CheckConstraint(
            f"drop_reason IS NULL OR {in_values('drop_reason', DropReason)}",
            name="reason_known",
        ),
        sa.CheckConstraint(
            "quantity_tenths IS NULL OR quantity_tenths BETWEEN 1 AND 1000000",
            name="quantity_sensible",
        ),
    )

    signup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), primary_key=True
    )
    measure_key: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    status: so.Mapped[str] = so.mapped_column(
        sa.String(16),
        default=HouseholdStatus.INTERESTED.value,
        server_default=HouseholdStatus.INTERESTED.value,
    )
    drop_reason: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    #: who moved the status last: the resident or staff (None: nobody yet)
    changed_by: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    #: the offer the household subscribed to or accepted (intent, not a contract)
    offer_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("group_offers.id", ondelete="SET NULL"), index=True
    )
    #: the home's own size in tenths of the measure's unit; None: not known
    quantity_tenths: so.Mapped[int | None]
    updated_at: so.Mapped[datetime] = so.mapped_column(
        default=utcnow, server_default=sa.text("CURRENT_TIMESTAMP")
    )


class SignupAnswer(db.Model):
    """One fact a contractor needs before a site visit, as the household
    answered it (app/groups/logic.py QUESTIONS); part of the sign-up only."""

    __tablename__ = "signup_answers"
    __table_args__ = (sa.CheckConstraint("answer <> ''", name="answered"),)

    signup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("signups.id", ondelete="CASCADE"), primary_key=True
    )
    question: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    answer: so.Mapped[str] = so.mapped_column(sa.String(16))


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


class OfferKind(enum.StrEnum):
    PROCURED = "procured"  #: the municipality's one contractor for the lot
    QUOTE = "quote"  #: one of several quotes residents compare


class GroupOffer(db.Model):
    """An offer attached to a purchase group: what a contractor asks per unit."""

    __tablename__ = "group_offers"
    __table_args__ = (
        sa.CheckConstraint(in_values("kind", OfferKind), name="kind_known"),
        sa.CheckConstraint(in_values("unit", Unit), name="unit_known"),
        sa.CheckConstraint(
            f"price_cents BETWEEN 1 AND {MAX_CENTS}", name="price_sensible"
        ),
        sa.CheckConstraint(
            "(premium_category IS NULL AND premium_kind IS NULL"
            " AND premium_cents IS NULL AND premium_as_of IS NULL)"
            " OR (premium_category IS NOT NULL AND premium_kind IS NOT NULL"
            " AND premium_cents IS NOT NULL AND premium_as_of IS NOT NULL)",
            name="premium_whole",
        ),
        sa.CheckConstraint(
            f"premium_category IS NULL OR {in_values('premium_category', Premium)}",
            name="premium_known",
        ),
        sa.CheckConstraint(
            f"premium_kind IS NULL OR {in_values('premium_kind', PremiumKind)}",
            name="premium_kind_known",
        ),
        sa.CheckConstraint(
            f"premium_cents IS NULL OR premium_cents BETWEEN 1 AND {MAX_CENTS}",
            name="premium_sensible",
        ),
        #: at most one procured offer per group
        sa.Index(
            "uq_group_offers_procured",
            "group_id",
            unique=True,
            sqlite_where=sa.text("kind = 'procured'"),
            postgresql_where=sa.text("kind = 'procured'"),
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    group_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("purchase_groups.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    contractor: so.Mapped[str] = so.mapped_column(sa.String(120))
    unit: so.Mapped[str] = so.mapped_column(sa.String(8))
    price_cents: so.Mapped[int]
    included: so.Mapped[str] = so.mapped_column(sa.String(2000), default="")
    conditions: so.Mapped[str] = so.mapped_column(sa.String(2000), default="")
    valid_until: so.Mapped[date]
    #: staff's estimate of the Mijn VerbouwPremie, and the day it is from
    premium_category: so.Mapped[str | None] = so.mapped_column(sa.String(24))
    premium_kind: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    premium_cents: so.Mapped[int | None]
    premium_as_of: so.Mapped[date | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    group: so.Mapped[PurchaseGroup] = so.relationship()


class MunicipalityStreet(db.Model):
    """A street of the municipality's own street list."""

    __tablename__ = "municipality_streets"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "key", name="uq_municipality_streets"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    #: the name in canonical form (groups.logic.listed_street_key)
    key: so.Mapped[str] = so.mapped_column(sa.String(160))


class StreetList(db.Model):
    """When a municipality last loaded its street list; the version moves on
    each upload, so what shows the list (a phone's type-ahead) is made anew."""

    __tablename__ = "street_lists"

    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    version: so.Mapped[int] = so.mapped_column(default=1)
    uploaded_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class StreetDecision(db.Model):
    """Staff's decision on a typed street that is not clearly a listed one:
    it is this listed street, or (street_id NULL) not in the list. It holds
    for every sign-up whose street has the same typed key."""

    __tablename__ = "street_decisions"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "typed_key", name="uq_street_decisions"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    #: groups.logic.typed_street_key of the typed street
    typed_key: so.Mapped[str] = so.mapped_column(sa.String(160))
    street_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("municipality_streets.id", ondelete="CASCADE")
    )
    decided_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
