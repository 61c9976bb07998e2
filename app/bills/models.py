"""Bill entries, kept apart from who entered them.

A BillEntry has no participant id, no timestamp and a random key, so nothing
orders or links it to a phone. BillParticipation records only *that* a phone
took part, so it cannot enter twice.
"""

import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.bills.logic import Contract, Heating
from app.extensions import db
from app.meetings.models import Dwelling, in_values

#: the step kind this package registers (app/meetings/kinds.py)
KIND = "bills"


def _random_key() -> str:
    return secrets.token_hex(16)


class BillEntry(db.Model):
    __tablename__ = "bill_entries"
    __table_args__ = (
        sa.CheckConstraint(in_values("heating", Heating), name="heating_known"),
        sa.CheckConstraint(in_values("contract", Contract), name="contract_known"),
        sa.CheckConstraint(
            f"dwelling IS NULL OR {in_values('dwelling', Dwelling)}",
            name="dwelling_known",
        ),
        sa.CheckConstraint(
            "household_size BETWEEN 1 AND 12", name="household_size_range"
        ),
        sa.CheckConstraint(
            "elec_kwh IS NULL OR elec_kwh BETWEEN 0 AND 40000", name="elec_range"
        ),
        sa.CheckConstraint(
            "heat_kwh IS NULL OR heat_kwh BETWEEN 0 AND 100000", name="heat_range"
        ),
        sa.CheckConstraint("advance_eur BETWEEN 0 AND 2000", name="advance_range"),
    )

    #: random, so the key says nothing about the order of entry
    id: so.Mapped[str] = so.mapped_column(
        sa.String(32), primary_key=True, default=_random_key
    )
    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), index=True
    )
    #: which reveal released it; None until then
    release_no: so.Mapped[int | None]
    elec_kwh: so.Mapped[int | None]
    heating: so.Mapped[str] = so.mapped_column(sa.String(16))
    heat_kwh: so.Mapped[int | None]
    advance_eur: so.Mapped[int]
    peak_advance_eur: so.Mapped[int | None]
    contract: so.Mapped[str] = so.mapped_column(sa.String(12))
    #: "YYYY-MM"
    contract_start: so.Mapped[str | None] = so.mapped_column(sa.String(7))
    #: euro per kWh in thousandths, as printed on the bill
    price_millis: so.Mapped[int | None]
    household_size: so.Mapped[int]
    dwelling: so.Mapped[str | None] = so.mapped_column(sa.String(16))


class BillParticipation(db.Model):
    """That a phone entered its bill on a step: nothing more."""

    __tablename__ = "bill_participations"

    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )


class BillRelease(db.Model):
    """One figure's noisy histogram over one batch of entries: all that is shown.

    Stored once at the reveal that made it, so revealing again, another
    language or the municipality's overview never draws new noise.
    """

    __tablename__ = "bill_releases"

    step_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("steps.id", ondelete="CASCADE"), primary_key=True
    )
    release_no: so.Mapped[int] = so.mapped_column(primary_key=True)
    figure: so.Mapped[str] = so.mapped_column(sa.String(24), primary_key=True)
    #: noisy count per public band of the figure (app.bills.logic.SCALES)
    counts: so.Mapped[list[int]] = so.mapped_column(sa.JSON)
    #: privacy loss of this release for one household (zCDP), per figure
    rho: so.Mapped[float]
