"""A partner organisation works its own group the way staff do: it attaches
quotes and moves households along the road, sees and moves only those that
agreed to share, downloads only them, and every request is audited."""

import csv
import io

import sqlalchemy as sa

from app.exports.models import ExportAudit
from app.extensions import db
from app.groups.models import Signup
from tests.partners.conftest import KEEPING, KEPT_EMAIL, SHARING
from tests.support.forms import forms_of, submitted
from tests.support.offers import households, offer_data


def _audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(ExportAudit.id)))


def _page(partner, group_id: int) -> str:
    response = partner.get(f"/municipality/groups/{group_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _form(page: str, ending: str) -> dict:
    return next(f for f in forms_of(page) if (f["action"] or "").endswith(ending))


def test_a_partner_sees_only_the_sharing_households_of_its_own_group(partner, town):
    before = _audit_count()
    page = _page(partner, town.given)
    assert all(name in page for name in SHARING)
    assert KEEPING[0] not in page and KEPT_EMAIL not in page
    assert "3 / " not in page  # the group's whole size is not theirs to see
    assert _audit_count() == before + 1
    for other in (town.other, town.elsewhere):
        assert partner.get(f"/municipality/groups/{other}").status_code == 404
        assert (
            partner.get(f"/municipality/export/groups/{other}/offers.csv").status_code
            == 404
        )
    assert _audit_count() == before + 1  # refused requests leave no row


def test_a_partner_attaches_a_quote_and_moves_only_whom_it_sees(partner, town):
    page = _page(partner, town.given)
    add = _form(page, "/offers")
    saved = partner.post(add["action"], data=submitted(add, **offer_data()))
    assert saved.status_code == 303
    assert "Gevel &amp; Co" in _page(partner, town.given)

    bulk = _form(_page(partner, town.given), "/households")
    moved = partner.post(
        bulk["action"],
        data=submitted(bulk, from_status="interested", status="qualified"),
    )
    assert moved.status_code == 303
    statuses = {n: h.status for n, h in households("ext_wall_ins").items()}
    assert statuses == {
        SHARING[0]: "qualified",
        SHARING[1]: "qualified",
        KEEPING[0]: "interested",  # not theirs to see, nor to move
        "Dirk": "interested",  # another town's
    }


def test_a_partners_download_holds_only_the_sharing_households(partner, town):
    before = _audit_count()
    response = partner.get(
        f"/municipality/export/groups/{town.given}/offers.csv?lang=en"
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True).removeprefix("\ufeff")
    names = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert sorted(names) == sorted(SHARING)
    assert KEPT_EMAIL not in text
    assert _audit_count() == before + 1  # the download's own row, only


def test_a_share_consented_before_partners_were_named_stays_with_staff(partner, town):
    """Agreeing to share under the older text named only the contractor: such
    a household is not shown to a partner, on any page or in any file."""
    db.session.execute(
        sa.update(Signup)
        .where(Signup.name == SHARING[0])
        .values(consent_version="2026-11")
    )
    db.session.commit()
    for path in (
        f"/municipality/groups/{town.given}",
        f"/partner/groups/{town.given}",
        f"/partner/groups/{town.given}/contacts.csv",
        f"/municipality/export/groups/{town.given}/offers.csv",
    ):
        text = partner.get(path).get_data(as_text=True)
        assert SHARING[1] in text and SHARING[0] not in text, path
