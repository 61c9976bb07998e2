"""A street whose households signed up for one measure, its purchase group and
offers on it, as staff make them."""

from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.groups import progress
from app.groups.logic import parse_euros
from app.groups.models import PurchaseGroup, Signup, SignupMeasure


def group_for(measure: str = "ext_wall_ins", street: str = "kerkstraat"):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(PurchaseGroup).where(
            PurchaseGroup.measure_key == measure,
            PurchaseGroup.street == street,
            PurchaseGroup.size > 0,
        )
    ).one()


def offer_data(**changes) -> dict:
    """What staff type into the offer form."""
    valid = progress.today() + timedelta(days=60)
    return {
        "kind": "quote",
        "contractor": "Gevel & Co",
        "price": "95,50",
        "unit": "m2",
        "included": "Isolatie 14 cm, pleister, stelling",
        "valid_until": valid.isoformat(),
        "conditions": "Voorschot 20%",
        "premium_category": "wall_insulation",
        "premium_kind": "per_unit",
        "premium_amount": "20",
        "premium_as_of": progress.today().isoformat(),
        **changes,
    }


def add_offer(group, **changes):
    """Store an offer as the form would (through the one service)."""
    data = offer_data(**changes)
    stored = {
        "kind": data["kind"],
        "contractor": data["contractor"],
        "unit": data["unit"],
        "price_cents": parse_euros(data["price"]),
        "included": data["included"],
        "conditions": data["conditions"],
        "valid_until": date.fromisoformat(data["valid_until"]),
        "premium_category": data["premium_category"] or None,
        "premium_kind": data["premium_kind"] if data["premium_category"] else None,
        "premium_cents": int(data["premium_amount"]) * 100
        if data["premium_category"]
        else None,
        "premium_as_of": date.fromisoformat(data["premium_as_of"])
        if data["premium_category"]
        else None,
    }
    offer = progress.save_offer(group, stored)
    db.session.commit()
    return offer


def households(measure: str) -> dict[str, SignupMeasure]:
    """Return each household of a measure by its resident's name."""
    db.session.expire_all()
    return {
        signup.name: household
        for signup, household in db.session.execute(
            sa.select(Signup, SignupMeasure)
            .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
            .where(SignupMeasure.measure_key == measure)
        )
    }
