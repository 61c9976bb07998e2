"""Residents sign up with consent; staff see groups and export consented lists."""

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.exports.models import AuditIsAppendOnly, ExportAudit
from app.extensions import db
from app.groups import services as groups
from app.groups.models import PurchaseGroup, Signup
from app.meetings import services as meetings
from app.timeutil import utcnow
from tests.support.signups import SIGNUP, private_link, sign_up, sign_up_street
from tests.support.web import join, login, post


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signup))


def test_nothing_is_ticked_beforehand(client, signup_meeting):
    join(client, signup_meeting)
    html = client.get(f"/m/{signup_meeting.code}/step").get_data(as_text=True)
    for name in ("consent_contact", "consent_share_contractor", "consent_news"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert "checked" not in tag
    assert 'hx-history="false"' in html


def test_sign_up_needs_consent_and_a_way_to_reach(client, signup_meeting):
    join(client, signup_meeting)
    no_consent = sign_up(client, signup_meeting, consent_contact="")
    assert no_consent.status_code == 422
    assert "Zonder dit kunnen we je niet toevoegen" in no_consent.get_data(as_text=True)
    assert sign_up(client, signup_meeting, email="").status_code == 422
    assert sign_up(client, signup_meeting, measures=[]).status_code == 422
    assert sign_up(client, signup_meeting, measures=["rocket"]).status_code == 422
    assert _count() == 0
    response = sign_up(client, signup_meeting)
    assert response.status_code == 200
    signup = db.session.scalars(sa.select(Signup)).one()
    assert signup.consent_contact and not signup.consent_news
    assert signup.consent_version and signup.consented_at
    assert signup.measure_keys == {"ext_wall_ins", "glazing"}
    token = private_link(response).rsplit("/", 1)[1]
    assert len(token) >= 22 and token not in signup.manage_token_hash
    assert "participant" not in " ".join(Signup.__table__.columns.keys())


def test_private_link_shows_changes_and_withdraws(client, new_client, signup_meeting):
    join(client, signup_meeting)
    link = private_link(sign_up(client, signup_meeting))
    owner = new_client()
    page = owner.get(link)
    assert page.status_code == 200 and "An Peeters" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]
    assert _count() == 1  # GET deletes nothing
    changed = post(owner, link, {**SIGNUP, "horizon": "5y", "measures": ["pv"]})
    assert changed.status_code == 302
    assert db.session.scalars(sa.select(Signup)).one().horizon == "5y"
    assert post(owner, f"{link}/withdraw").status_code == 200
    assert _count() == 0
    assert owner.get(link).status_code == 404
    assert post(owner, f"{link}/withdraw").status_code == 404
    assert owner.get("/s/" + "x" * 32).status_code == 404


def test_groups_become_viable_and_exports_hold_consented_rows(
    client, new_client, signup_meeting, make_user
):
    links = sign_up_street(
        new_client,
        signup_meeting,
        8,
        email="",
        phone="0475 12 34 56",
        name='=HYPERLINK("http://x")',
    )
    group = db.session.scalars(
        sa.select(PurchaseGroup).where(PurchaseGroup.measure_key == "glazing")
    ).one()
    assert (group.size, group.status) == (8, "viable")
    post(new_client(), f"{links[0]}/withdraw")
    db.session.refresh(group)
    assert (group.size, group.status) == (7, "forming")

    staff = make_user(role="staff")
    staff.municipality.locale = "fr"
    db.session.commit()
    login(client, staff)
    response = client.get(f"/municipality/export/contacts.csv?group={group.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(
        csv.reader(
            io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"
        )
    )
    assert rows[0][:3] == ["Nom", "E-mail", "Numéro de téléphone"]
    assert len(rows) == 1 + 7
    assert all(row[0].startswith("'=") for row in rows[1:])
    assert {row[4] for row in rows[1:]} == {
        str(i) for i in range(2, 9)
    }  # the withdrawn one is gone
    audit = db.session.scalars(sa.select(ExportAudit)).one()
    assert (audit.user_email, audit.rows, audit.file_format) == (staff.email, 7, "csv")


def test_xlsx_export_opens_row_by_row(client, new_client, signup_meeting, make_user):
    sign_up_street(new_client, signup_meeting, 3)
    login(client, make_user(role="admin"))
    response = client.get("/municipality/export/contacts.xlsx?measure=glazing")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][0] == "Naam" and len(values) == 4
    assert [row[0] for row in values[1:]] == ["Bewoner 0", "Bewoner 1", "Bewoner 2"]
    english = client.get("/municipality/export/contacts.xlsx?street=KERKSTRAAT&lang=en")
    values = list(load_workbook(io.BytesIO(english.data)).active.values)
    assert values[0][:2] == ("Name", "E-mail") and len(values) == 4
    lekp = client.get("/municipality/export/lekp.csv").get_data(as_text=True)
    assert "Nieuwe ramen en beglazing" in lekp and "An Peeters" not in lekp
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExportAudit)) == 3


def test_other_municipality_and_facilitators_get_404(
    client, new_client, signup_meeting, make_user
):
    sign_up_street(new_client, signup_meeting, 2)
    group = db.session.scalars(sa.select(PurchaseGroup)).first()
    login(client, make_user(role="staff", municipality="Aalst"))
    assert (
        client.get(f"/municipality/export/contacts.csv?group={group.id}").status_code
        == 404
    )
    assert (
        post(
            client, f"/municipality/groups/{group.id}/status", {"status": "closed"}
        ).status_code
        == 404
    )
    everyone = client.get("/municipality/export/contacts.csv").get_data(as_text=True)
    assert "Bewoner" not in everyone
    facilitator = new_client()
    login(facilitator, signup_meeting.facilitator)
    assert facilitator.get("/municipality/export/contacts.xlsx").status_code == 404
    assert facilitator.get("/municipality").status_code == 404


def test_staff_move_a_group_to_tendering_and_set_thresholds(
    client, new_client, signup_meeting, make_user
):
    sign_up_street(new_client, signup_meeting, 3)
    login(client, make_user(role="staff"))
    post(client, "/municipality/thresholds", {"measure": "glazing", "households": "3"})
    group = db.session.scalars(
        sa.select(PurchaseGroup).where(PurchaseGroup.measure_key == "glazing")
    ).one()
    assert (group.threshold, group.status) == (3, "viable")
    post(client, f"/municipality/groups/{group.id}/status", {"status": "tendering"})
    db.session.refresh(group)
    assert group.status == "tendering"
    bad = post(
        client, "/municipality/thresholds", {"measure": "glazing", "households": "1"}
    )
    assert bad.status_code == 303
    html = client.get("/municipality").get_data(as_text=True)
    assert f'id="group-{group.id}" data-status="tendering" data-size="3"' in html


def test_audit_rows_cannot_be_changed_or_deleted(client, make_user):
    login(client, make_user(role="staff"))
    client.get("/municipality/export/lekp.csv")
    row = db.session.scalars(sa.select(ExportAudit)).one()
    row.rows = 999
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditIsAppendOnly):
        db.session.delete(db.session.scalars(sa.select(ExportAudit)).one())
        db.session.flush()
    db.session.rollback()
    # staff may read the trail (GET); no route takes a change to it
    writes = [
        r.rule
        for r in client.application.url_map.iter_rules()
        if "audit" in r.rule and r.methods - {"GET", "HEAD", "OPTIONS"}
    ]
    assert writes == []


def test_retention_deletes_exactly_the_expired_signups(app, new_client, signup_meeting):
    sign_up_street(new_client, signup_meeting, 3)
    rows = db.session.scalars(sa.select(Signup).order_by(Signup.id)).all()
    now = utcnow()
    rows[0].updated_at = now - timedelta(days=366)
    rows[1].updated_at = now - timedelta(days=364)
    db.session.commit()
    assert groups.purge_expired(now=now) == 1
    db.session.commit()
    assert [
        s.name for s in db.session.scalars(sa.select(Signup).order_by(Signup.id))
    ] == ["Bewoner 1", "Bewoner 2"]
    assert groups.purge_expired(now=now) == 0
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "Removed 0" in result.output


def test_retention_follows_each_municipality_to_the_second(
    app, new_client, signup_meeting, make_meeting, make_user
):
    elsewhere = make_meeting(make_user(municipality="Brugge"), steps=())
    step = meetings.add_step(elsewhere, kind="groups", title="Samen aankopen")
    meetings.change_step(elsewhere, step, "open")
    elsewhere.municipality.signup_retention_days = 30
    db.session.commit()
    sign_up_street(new_client, signup_meeting, 2)
    sign_up_street(new_client, elsewhere, 2)
    frozen = utcnow()
    ages = {  # name -> age at the frozen moment
        ("Gent", "Bewoner 0"): timedelta(days=365, seconds=1),
        ("Gent", "Bewoner 1"): timedelta(days=365, seconds=-1),
        ("Brugge", "Bewoner 0"): timedelta(days=30, seconds=1),
        ("Brugge", "Bewoner 1"): timedelta(days=29),
    }
    for signup in db.session.scalars(sa.select(Signup)):
        signup.updated_at = frozen - ages[(signup.municipality.name, signup.name)]
    db.session.commit()

    assert groups.purge_expired(now=frozen) == 2
    db.session.commit()
    kept = {
        (s.municipality.name, s.name) for s in db.session.scalars(sa.select(Signup))
    }
    assert kept == {("Gent", "Bewoner 1"), ("Brugge", "Bewoner 1")}
    sizes = sorted(g.size for g in db.session.scalars(sa.select(PurchaseGroup)))
    assert sum(sizes) == 2 * len(SIGNUP["measures"])  # groups follow at once
    assert groups.purge_expired(now=frozen) == 0  # a second run changes nothing
    db.session.commit()
    assert len(db.session.scalars(sa.select(Signup)).all()) == 2
