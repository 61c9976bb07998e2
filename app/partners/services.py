"""The groups of a partner organisation and the households it may see."""

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import PartnerOrganisation
from app.exports import services as exports
from app.exports.logic import Column
from app.exports.services import Scope
from app.extensions import db
from app.groups.models import PurchaseGroup
from app.partners import logic
from app.polls.catalogue import BY_KEY

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SharedGroup:
    """An assigned group as its partner sees it: counted from the households
    that agreed to share alone."""

    id: int
    measure_key: str
    street: str
    horizon: str
    dwelling: str
    status: str
    shared: int
    threshold: int

    @property
    def measure_name(self) -> str:
        entry = BY_KEY.get(self.measure_key)
        return str(entry.name) if entry else self.measure_key


def shared_households(group: PurchaseGroup) -> Iterator[tuple]:
    """Yield (sign-up row, measure keys) of the group's households that agreed
    to share their details with a contractor or partner; no other ever."""
    yield from exports.consented_signups(
        group.municipality_id, Scope.of_group(group, shared=True)
    )


def shared_count(group: PurchaseGroup) -> int:
    return sum(1 for _row in shared_households(group))


def groups_of(organisation_id: int) -> list[SharedGroup]:
    """Return the groups assigned to an organisation, by measure and street."""
    groups = db.session.scalars(
        sa.select(PurchaseGroup)
        .where(PurchaseGroup.partner_id == organisation_id)
        .order_by(
            PurchaseGroup.measure_key,
            PurchaseGroup.street,
            PurchaseGroup.horizon,
            PurchaseGroup.dwelling,
        )
    )
    return [shared_group(group) for group in groups]


def shared_group(group: PurchaseGroup) -> SharedGroup:
    shared = shared_count(group)
    return SharedGroup(
        group.id,
        group.measure_key,
        group.street,
        group.horizon,
        group.dwelling,
        logic.shown_status(group.status, shared, group.threshold),
        shared,
        group.threshold,
    )


def assign(group: PurchaseGroup, organisation: PartnerOrganisation | None) -> None:
    """Give a group to a partner organisation of its municipality, or to none."""
    if organisation is not None and organisation.municipality_id != (
        group.municipality_id
    ):
        raise ValueError("an organisation of another municipality")
    group.partner_id = organisation.id if organisation else None
    db.session.flush()
    logger.info("Group %s now with partner %s", group.id, group.partner_id)


def contact_columns() -> list[Column]:
    """The columns of a partner's download: a staff list without the news
    consent, which is the municipality's own business."""
    return [c for c in exports.contact_columns() if c.header != _("Wants news")]


def contact_rows(group: PurchaseGroup) -> Iterator[list[object]]:
    """Yield the cells of the group's sharing households, in the current language."""
    left_out = [
        at
        for at, column in enumerate(exports.contact_columns())
        if column.header == _("Wants news")
    ]
    words = exports.Words.now()
    for row, measures in shared_households(group):
        cells = exports.contact_row(row, measures, words)
        yield [cell for at, cell in enumerate(cells) if at not in left_out]
