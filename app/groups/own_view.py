"""What a household's private link page shows per measure: its status, the
group's offers side by side with a total for its own home, and what it may do."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.groups import logic, progress
from app.groups.logic import RESIDENT_MOVES, HouseholdStatus, Indication
from app.groups.models import GroupOffer, PurchaseGroup, Signup, SignupMeasure
from app.groups.progress_labels import (
    DROP_REASON_LABELS,
    HOUSEHOLD_STATUS_LABELS,
    OFFER_KIND_LABELS,
    PER_UNIT_LABELS,
    PREMIUM_LABELS,
    QUANTITY_QUESTIONS,
    UNIT_LABELS,
)
from app.groups.services import group_street_of
from app.polls.catalogue import BY_KEY

#: the words the page's offers part reads, as template names
LABELS = {
    "status_labels": HOUSEHOLD_STATUS_LABELS,
    "reason_labels": DROP_REASON_LABELS,
    "offer_kinds": OFFER_KIND_LABELS,
    "per_unit": PER_UNIT_LABELS,
    "unit_labels": UNIT_LABELS,
    "premium_labels": PREMIUM_LABELS,
    "quantity_questions": QUANTITY_QUESTIONS,
}


@dataclass(frozen=True)
class OfferView:
    offer: GroupOffer
    expired: bool
    indication: Indication | None  #: None while the home's size is not known
    chosen: bool
    can_accept: bool


@dataclass
class MeasureView:
    key: str
    name: str
    household: SignupMeasure
    unit: str
    offers: list[OfferView] = field(default_factory=list)
    can_visit: bool = False
    can_decline: bool = False
    errors: dict = field(default_factory=dict)  #: a refused form's field errors

    @property
    def asks_size(self) -> bool:
        return self.unit != logic.Unit.HOME


def _groups(signup: Signup) -> dict[str, PurchaseGroup]:
    """Return the stored group of each of the sign-up's measures, in one query."""
    return {
        group.measure_key: group
        for group in db.session.scalars(
            sa.select(PurchaseGroup).where(
                PurchaseGroup.municipality_id == signup.municipality_id,
                PurchaseGroup.street == group_street_of(signup),
                PurchaseGroup.horizon == signup.horizon,
                PurchaseGroup.dwelling == (signup.dwelling or ""),
                PurchaseGroup.measure_key.in_(sorted(signup.measure_keys)),
            )
        )
    }


def own_measures(signup: Signup, errors: dict | None = None) -> list[MeasureView]:
    """Return the sign-up's measures as its page shows them (two queries)."""
    groups = _groups(signup)
    offers = progress.offers_of([g.id for g in groups.values()])
    today = progress.today()
    views = []
    for household in signup.measures:
        key, status = household.measure_key, household.status
        group = groups.get(key)
        unit = logic.unit_of(key)
        view = MeasureView(
            key=key,
            name=str(BY_KEY[key].name) if key in BY_KEY else key,
            household=household,
            unit=unit,
            can_visit=status in RESIDENT_MOVES[HouseholdStatus.VISIT_PLANNED],
            can_decline=status in RESIDENT_MOVES[HouseholdStatus.DROPPED],
            errors=(errors or {}).get(key, {}),
        )
        may_accept = status in RESIDENT_MOVES[HouseholdStatus.OFFER_ACCEPTED]
        for offer in offers.get(group.id, []) if group else []:
            expired = not logic.offer_open(offer.valid_until, today)
            chosen = household.offer_id == offer.id
            accepted = status == HouseholdStatus.OFFER_ACCEPTED
            view.offers.append(
                OfferView(
                    offer=offer,
                    expired=expired,
                    indication=logic.indication(
                        offer.price_cents,
                        logic.home_quantity(offer.unit, household.quantity_tenths),
                        premium_kind=offer.premium_kind,
                        premium_cents=offer.premium_cents,
                    ),
                    chosen=chosen,
                    can_accept=not expired
                    and not (chosen and accepted)
                    and (may_accept or accepted),
                )
            )
        views.append(view)
    return views
