"""Store bill entries anonymously, release noisy histograms on reveal, show them."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.bills import logic, privacy
from app.bills.models import KIND, BillEntry, BillParticipation, BillRelease
from app.extensions import db
from app.meetings.models import Meeting, Participant, Step

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


def _rho_by_step(meeting_id: int) -> dict[int, float]:
    """Return what each bill step of a meeting spent (one release's rho)."""
    rows = db.session.execute(
        sa.select(BillRelease.step_id, sa.func.max(BillRelease.rho))
        .join(Step, Step.id == BillRelease.step_id)
        .where(Step.meeting_id == meeting_id)
        .group_by(BillRelease.step_id)
    ).all()
    return dict(rows)


def step_budget(step: Step) -> float:
    """Return the rho this step's releases spend per figure: 0 when none is left.

    A step keeps the share it took at its first release; every entry is in one
    release only, so later releases of the step add nothing for a household.
    """
    spent = _rho_by_step(step.meeting_id)
    if step.id in spent:
        return spent[step.id]
    unreleased = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Step)
        .where(Step.meeting_id == step.meeting_id, Step.kind == KIND)
    ) - len(spent)
    return privacy.step_rho(sum(spent.values()), max(unreleased, 1))


def release(step: Step) -> bool:
    """Release the waiting entries as noisy histograms when enough came in."""
    _released, waiting = counts(step)
    rho = step_budget(step)
    if not logic.can_release(waiting) or rho <= 0:
        return False
    release_no = (
        db.session.scalar(
            sa.select(sa.func.max(BillEntry.release_no)).where(
                BillEntry.step_id == step.id
            )
        )
        or 0
    ) + 1
    rows = db.session.scalars(
        sa.select(BillEntry).where(
            BillEntry.step_id == step.id, BillEntry.release_no.is_(None)
        )
    ).all()
    noisy, spent = privacy.release((_as_entry(r) for r in rows), rho)
    db.session.add_all(
        BillRelease(
            step_id=step.id,
            release_no=release_no,
            figure=figure,
            counts=histogram,
            rho=spent,
        )
        for figure, histogram in noisy.items()
    )
    for row in rows:
        row.release_no = release_no
    db.session.flush()
    logger.info("Released %s bill entries on step %s", len(rows), step.id)
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


def _summed(
    where: sa.ColumnElement, key: sa.ColumnElement
) -> dict[object, dict[str, list[int]]]:
    """Return the released noisy histograms added up per key and figure."""
    rows = db.session.execute(
        sa.select(key, BillRelease.figure, BillRelease.counts)
        .join(Step, Step.id == BillRelease.step_id)
        .join(Meeting, Meeting.id == Step.meeting_id)
        .where(where)
    ).all()
    parts: dict[object, dict[str, list[list[int]]]] = {}
    for group, figure, noisy in rows:
        parts.setdefault(group, {}).setdefault(figure, []).append(noisy)
    return {
        group: {figure: logic.add_counts(hs) for figure, hs in figures.items()}
        for group, figures in parts.items()
    }


def _released_entries(where: sa.ColumnElement, key: sa.ColumnElement) -> dict:
    rows = db.session.execute(
        sa.select(key, sa.func.count())
        .select_from(BillEntry)
        .join(Step, Step.id == BillEntry.step_id)
        .join(Meeting, Meeting.id == Step.meeting_id)
        .where(where, BillEntry.release_no.is_not(None))
        .group_by(key)
    ).all()
    return dict(rows)


def released_picture(step: Step) -> logic.Picture | None:
    """Return the group picture of the released entries on a step."""
    where = Step.id == step.id
    households = _released_entries(where, Step.id).get(step.id, 0)
    return logic.picture(households, _summed(where, Step.id).get(step.id, {}))


def municipality_pictures(municipality_id: int) -> list[tuple[str, object]]:
    """Return each neighbourhood's released picture, only with ≥10 households."""
    from app.accounts.models import Neighbourhood

    where = sa.and_(Meeting.municipality_id == municipality_id, Step.kind == KIND)
    key = Meeting.neighbourhood_id
    households = _released_entries(where, key)
    noisy = _summed(where, key)
    names = dict(
        db.session.execute(
            sa.select(Neighbourhood.id, Neighbourhood.name).where(
                Neighbourhood.id.in_(households)
            )
        ).all()
    )
    cells = [
        (
            names[group],
            logic.picture(n, noisy.get(group, {}), minimum=logic.MIN_GROUP_OUTSIDE),
        )
        for group, n in households.items()
    ]
    return sorted(cells, key=lambda cell: cell[0])


def respondents(step: Step) -> set[int]:
    """Return the households that entered their bill on the step (the
    everyone-counted meter's count; which bill is whose is never known)."""
    return set(
        db.session.scalars(
            sa.select(BillParticipation.participant_id).where(
                BillParticipation.step_id == step.id
            )
        )
    )
