"""A household's road through its purchase group, and the group's offers.

`set_household_status` is the one place a status changes and `save_offer` /
`remove_offer` the one place an offer does: each ends in a small hook where
the news to residents is wired (`_status_changed`, `_offer_changed`).
"""

import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.accounts.models import Neighbourhood
from app.extensions import db
from app.groups import logic
from app.groups.logic import Actor, HouseholdStatus, MoveRefused
from app.groups.models import GroupOffer, OfferKind, PurchaseGroup, Signup
from app.groups.models import SignupMeasure as Household
from app.groups.progress_labels import HOUSEHOLD_STATUS_LABELS
from app.groups.services import LISTED_NAME, group_street_of, sync_groups
from app.mail import outbox
from app.meetings.models import Meeting
from app.timeutil import utcnow

logger = logging.getLogger(__name__)
#: what a status move keeps of the offer: the works done came from it
KEEPS_OFFER = frozenset({HouseholdStatus.OFFER_ACCEPTED, HouseholdStatus.WORKS_DONE})


def today() -> date:
    """Return today's date on the residents' and staff's clock."""
    return logic.in_brussels(utcnow()).date()


def _in_group(group: PurchaseGroup) -> list:
    """Return the SQL conditions of a group's households (its street is a key,
    compared in Python: see `members`)."""
    where = [
        Signup.municipality_id == group.municipality_id,
        Signup.horizon == group.horizon,
        Household.measure_key == group.measure_key,
    ]
    if group.dwelling:
        where.append(Signup.dwelling == group.dwelling)
    else:
        where.append(Signup.dwelling.is_(None))
    return where


def members(
    group: PurchaseGroup, *, shared_only: bool = False
) -> list[tuple[Signup, Household]]:
    """Return the group's households with their sign-ups, by house number, in
    one query (the listed street's name read with it); with `shared_only`,
    only those that agreed to share their details with a contractor or
    partner. Withdrawn sign-ups no longer exist."""
    where = _in_group(group)
    if shared_only:
        where.append(Signup.shares_with_partners())
    rows = db.session.execute(
        sa.select(Signup, Household, LISTED_NAME)
        .join(Household, Household.signup_id == Signup.id)
        .where(*where)
        .order_by(Signup.id)
    ).all()
    return sorted(
        (
            (signup, household)
            for signup, household, listed in rows
            if logic.group_street(signup.street, listed) == group.street
        ),
        key=lambda pair: (_number_order(pair[0].house_number), pair[0].id),
    )


def _number_order(house_number: str) -> tuple:
    digits = "".join(c for c in house_number if c.isascii() and c.isdigit())[:9]
    return (int(digits) if digits else 0, house_number)


def group_of(signup: Signup, measure_key: str) -> PurchaseGroup | None:
    """Return the stored group a sign-up's measure belongs to."""
    return db.session.scalar(
        sa.select(PurchaseGroup).where(
            PurchaseGroup.municipality_id == signup.municipality_id,
            PurchaseGroup.measure_key == measure_key,
            PurchaseGroup.street == group_street_of(signup),
            PurchaseGroup.horizon == signup.horizon,
            PurchaseGroup.dwelling == (signup.dwelling or ""),
        )
    )


def offers_of(group_ids) -> dict[int, list[GroupOffer]]:
    """Return the offers per group: the procured one first, then by price."""
    found: dict[int, list[GroupOffer]] = {}
    if not group_ids:
        return found
    for offer in db.session.scalars(
        sa.select(GroupOffer)
        .where(GroupOffer.group_id.in_(list(group_ids)))
        .order_by(
            GroupOffer.group_id,
            GroupOffer.kind != OfferKind.PROCURED.value,
            GroupOffer.price_cents,
            GroupOffer.id,
        )
    ):
        found.setdefault(offer.group_id, []).append(offer)
    return found


def set_household_status(
    household: Household,
    status: str,
    *,
    actor: str,
    reason: str | None = None,
    offer: GroupOffer | None = None,
) -> bool:
    """Move one household to a status; return whether anything changed.

    Raises MoveRefused when the rules (app.groups.logic.check_move) or the
    offer do not allow it. Accepting needs an open offer of its own group
    (staff may record acceptance without one). Nothing is signed: accepting
    records the household's intent, and staff follow it up.
    """
    old = household.status
    changes = logic.check_move(
        actor, household.status, status, reason or None, household.drop_reason
    )
    if status == HouseholdStatus.OFFER_ACCEPTED:
        if offer is None and actor == Actor.RESIDENT:
            raise MoveRefused("offer_needed")
        if offer is not None and not logic.offer_open(offer.valid_until, today()):
            raise MoveRefused("offer_expired")
        if offer is not None and offer.id != household.offer_id:
            changes = True
    if not changes:
        return False
    household.status = status
    household.drop_reason = reason or None
    if status == HouseholdStatus.OFFER_ACCEPTED and offer is not None:
        household.offer_id = offer.id
    elif status not in KEEPS_OFFER:
        household.offer_id = None
    household.changed_by = actor
    household.updated_at = utcnow()
    db.session.flush()
    _status_changed(household, old, actor)
    return True


def _status_changed(household: Household, old: str, actor: str) -> None:
    """A household's status (or chosen offer) just changed: a move by staff is
    news to the household (its own move it sees on its page at once)."""
    if actor == Actor.STAFF and household.status != old:
        outbox.queue_news(
            db.session.get(Signup, household.signup_id),
            "status",
            measure_key=household.measure_key,
            status_label=HOUSEHOLD_STATUS_LABELS[household.status],
        )
    logger.info(
        "Status of sign-up %s for %s: %s -> %s",
        household.signup_id,
        household.measure_key,
        old,
        household.status,
    )


def bulk_status(
    group: PurchaseGroup,
    status: str,
    reason: str | None,
    *,
    signup_ids: set[int] | None = None,
    from_status: str | None = None,
    shared_only: bool = False,
) -> int:
    """Move the chosen households of a group, or all in one status, at once
    (of those `members` returns); return how many changed. The move is
    checked before anything changes."""
    logic.check_move(Actor.STAFF, "", status, reason or None)
    changed = 0
    for _signup, household in members(group, shared_only=shared_only):
        chosen = (
            household.signup_id in signup_ids
            if signup_ids is not None
            else household.status == from_status
        )
        if chosen:
            changed += set_household_status(
                household, status, actor=Actor.STAFF, reason=reason
            )
    return changed


def set_quantity(household: Household, tenths: int | None) -> None:
    """Store the home's own size for its measure (None: not known)."""
    household.quantity_tenths = tenths
    household.updated_at = utcnow()
    db.session.flush()


def leave_measure(signup: Signup, measure_key: str) -> None:
    """Take a household out of one measure's group; its other measures stay."""
    signup.measures = [m for m in signup.measures if m.measure_key != measure_key]
    signup.updated_at = utcnow()
    db.session.flush()
    sync_groups(signup.municipality)
    logger.info("Sign-up %s left the group for %s", signup.id, measure_key)


class OfferRefused(ValueError):
    """An offer the group cannot hold (a second procured one)."""


OFFER_FIELDS = (
    "kind",
    "contractor",
    "unit",
    "price_cents",
    "included",
    "conditions",
    "valid_until",
    "premium_category",
    "premium_kind",
    "premium_cents",
    "premium_as_of",
)


def save_offer(
    group: PurchaseGroup, data: dict, offer: GroupOffer | None = None
) -> GroupOffer:
    """Add an offer to a group, or change one of its offers."""
    if data["kind"] == OfferKind.PROCURED and db.session.scalar(
        sa.select(GroupOffer.id).where(
            GroupOffer.group_id == group.id,
            GroupOffer.kind == OfferKind.PROCURED.value,
            GroupOffer.id != (offer.id if offer else 0),
        )
    ):
        raise OfferRefused("one_procured")
    if offer is None:
        offer = GroupOffer(group_id=group.id)
        db.session.add(offer)
    for name in OFFER_FIELDS:
        setattr(offer, name, data.get(name))
    offer.updated_at = utcnow()
    db.session.flush()
    _offer_changed(group, offer)
    return offer


def remove_offer(group: PurchaseGroup, offer: GroupOffer) -> None:
    """Remove an offer; households that accepted it keep their status, without
    it, for staff to follow up."""
    db.session.execute(
        sa.update(Household).where(Household.offer_id == offer.id).values(offer_id=None)
    )
    db.session.delete(offer)
    db.session.flush()
    db.session.expire_all()
    _offer_changed(group, None)


def _offer_changed(group: PurchaseGroup, offer: GroupOffer | None) -> None:
    """A group's offers just changed (`offer` None: one was removed); its
    households are `members(group)`: each still on the road hears of it."""
    for signup, household in members(group):
        if household.status != HouseholdStatus.DROPPED:
            outbox.queue_news(signup, "offer", measure_key=group.measure_key)
    logger.info("Offers of group %s changed", group.id)


def offer_of_group(group: PurchaseGroup, offer_id: int) -> GroupOffer | None:
    offer = db.session.get(GroupOffer, offer_id)
    return offer if offer is not None and offer.group_id == group.id else None


@dataclass(frozen=True)
class FunnelOverview:
    """Households per status and drop reasons, four ways."""

    by_group: dict
    by_street: dict
    by_measure: dict
    by_neighbourhood: dict


def funnel_overview(municipality_id: int) -> FunnelOverview:
    """Return the funnel per group, street, measure and neighbourhood, from one
    grouped query over the households (and one for the groups' ids)."""
    counted = sa.func.count().label("n")
    per = (
        Signup.street,
        LISTED_NAME,
        Signup.horizon,
        Signup.dwelling,
        Neighbourhood.name,
        Household.measure_key,
        Household.status,
        Household.drop_reason,
    )
    rows = db.session.execute(
        sa.select(*per, counted)
        .join(Household, Household.signup_id == Signup.id)
        .outerjoin(Meeting, Meeting.id == Signup.meeting_id)
        .outerjoin(Neighbourhood, Neighbourhood.id == Meeting.neighbourhood_id)
        .where(Signup.municipality_id == municipality_id)
        .group_by(*per)
    ).all()
    groups = {
        (g.measure_key, g.street, g.horizon, g.dwelling): g.id
        for g in db.session.execute(
            sa.select(
                PurchaseGroup.id,
                PurchaseGroup.measure_key,
                PurchaseGroup.street,
                PurchaseGroup.horizon,
                PurchaseGroup.dwelling,
            ).where(PurchaseGroup.municipality_id == municipality_id)
        )
    }
    keyed = [
        (
            logic.group_street(street, listed),
            horizon,
            dwelling or "",
            area,
            measure,
            status,
            reason,
            n,
        )
        for street, listed, horizon, dwelling, area, measure, status, reason, n in rows
    ]
    return FunnelOverview(
        by_group=logic.funnels(
            (groups.get((m, s, h, d)), st, r, n)
            for s, h, d, _a, m, st, r, n in keyed
            if (m, s, h, d) in groups
        ),
        by_street=logic.funnels((s, st, r, n) for s, _h, _d, _a, _m, st, r, n in keyed),
        by_measure=logic.funnels((m, st, r, n) for *_x, m, st, r, n in keyed),
        by_neighbourhood=logic.funnels(
            (a, st, r, n) for _s, _h, _d, a, _m, st, r, n in keyed
        ),
    )


def works_done_by_neighbourhood(municipality_id: int) -> dict[int | None, int]:
    """Return per neighbourhood id (None: a sign-up whose meeting is gone) the
    households with works done for at least one measure: the LEKP's
    collective renovations, one per home however many measures it did."""
    return dict(
        db.session.execute(
            sa.select(Meeting.neighbourhood_id, sa.func.count(sa.distinct(Signup.id)))
            .join(Household, Household.signup_id == Signup.id)
            .outerjoin(Meeting, Meeting.id == Signup.meeting_id)
            .where(
                Signup.municipality_id == municipality_id,
                Household.status == HouseholdStatus.WORKS_DONE.value,
            )
            .group_by(Meeting.neighbourhood_id)
        ).all()
    )
