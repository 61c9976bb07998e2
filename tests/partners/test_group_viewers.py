"""What a per-group route gets when it lets partners in (GROUP_VIEWERS): the
partner's own groups only, the sharing households only, one audit row."""

import pytest
import sqlalchemy as sa
from flask import Response
from flask_login import login_user
from werkzeug.exceptions import NotFound

from app.accounts.models import Role
from app.exports.models import ExportAudit
from app.exports.services import audit
from app.extensions import db
from app.groups.dashboard import GROUP_VIEWERS, STAFF, group_or_404, shared_only


def _rows() -> int:
    return db.session.scalar(sa.select(sa.func.count(ExportAudit.id)))


def _as(app, user, path="/x"):
    context = app.test_request_context(path)
    context.push()
    login_user(db.session.merge(user))
    return context


def test_partners_join_staff_in_one_place():
    assert set(GROUP_VIEWERS) == {*STAFF, Role.PARTNER}


def test_a_partner_gets_its_own_group_and_only_the_sharing_households(app, town):
    context = _as(app, town.partner)
    try:
        assert group_or_404(town.given).id == town.given
        assert shared_only()
        for other in (town.other, town.elsewhere):
            with pytest.raises(NotFound):
                group_or_404(other)
    finally:
        context.pop()
    context = _as(app, town.staff)
    try:
        assert group_or_404(town.other).id == town.other
        assert not shared_only()
    finally:
        context.pop()


def test_a_partners_request_through_its_group_leaves_one_row(app, town):
    before = _rows()
    context = _as(app, town.partner, "/groups/offers")
    try:
        group_or_404(town.given)
        group_or_404(town.given)  # asked twice, still one request
        app.process_response(Response("ok"))
    finally:
        context.pop()
    assert _rows() == before + 1
    row = db.session.scalars(sa.select(ExportAudit).order_by(ExportAudit.id)).all()[-1]
    assert (row.kind, row.what) == ("view", f"group {town.given}")


def test_a_download_through_its_group_leaves_only_its_own_row(app, town):
    before = _rows()
    context = _as(app, town.partner)
    try:
        partner = db.session.merge(town.partner)
        group_or_404(town.given)
        audit(partner, partner.municipality, "offers", "csv", 3)
        app.process_response(Response("file"))
        db.session.commit()
    finally:
        context.pop()
    assert _rows() == before + 1


def test_a_refused_request_leaves_no_row(app, town):
    before = _rows()
    context = _as(app, town.partner)
    try:
        group_or_404(town.given)
        app.process_response(Response("gone", status=404))
    finally:
        context.pop()
    assert _rows() == before
