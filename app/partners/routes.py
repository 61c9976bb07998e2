"""A partner organisation's pages: its groups, one group's sharing households
and their download; and the staff form that gives a group to a partner."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services as accounts
from app.accounts.access import roles_required
from app.accounts.models import Role
from app.config import STAFF_LANGUAGES
from app.exports import builders, downloads
from app.exports import services as exports
from app.extensions import db
from app.formfields import LARGEST_ID
from app.groups.dashboard import STAFF, STATUS_LABELS, group_or_404, partner_saw
from app.groups.forms import HORIZON_LABELS
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.partners import services

bp = Blueprint("partners", __name__)
PARTNER = (Role.PARTNER,)


@bp.get("/partner")
@roles_required(*PARTNER)
def index():
    """List the groups staff gave this partner's organisation."""
    groups = services.groups_of(current_user.partner_id)
    partner_saw("groups", len(groups))
    return render_template(
        "partners/index.html",
        organisation=current_user.partner,
        groups=groups,
        status_labels=STATUS_LABELS,
        horizons=HORIZON_LABELS,
        dwellings=DWELLING_LABELS,
    )


@bp.get("/partner/groups/<int:group_id>")
@roles_required(*PARTNER)
def group(group_id: int):
    """Show one assigned group and the households that agreed to share."""
    found = group_or_404(group_id)
    households = list(services.shared_households(found))
    partner_saw(f"group {found.id}", len(households))
    return render_template(
        "partners/group.html",
        group=services.shared_group(found),
        households=households,
        status_labels=STATUS_LABELS,
        horizons=HORIZON_LABELS,
        dwellings=DWELLING_LABELS,
        tenures=TENURE_LABELS,
        staff_languages=STAFF_LANGUAGES,
    )


@bp.get("/partner/groups/<int:group_id>/contacts.<any(csv, xlsx):file_format>")
@roles_required(*PARTNER)
def contacts(group_id: int, file_format: str):
    """Download one assigned group's sharing households (CSV or XLSX)."""
    found = group_or_404(group_id)
    municipality = current_user.municipality
    file = downloads.temporary()
    with downloads.asked_language(municipality):
        title = _("Households of a purchase group")
        sheets = [
            builders.Sheet(
                _("Sign-ups"),
                services.contact_columns(),
                services.contact_rows(found),
                active=True,
            )
        ]
        count = downloads.write(file, file_format, title, sheets)
    exports.audit(
        current_user,
        municipality,
        "partner contacts",
        file_format,
        count,
        ("group", str(found.id)),
    )
    db.session.commit()
    return downloads.send(file, "klimaattafel-groep", file_format)


@bp.post("/municipality/groups/<int:group_id>/partner")
@roles_required(*STAFF)
def assign(group_id: int):
    """Give a group to one of the municipality's partner organisations, or
    take it back (an empty choice)."""
    found = group_or_404(group_id)
    raw = request.form.get("partner", "")
    organisation = None
    if raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= LARGEST_ID:
            organisation = accounts.organisation_of(found.municipality_id, int(raw))
        if organisation is None:
            flash(_("Choose one of the partner organisations."), "error")
            return redirect(url_for("municipality.dashboard")), 303
    services.assign(found, organisation)
    db.session.commit()
    flash(_("Group updated."), "info")
    return redirect(url_for("municipality.dashboard", _anchor=f"group-{found.id}"))
