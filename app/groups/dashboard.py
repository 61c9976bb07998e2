"""Municipality staff: interest, purchase groups and thresholds."""

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import roles_required
from app.accounts.models import Role
from app.accounts.services import organisations_of
from app.bills.logic import MIN_GROUP_OUTSIDE as OPEN_DATA_MINIMUM
from app.config import STAFF_LANGUAGES
from app.extensions import db
from app.groups import charts, logic, overview, services, site_visit_labels
from app.groups.filters import FilterForm
from app.groups.forms import HORIZON_LABELS
from app.groups.models import PurchaseGroup
from app.i18n import _l
from app.meetings.labels import DWELLING_LABELS
from app.polls.catalogue import BY_KEY, CATALOGUE
from app.polls.labels import HORIZONS

bp = Blueprint("municipality", __name__, url_prefix="/municipality")
STAFF = (Role.ADMIN, Role.STAFF)
#: who may open one purchase group's own pages: staff any group of their
#: municipality, a partner only the groups assigned to its organisation (see
#: group_or_404). A per-group route opens to partners by listing these in
#: roles_required instead of STAFF.
GROUP_VIEWERS = (*STAFF, Role.PARTNER)
PAGE = 50  #: street groups per page
STATUS_LABELS = {
    logic.GroupStatus.FORMING: _l("Forming"),
    logic.GroupStatus.VIABLE: _l("Viable"),
    logic.GroupStatus.TENDERING: _l("Tendering"),
    logic.GroupStatus.CLOSED: _l("Closed"),
}


def group_or_404(group_id: int) -> PurchaseGroup:
    """Return a group of the user's own municipality; any other answers 404.

    For a partner (Role.PARTNER) only the groups assigned to its organisation
    exist: any other answers 404 too. A partner's request that gets its group
    is written in the audit trail once it succeeds, one row per request
    (app/partners/audit.py); a view that shows a number of households says so
    with ``partner_saw``, a download's own audit row stands in for it. A page
    that lists a group's households shows a partner only those who agreed to
    share with a contractor or partner: ``shared_only()`` says when (and
    ``Scope.of_group(group, shared=True)`` in app/exports/services.py reads
    just those).
    """
    group = db.session.get(PurchaseGroup, group_id)
    if group is None or group.municipality_id != current_user.municipality_id:
        abort(404)
    if current_user.has_role(Role.PARTNER):
        if group.partner_id is None or group.partner_id != current_user.partner_id:
            abort(404)
        g.setdefault("partner_saw", (f"group {group.id}", 0))
    return group


def partner_saw(what: str, rows: int) -> None:
    """Say what this request shows a partner (a group, a list of groups) and
    how many rows, for its one audit row; never a household's details."""
    g.partner_saw = (what, rows)


def shared_only() -> bool:
    """Return whether this request may show only the households that agreed to
    share their details with a contractor or partner (a partner's)."""
    return current_user.has_role(Role.PARTNER)


@bp.get("")
@roles_required(*STAFF)
def dashboard():
    """Show interest, groups, bundles and neighbourhoods, filtered."""
    municipality = current_user.municipality
    areas = overview.neighbourhoods_of(municipality.id)
    form = FilterForm(areas, formdata=request.args)
    filters = form.filters()
    page = _page()
    street_groups, group_count = overview.street_groups(
        municipality.id, filters, page, PAGE
    )
    pages = max(1, -(-group_count // PAGE))
    if page > pages:
        page = pages
        street_groups, group_count = overview.street_groups(
            municipality.id, filters, page, PAGE
        )
    neighbourhoods = overview.by_neighbourhood(municipality.id, filters)
    site_visits = overview.site_visits(municipality.id, street_groups)
    interest = overview.poll_interest(municipality.id, filters)
    db.session.commit()  # the meetings' counts just stored (figure_store)
    return render_template(
        "groups/dashboard.html",
        municipality=municipality,
        form=form,
        filters=filters,
        interest=interest,
        street_groups=street_groups,
        site_visits=site_visits,
        visit_reasons=site_visit_labels.REASON_LABELS,
        visit_facts=site_visit_labels.FACT_LABELS,
        group_count=group_count,
        page=page,
        pages=pages,
        bundles=overview.bundles(municipality.id, filters),
        neighbourhoods=neighbourhoods,
        chart=charts.paired_bars(neighbourhoods),
        thresholds=services.thresholds_of(municipality.id),
        default_threshold=logic.DEFAULT_THRESHOLD,
        catalogue=CATALOGUE,
        by_key=BY_KEY,
        horizons=HORIZONS,
        signup_horizons=HORIZON_LABELS,
        dwellings=DWELLING_LABELS,
        status_labels=STATUS_LABELS,
        staff_languages=STAFF_LANGUAGES,
        open_minimum=OPEN_DATA_MINIMUM,  # what app.opendata publishes from
        organisations=organisations_of(municipality.id),
    )


def _page() -> int:
    """Return the page of groups asked for; the first if not understood."""
    raw = request.args.get("page", "")
    page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1
    return max(page, 1)


@bp.post("/groups/<int:group_id>/status")
@roles_required(*STAFF)
def set_status(group_id: int):
    """Move a group to tendering or closed, or back to automatic."""
    group = group_or_404(group_id)
    status = request.form.get("status", "")
    if status not in set(logic.GroupStatus):
        abort(422)
    services.set_status(group, status)
    db.session.commit()
    flash(_("Group updated."), "info")
    return redirect(url_for("municipality.dashboard"))


@bp.post("/thresholds")
@roles_required(*STAFF)
def set_threshold():
    """Set how many households make a group viable for a measure."""
    key = request.form.get("measure", "")
    raw = request.form.get("households", "")
    if key not in BY_KEY or not raw.isdigit() or not 2 <= int(raw) <= 500:
        flash(_("Choose a measure and a number of households from 2 to 500."), "error")
        return redirect(url_for("municipality.dashboard")), 303
    services.set_threshold(current_user.municipality, key, int(raw))
    db.session.commit()
    flash(_("Threshold saved."), "info")
    return redirect(url_for("municipality.dashboard"))
