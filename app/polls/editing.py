"""A poll step's content as its configuration form holds it: prefilled to edit
the step, carried by duplicates and agenda templates, replaced while nobody
answered."""

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.meetings.models import Step
from app.polls import services
from app.polls.models import PollAnswer, PollMeasure

LOCKED = _l(
    "Households have answered this poll, so its measures can no longer change."
    " Its title, text and countdown still can."
)


def config_data(step: Step) -> dict:
    measures = services.measures_of(step)
    return {
        "measures": [m.catalogue_key for m in measures if m.catalogue_key],
        "custom_measures": "\n".join(m.custom_name for m in measures if m.custom_name),
    }


def has_answers(step: Step) -> bool:
    return (
        db.session.scalar(
            sa.select(PollAnswer.id)
            .join(PollMeasure, PollMeasure.id == PollAnswer.measure_id)
            .where(PollMeasure.step_id == step.id)
            .limit(1)
        )
        is not None
    )


def replace_measures(step: Step, form) -> None:
    """Give the step the form's measures instead of its own (no answers yet)."""
    db.session.execute(sa.delete(PollMeasure).where(PollMeasure.step_id == step.id))
    custom = (form.custom_measures.data or "").splitlines()
    services.create_measures(step, form.measures.data or [], custom)
