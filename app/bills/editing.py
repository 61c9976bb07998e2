"""Whether a bill step was answered: then it stays on the agenda."""

import sqlalchemy as sa

from app.bills.models import BillParticipation
from app.extensions import db
from app.meetings.models import Step


def has_answers(step: Step) -> bool:
    return (
        db.session.scalar(
            sa.select(BillParticipation.step_id)
            .where(BillParticipation.step_id == step.id)
            .limit(1)
        )
        is not None
    )
