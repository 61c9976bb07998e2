"""An agenda a municipality's facilitators keep to start meetings from."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Municipality, User
from app.extensions import db
from app.timeutil import utcnow


class AgendaTemplate(db.Model):
    """The steps of an agenda and their content, never answers or phones.

    `steps` is a list of {"kind", "title", "body", "countdown_seconds",
    "close_at_end", "content"}, where content is the kind's configuration form
    data (app/meetings/kinds.py, `config_data`).
    """

    __tablename__ = "agenda_templates"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    steps: so.Mapped[list] = so.mapped_column(sa.JSON)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<AgendaTemplate {self.id}>"
