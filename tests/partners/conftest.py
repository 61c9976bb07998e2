"""Two towns, a partner organisation of the first with one group given to it,
and households in that group that did and did not agree to share."""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from app.accounts import services as accounts
from app.extensions import db
from app.groups import services as groups
from app.groups.models import PurchaseGroup
from app.meetings import services as meetings
from tests.groups.conftest import signup_meeting  # noqa: F401 - a shared fixture
from tests.support.signups import sign_up
from tests.support.web import PASSWORD, join, login

SHARING = ("An Peeters", "Bart Claes")  #: agreed to share with a partner
KEEPING = ("Chris Wouters",)  #: did not
KEPT_EMAIL = "chris.wouters@example.be"
KEPT_PHONE = "0470 99 88 77"
KEPT_NUMBER = "77"


@dataclass
class Town:
    staff: object
    admin: object
    partner: object  #: the partner organisation's user
    given: int  #: the group given to the partner (insulation, Kerkstraat)
    other: int  #: a group of the same town it was not given (glazing)
    elsewhere: int  #: a group of another town


def make_partner(town, organisation_name: str, email: str):
    user = accounts.create_user(
        town,
        name=f"Coach of {organisation_name}",
        email=email,
        password=PASSWORD,
        role="partner",
        partner=accounts.organisation_named(town, organisation_name),
    )
    db.session.commit()
    return user


def group_id(municipality_id: int, measure: str, street: str = "kerkstraat") -> int:
    return db.session.scalar(
        sa.select(PurchaseGroup.id).where(
            PurchaseGroup.municipality_id == municipality_id,
            PurchaseGroup.measure_key == measure,
            PurchaseGroup.street == street,
        )
    )


@pytest.fixture
def town(new_client, signup_meeting, make_user, make_meeting):  # noqa: F811
    for number, name in enumerate(SHARING, start=1):
        phone = new_client()
        join(phone, signup_meeting)
        response = sign_up(
            phone,
            signup_meeting,
            name=name,
            email=f"{name.split()[0].lower()}@example.be",
            house_number=str(number),
            consent_share_contractor="y",
        )
        assert response.status_code == 200
    phone = new_client()
    join(phone, signup_meeting)
    response = sign_up(
        phone,
        signup_meeting,
        name=KEEPING[0],
        email=KEPT_EMAIL,
        phone=KEPT_PHONE,
        house_number=KEPT_NUMBER,
    )
    assert response.status_code == 200
    staff = make_user(role="staff")
    admin = make_user(role="admin")
    partner = make_partner(staff.municipality, "Energiehuis", "coach@energiehuis.be")
    given = group_id(staff.municipality_id, "ext_wall_ins")
    db.session.get(PurchaseGroup, given).partner_id = partner.partner_id
    brugge = make_meeting(make_user(role="facilitator", municipality="Brugge"), ())
    groups.create_signup(
        brugge,
        {
            "measures": ["ext_wall_ins"],
            "horizon": "1y",
            "name": "Dirk",
            "email": "dirk@example.be",
            "street": "Kerkstraat",
            "house_number": "3",
            "consent_share_contractor": True,
        },
    )
    db.session.commit()
    return Town(
        staff=staff,
        admin=admin,
        partner=partner,
        given=given,
        other=group_id(staff.municipality_id, "glazing"),
        elsewhere=group_id(brugge.municipality_id, "ext_wall_ins"),
    )


@pytest.fixture
def partner(client, town):
    login(client, town.partner)
    return client


def open_step(meeting):
    meetings.change_step(meeting, meeting.current_step, "open")
    db.session.commit()
