"""Store bill entries anonymously, release them on reveal, and summarise."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.bills import logic
from app.bills.models import BillEntry, BillParticipation
from app.extensions import db
from app.meetings.models import Meeting, Participant, Step, StepKind

logger = logging.getLogger(__name__)


def has_entered(step: Step, participant: Participant) -> bool:
    """Return whether this phone already entered its bill on the step."""
    return db.session.get(BillParticipation, (step.id, participant.id)) is not None


def record_entry(step: Step, participant: Participant, figures: dict) -> bool:
    """Store the figures without any link to the phone; False if it entered before.

    The participation row's primary key makes a second entry (a retry, a second
    tab) fail as a whole, so one phone counts once.
    """
    try:
        with db.session.begin_nested():
            db.session.add(
                BillParticipation(step_id=step.id, participant_id=participant.id)
            )
            db.session.add(BillEntry(step_id=step.id, **figures))
            db.session.flush()
    except IntegrityError:
        return False
    logger.info("Bill entry added on step %s", step.id)  # never the figures
    return True


def counts(step: Step) -> tuple[int, int]:
    """Return (released, waiting) numbers of entries on the step."""
    rows = db.session.execute(
        sa.select(BillEntry.release_no.is_(None), sa.func.count())
        .where(BillEntry.step_id == step.id)
        .group_by(BillEntry.release_no.is_(None))
    ).all()
    by_waiting = {bool(waiting): n for waiting, n in rows}
    return by_waiting.get(False, 0), by_waiting.get(True, 0)


def release(step: Step) -> bool:
    """Release the waiting entries when enough came in since the last release."""
    _released, waiting = counts(step)
    if not logic.can_release(waiting):
        return False
    last = db.session.scalar(
        sa.select(sa.func.max(BillEntry.release_no)).where(BillEntry.step_id == step.id)
    )
    db.session.execute(
        sa.update(BillEntry)
        .where(BillEntry.step_id == step.id, BillEntry.release_no.is_(None))
        .values(release_no=(last or 0) + 1)
    )
    logger.info("Released %s bill entries on step %s", waiting, step.id)
    return True


def as_entry(figures: dict) -> logic.Entry:
    """Return the comparison view of stored figures (a row's or a form's)."""
    price = figures["price_millis"]
    return logic.Entry(
        elec_kwh=figures["elec_kwh"],
        heat_kwh=figures["heat_kwh"],
        household_size=figures["household_size"],
        advance_eur=figures["advance_eur"],
        contract=figures["contract"],
        price_eur_kwh=price / 1000 if price is not None else None,
        peak_advance_eur=figures["peak_advance_eur"],
    )


def _as_entry(row: BillEntry) -> logic.Entry:
    return as_entry(vars(row))


def released_summary(step: Step) -> logic.Summary | None:
    """Return the group picture of the released entries on a step."""
    rows = db.session.scalars(
        sa.select(BillEntry).where(
            BillEntry.step_id == step.id, BillEntry.release_no.is_not(None)
        )
    )
    return logic.summarise([_as_entry(r) for r in rows])


def municipality_summaries(
    municipality_id: int,
) -> list[tuple[str, logic.Summary | None]]:
    """Return each neighbourhood's released figures, only with ≥10 households."""
    from app.accounts.models import Neighbourhood

    rows = db.session.execute(
        sa.select(Neighbourhood.name, BillEntry)
        .join(Step, Step.id == BillEntry.step_id)
        .join(Meeting, Meeting.id == Step.meeting_id)
        .join(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
        .where(
            Meeting.municipality_id == municipality_id,
            Step.kind == StepKind.BILLS,
            BillEntry.release_no.is_not(None),
        )
        .order_by(Neighbourhood.name)
    ).all()
    cells: dict[str, list[logic.Entry]] = {}
    for name, entry in rows:
        cells.setdefault(name, []).append(_as_entry(entry))
    return [
        (name, logic.summarise(entries, minimum=logic.MIN_GROUP_OUTSIDE))
        for name, entries in cells.items()
    ]
