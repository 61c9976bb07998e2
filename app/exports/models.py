"""The audit trail: append-only, one row per export and per page a partner opens."""

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy import event

from app.extensions import db
from app.meetings.models import in_values
from app.timeutil import utcnow


class AuditKind(enum.StrEnum):
    EXPORT = "export"  #: a file was downloaded
    VIEW = "view"  #: a partner opened a page with groups or households


class ExportAudit(db.Model):
    __tablename__ = "export_audits"
    __table_args__ = (
        sa.CheckConstraint(in_values("kind", AuditKind), name="kind_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True
    )
    #: who exported; kept even if the account is later removed
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    user_email: so.Mapped[str] = so.mapped_column(sa.String(254))
    kind: so.Mapped[str] = so.mapped_column(
        sa.String(8), default=AuditKind.EXPORT.value, server_default="export"
    )
    what: so.Mapped[str] = so.mapped_column(sa.String(200))
    file_format: so.Mapped[str] = so.mapped_column(sa.String(8))
    rows: so.Mapped[int]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class AuditIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(ExportAudit, "before_update")
@event.listens_for(ExportAudit, "before_delete")
def _refuse_change(_mapper, _connection, target) -> None:
    raise AuditIsAppendOnly(f"export audit row {target.id} cannot be changed")
