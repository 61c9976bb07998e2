"""Whether a sign-up step was answered: then it stays on the agenda."""

import sqlalchemy as sa

from app.extensions import db
from app.groups.models import Signup
from app.meetings.models import Step


def has_answers(step: Step) -> bool:
    """Sign-ups belong to the meeting: any of them keeps its sign-up steps."""
    return (
        db.session.scalar(
            sa.select(Signup.id).where(Signup.meeting_id == step.meeting_id).limit(1)
        )
        is not None
    )
