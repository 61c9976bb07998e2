"""Meeting, its agenda of steps, and the anonymous phones that joined it."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.accounts.models import Municipality, Neighbourhood, User
from app.extensions import db
from app.meetings.logic import Stance
from app.timeutil import utcnow


class StepState(enum.StrEnum):
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class Tenure(enum.StrEnum):
    OWNER = "owner"
    TENANT = "tenant"
    SOCIAL_TENANT = "social_tenant"
    LANDLORD = "landlord"


class Dwelling(enum.StrEnum):
    APARTMENT = "apartment"
    ROW_HOUSE = "row_house"
    SEMI_DETACHED = "semi_detached"
    DETACHED = "detached"


def in_values(column: str, values: type[enum.StrEnum]) -> str:
    """Return a CHECK expression that keeps a column within an enum's values."""
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    municipality_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    neighbourhood_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("neighbourhoods.id", ondelete="RESTRICT"), index=True
    )
    facilitator_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(160))
    held_on: so.Mapped[date]
    place: so.Mapped[str] = so.mapped_column(sa.String(160))
    #: the language the meeting is held in
    locale: so.Mapped[str] = so.mapped_column(sa.String(8))
    #: typed join code, unambiguous alphabet
    code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    #: long random token carried by the QR code
    qr_token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    accepting_joins: so.Mapped[bool] = so.mapped_column(default=True)
    #: a second language for measure names on the projector screen
    screen_second_locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    #: position of the step phones follow now; None before the first step opens
    current_position: so.Mapped[int | None]
    #: bumped on every change phones must follow
    version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality] = so.relationship()
    neighbourhood: so.Mapped[Neighbourhood] = so.relationship()
    facilitator: so.Mapped[User | None] = so.relationship()
    steps: so.Mapped[list["Step"]] = so.relationship(
        back_populates="meeting",
        order_by="Step.position",
        cascade="all, delete-orphan",
    )

    @property
    def current_step(self) -> "Step | None":
        return next(
            (s for s in self.steps if s.position == self.current_position), None
        )

    def __repr__(self) -> str:
        return f"<Meeting {self.id}>"


class Step(db.Model):
    __tablename__ = "steps"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "position"),
        sa.CheckConstraint(in_values("state", StepState), name="state_known"),
        sa.CheckConstraint("position >= 1", name="position_positive"),
        sa.CheckConstraint(
            "countdown_seconds IS NULL OR countdown_seconds > 0",
            name="countdown_positive",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int]
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    title: so.Mapped[str] = so.mapped_column(sa.String(160))
    #: text shown on phones for an info step
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    state: so.Mapped[str] = so.mapped_column(
        sa.String(16), default=StepState.PENDING.value
    )
    #: how long the step's countdown runs from its opening; None: no countdown
    countdown_seconds: so.Mapped[int | None]
    #: whether the step closes by itself when its countdown runs out
    close_at_end: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    #: when the running countdown ends (UTC); None while none runs
    deadline: so.Mapped[datetime | None] = so.mapped_column(index=True)

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="steps")

    def __repr__(self) -> str:
        return f"<Step {self.id} {self.kind} {self.state}>"


class Participant(db.Model):
    """An anonymous phone in one meeting: never a name."""

    __tablename__ = "participants"
    __table_args__ = (
        sa.CheckConstraint(
            f"tenure IS NULL OR {in_values('tenure', Tenure)}", name="tenure_known"
        ),
        sa.CheckConstraint(
            f"dwelling IS NULL OR {in_values('dwelling', Dwelling)}",
            name="dwelling_known",
        ),
        sa.CheckConstraint(
            f"stance IS NULL OR {in_values('stance', Stance)}", name="stance_known"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: hash of the random token kept in the phone's session cookie
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    locale: so.Mapped[str] = so.mapped_column(sa.String(8))
    tenure: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    dwelling: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    street: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    #: capacity and motivation to renovate, asked once in plain words
    stance: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    #: a household without a phone whose answers the facilitator entered
    assisted: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    joined_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    meeting: so.Mapped[Meeting] = so.relationship()

    def __repr__(self) -> str:
        return f"<Participant {self.id}>"
