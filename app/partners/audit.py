"""One audit row for every page a partner opens of its groups.

A view that shows a partner a group or its households says so in
``g.partner_saw`` (app/groups/dashboard.py: group_or_404 does for every
per-group route, ``partner_saw`` for any other view); once the request has
succeeded, one VIEW row is written. A partner's download writes its own
EXPORT row, which clears the mark (app/exports/services.py: audit), so each
request leaves exactly one row. Rows name the page and the group, never a
household.
"""

from flask import Blueprint, g, request
from flask_login import current_user

from app.accounts.models import Role
from app.exports import services as exports
from app.exports.models import AuditKind
from app.extensions import db
from app.partners import logic

bp = Blueprint("partner_audit", __name__)


@bp.after_app_request
def _audit_partner_views(response):
    seen = g.pop("partner_saw", None)
    if seen is None or response.status_code >= 400:
        return response
    if not (current_user.is_authenticated and current_user.has_role(Role.PARTNER)):
        return response
    what, rows = seen
    exports.audit(
        current_user,
        current_user.municipality,
        logic.audit_what(request.endpoint, what),
        "page",
        rows,
        kind=AuditKind.VIEW,
    )
    db.session.commit()
    return response
