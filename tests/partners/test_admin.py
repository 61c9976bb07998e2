"""Admins add partner organisations and their people on Beheer; a partner's
account stays bound to its organisation, in the forms and in the database."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts import services as accounts
from app.accounts.models import PartnerOrganisation, Role, User
from app.extensions import db
from tests.partners.conftest import make_partner
from tests.support.web import PASSWORD, login, post

NEW_PARTNER = {
    "partner-name": "Sara",
    "partner-email": "sara@energiehuis.be",
    "partner-password": "lang-genoeg-123",
}


def _users() -> list[tuple]:
    return db.session.execute(
        sa.select(User.email, User.role, User.partner_id).order_by(User.id)
    ).all()


def test_admin_adds_an_organisation_and_someone_of_it(client, new_client, make_user):
    admin = make_user(role="admin")
    login(client, admin)
    assert "partner-email" not in client.get("/admin").text  # no organisation yet
    response = post(client, "/admin", {"org-name": "Energiehuis Gent"})
    assert response.status_code == 302
    organisation = db.session.scalars(sa.select(PartnerOrganisation)).one()
    assert organisation.municipality_id == admin.municipality_id
    response = post(
        client, "/admin", {**NEW_PARTNER, "partner-organisation": str(organisation.id)}
    )
    assert response.status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    assert "sara@energiehuis.be" in page and "Energiehuis Gent" in page
    user = accounts.user_by_email("sara@energiehuis.be")
    assert (user.role, user.partner_id) == (Role.PARTNER, organisation.id)
    sara = new_client()
    logged_in = post(
        sara,
        "/login",
        {"email": "sara@energiehuis.be", "password": NEW_PARTNER["partner-password"]},
    )
    assert logged_in.headers["Location"].endswith("/partner")
    assert sara.get("/partner").status_code == 200
    assert sara.get("/meetings").status_code == 404


@pytest.mark.parametrize("organisation", ["", "abc", "999", "-1"])
def test_a_partner_account_needs_an_organisation_of_the_town(
    client, make_user, organisation
):
    admin = make_user(role="admin")
    make_partner(admin.municipality, "Energiehuis", "coach@energiehuis.be")
    brugge = make_partner(
        make_user(role="admin", municipality="Brugge").municipality,
        "Energiehuis Brugge",
        "coach@brugge.be",
    )
    login(client, admin)
    before = _users()
    for choice in (organisation, str(brugge.partner_id)):
        response = post(
            client, "/admin", {**NEW_PARTNER, "partner-organisation": choice}
        )
        assert response.status_code == 422
        assert 'class="error"' in response.get_data(as_text=True)
        assert _users() == before


def test_a_staff_account_cannot_be_made_a_partner_nor_a_partner_staff(
    client, make_user
):
    admin = make_user(role="admin")
    staff = make_user(role="staff")
    partner = make_partner(admin.municipality, "Energiehuis", "coach@energiehuis.be")
    login(client, admin)
    before = _users()
    for user, role in ((staff, "partner"), (partner, "staff"), (partner, "admin")):
        response = post(
            client,
            f"/admin/users/{user.id}",
            {f"u{user.id}-role": role, f"u{user.id}-active": "y"},
        )
        assert response.status_code == 422
        assert _users() == before
    turned_off = post(
        client, f"/admin/users/{partner.id}", {f"u{partner.id}-role": "partner"}
    )
    assert turned_off.status_code == 302
    assert db.session.get(User, partner.id).active is False


def test_the_database_binds_a_partner_to_an_organisation(make_user):
    staff = make_user(role="staff")
    organisation = accounts.organisation_named(staff.municipality, "Energiehuis")
    db.session.commit()
    for role, partner_id in (("partner", None), ("staff", organisation.id)):
        db.session.add(
            User(
                email=f"{role}@example.be",
                name=role,
                password_hash="x",
                role=role,
                municipality_id=staff.municipality_id,
                partner_id=partner_id,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_an_account_cannot_join_another_towns_organisation(make_user):
    gent = make_user(role="admin").municipality
    brugge = accounts.organisation_named(
        make_user(role="admin", municipality="Brugge").municipality, "Energiehuis"
    )
    with pytest.raises(accounts.NotThisOrganisation):
        accounts.create_user(
            gent,
            name="X",
            email="x@example.be",
            password=PASSWORD,
            role="partner",
            partner=brugge,
        )
    with pytest.raises(accounts.NotThisOrganisation):
        accounts.create_user(
            gent, name="Y", email="y@example.be", password=PASSWORD, role="partner"
        )
