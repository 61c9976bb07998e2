"""A purchase group's offers and its households' statuses, for staff to follow up.

Households carry the contact data the contact export carries (consented
sign-ups only); withdrawn sign-ups no longer exist, so they are never in it.
"""

from collections.abc import Iterator

from flask_babel import gettext as _

from app.exports.logic import MOMENT, Column
from app.exports.services import Words, _phone
from app.groups import formats, logic, progress
from app.groups.models import GroupOffer, PurchaseGroup
from app.groups.progress_labels import (
    DROP_REASON_LABELS,
    HOUSEHOLD_STATUS_LABELS,
    OFFER_KIND_LABELS,
    PER_UNIT_LABELS,
    PREMIUM_KIND_LABELS,
    PREMIUM_LABELS,
    UNIT_LABELS,
)


def _words(labels) -> dict[str, str]:
    return {str(k): str(v) for k, v in labels.items()}


def offer_columns() -> list[Column]:
    return [
        Column(_("Kind of offer"), width=14, widest=30),
        Column(_("Contractor"), width=18, widest=40),
        Column(_("Price in euro, VAT included"), width=12),
        Column(_("Price per"), width=10),
        Column(_("What is included"), width=24, widest=60),
        Column(_("Valid until"), width=11),
        Column(_("Expired"), width=7),
        Column(_("Conditions"), width=24, widest=60),
        Column(_("Mijn VerbouwPremie category"), width=16, widest=30),
        Column(_("Premium estimate"), width=12, widest=30),
        Column(_("Premium estimate in euro"), width=12),
        Column(_("Estimate as of"), width=11),
        Column(_("Last changed"), MOMENT, width=16),
    ]


def offer_rows(offers: list[GroupOffer], words: Words) -> Iterator[list[object]]:
    today = progress.today()
    kinds, per_unit = _words(OFFER_KIND_LABELS), _words(PER_UNIT_LABELS)
    premiums, premium_kinds = _words(PREMIUM_LABELS), _words(PREMIUM_KIND_LABELS)
    for offer in offers:
        yield [
            kinds.get(offer.kind, offer.kind),
            offer.contractor,
            formats.euros(offer.price_cents),
            per_unit.get(offer.unit, offer.unit),
            offer.included,
            offer.valid_until.isoformat(),
            words.flag(not logic.offer_open(offer.valid_until, today)),
            offer.conditions,
            premiums.get(offer.premium_category or "", ""),
            premium_kinds.get(offer.premium_kind or "", ""),
            formats.euros(offer.premium_cents) if offer.premium_cents else "",
            offer.premium_as_of.isoformat() if offer.premium_as_of else "",
            offer.updated_at,
        ]


def household_columns() -> list[Column]:
    return [
        Column(_("Name"), width=18, widest=32),
        Column(_("E-mail"), width=22, widest=44),
        Column(_("Phone number"), width=17),
        Column(_("Street"), width=16, widest=30),
        Column(_("House number"), width=7),
        Column(_("Status"), width=14, widest=30),
        Column(_("Reason for stopping"), width=14, widest=30),
        Column(_("Changed by the resident"), width=8),
        Column(_("Size of the home"), width=9),
        Column(_("Unit"), width=8),
        Column(_("Offer"), width=18, widest=40),
        Column(_("Indicative total"), width=12),
        Column(_("May be passed to the contractor"), width=10),
        Column(_("Last changed"), MOMENT, width=16),
    ]


def household_rows(
    group: PurchaseGroup,
    offers: list[GroupOffer],
    words: Words,
    *,
    shared_only: bool = False,
) -> Iterator[list[object]]:
    statuses, reasons = _words(HOUSEHOLD_STATUS_LABELS), _words(DROP_REASON_LABELS)
    units = _words(UNIT_LABELS)
    by_id = {offer.id: offer for offer in offers}
    unit = logic.unit_of(group.measure_key)
    for signup, household in progress.members(group, shared_only=shared_only):
        if not signup.consent_contact:
            continue
        offer = by_id.get(household.offer_id)
        shown = (
            offer
            and logic.indication(
                offer.price_cents,
                logic.home_quantity(offer.unit, household.quantity_tenths),
            )
        ) or None
        yield [
            signup.name,
            signup.email,
            _phone(signup.phone),
            signup.street,
            signup.house_number,
            statuses.get(household.status, household.status),
            reasons.get(household.drop_reason or "", ""),
            words.flag(household.changed_by == logic.Actor.RESIDENT),
            formats.quantity(household.quantity_tenths)
            if household.quantity_tenths
            else "",
            units.get(unit, unit),
            offer.contractor if offer else "",
            formats.whole_euros(shown.total) if shown else "",
            words.flag(signup.consent_share_contractor),
            household.updated_at,
        ]
