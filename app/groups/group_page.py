"""Municipality staff: one purchase group's households and offers, the funnel
across groups, and the housing units of the neighbourhoods (LEKP rates)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import roles_required
from app.accounts.models import Neighbourhood
from app.extensions import db
from app.groups import formats, logic, progress
from app.groups.dashboard import (
    GROUP_VIEWERS,
    STAFF,
    STATUS_LABELS,
    group_or_404,
    partner_saw,
    shared_only,
)
from app.groups.forms import HORIZON_LABELS
from app.groups.logic import MoveRefused
from app.groups.models import PurchaseGroup
from app.groups.progress_forms import (
    BulkStatusForm,
    HousingUnitsForm,
    OfferForm,
    offer_form_for,
)
from app.groups.progress_labels import (
    DROP_REASON_LABELS,
    HOUSEHOLD_STATUS_LABELS,
    OFFER_KIND_LABELS,
    PER_UNIT_LABELS,
    PREMIUM_KIND_LABELS,
    PREMIUM_LABELS,
    UNIT_LABELS,
)
from app.i18n import _l
from app.meetings.labels import DWELLING_LABELS
from app.polls.catalogue import BY_KEY

bp = Blueprint("progress", __name__, url_prefix="/municipality")
for _name, _filter in formats.FILTERS.items():
    bp.add_app_template_filter(_filter, _name)
LABELS = {
    "statuses": HOUSEHOLD_STATUS_LABELS,
    "reasons": DROP_REASON_LABELS,
    "kinds": OFFER_KIND_LABELS,
    "per_unit": PER_UNIT_LABELS,
    "units": UNIT_LABELS,
    "premiums": PREMIUM_LABELS,
    "premium_kinds": PREMIUM_KIND_LABELS,
    "group_statuses": STATUS_LABELS,
    "horizons": HORIZON_LABELS,
    "dwellings": DWELLING_LABELS,
}
#: a refused move, in words staff act on
MOVE_REFUSALS = {
    "reason_needed": _l("Choose why these households stopped."),
    "reason_only_when_dropping": _l("A reason goes only with stopping."),
}


def _page(group: PurchaseGroup, *, offer_form=None, bulk_form=None, status=200):
    today = progress.today()
    road = [*logic.ROAD, logic.HouseholdStatus.DROPPED]
    # by status along the road, then by house number (members' own order)
    members = sorted(
        progress.members(group, shared_only=shared_only()),
        key=lambda m: road.index(m[1].status),
    )
    partner_saw(f"group {group.id}", len(members))
    offers = progress.offers_of([group.id]).get(group.id, [])
    funnel = logic.funnels((group.id, h.status, h.drop_reason, 1) for _s, h in members)
    return render_template(
        "groups/group.html",
        group=group,
        measure=BY_KEY.get(group.measure_key),
        members=members,
        offers=offers,
        offer_names={o.id: o.contractor for o in offers},
        funnel=funnel.get(group.id, logic.Funnel()),
        today=today,
        offer_form=offer_form or offer_form_for(None, group.measure_key, today),
        bulk_form=bulk_form
        or BulkStatusForm(household_ids=[s.id for s, _h in members]),
        road=road,
        labels=LABELS,
        unit=logic.unit_of(group.measure_key),
        shared=shared_only(),
    ), status


@bp.get("/groups/<int:group_id>")
@roles_required(*GROUP_VIEWERS)
def show(group_id: int):
    """Show a group's households by status and its offers."""
    return _page(group_or_404(group_id))


@bp.post("/groups/<int:group_id>/offers")
@roles_required(*GROUP_VIEWERS)
def add_offer(group_id: int):
    """Attach the procured offer or a quote to a group."""
    group = group_or_404(group_id)
    form = OfferForm(today=progress.today())
    if not form.validate():
        return _page(group, offer_form=form, status=422)
    try:
        progress.save_offer(group, form.data_for_service())
    except progress.OfferRefused:
        form.kind.errors = [_("This group has a procured offer already.")]
        db.session.rollback()
        return _page(group, offer_form=form, status=422)
    db.session.commit()
    flash(_("Offer added."), "info")
    return redirect(url_for("progress.show", group_id=group.id), 303)


def _offer_or_404(group: PurchaseGroup, offer_id: int):
    offer = progress.offer_of_group(group, offer_id)
    if offer is None:
        abort(404)
    return offer


@bp.route("/groups/<int:group_id>/offers/<int:offer_id>", methods=["GET", "POST"])
@roles_required(*GROUP_VIEWERS)
def edit_offer(group_id: int, offer_id: int):
    """Change one of a group's offers."""
    group = group_or_404(group_id)
    offer = _offer_or_404(group, offer_id)
    form = offer_form_for(offer, group.measure_key, progress.today())
    status = 200
    if form.is_submitted():
        form = OfferForm(today=progress.today())
        if form.validate():
            try:
                progress.save_offer(group, form.data_for_service(), offer)
            except progress.OfferRefused:
                form.kind.errors = [_("This group has a procured offer already.")]
                db.session.rollback()
            else:
                db.session.commit()
                flash(_("Offer saved."), "info")
                return redirect(url_for("progress.show", group_id=group.id), 303)
        status = 422
    return render_template(
        "groups/offer_edit.html", group=group, offer=offer, form=form, labels=LABELS
    ), status


@bp.post("/groups/<int:group_id>/offers/<int:offer_id>/remove")
@roles_required(*GROUP_VIEWERS)
def remove_offer(group_id: int, offer_id: int):
    """Remove an offer from a group."""
    group = group_or_404(group_id)
    progress.remove_offer(group, _offer_or_404(group, offer_id))
    db.session.commit()
    flash(_("Offer removed."), "info")
    return redirect(url_for("progress.show", group_id=group.id), 303)


@bp.post("/groups/<int:group_id>/households")
@roles_required(*GROUP_VIEWERS)
def bulk_status(group_id: int):
    """Move the ticked households, or all in one status, to a new status."""
    group = group_or_404(group_id)
    shown = progress.members(group, shared_only=shared_only())
    form = BulkStatusForm(household_ids=[s.id for s, _h in shown])
    if not form.validate():
        return _page(group, bulk_form=form, status=422)
    try:
        changed = progress.bulk_status(
            group,
            form.status.data,
            form.reason.data or None,
            signup_ids=form.signup_ids(),
            from_status=form.from_status.data or None,
            shared_only=shared_only(),
        )
    except MoveRefused as refused:
        db.session.rollback()
        form.status.errors = [
            MOVE_REFUSALS.get(refused.code, _l("This move is not allowed."))
        ]
        return _page(group, bulk_form=form, status=422)
    db.session.commit()
    flash(
        _("%(num)d households moved.", num=changed)
        if changed != 1
        else _("1 household moved."),
        "info",
    )
    return redirect(url_for("progress.show", group_id=group.id), 303)


@bp.get("/funnel")
@roles_required(*STAFF)
def funnel():
    """The road to works per group, street, measure and neighbourhood."""
    overview = progress.funnel_overview(current_user.municipality_id)
    return render_template(
        "groups/funnel.html",
        tables=_funnel_tables(overview),
        road=[*logic.ROAD, logic.HouseholdStatus.DROPPED],
        reasons=list(logic.DropReason),
        labels=LABELS,
    )


def _measure_name(key: str) -> str:
    return str(BY_KEY[key].name) if key in BY_KEY else key


def _funnel_tables(overview: progress.FunnelOverview) -> dict[str, list[tuple]]:
    """Return each funnel table's rows: (key, label, funnel), by label."""
    groups = {
        g.id: g
        for g in db.session.scalars(
            db.select(PurchaseGroup).where(
                PurchaseGroup.id.in_(list(overview.by_group))
            )
        )
    }

    def group_label(group: PurchaseGroup) -> str:
        parts = [
            _measure_name(group.measure_key),
            group.street.title(),
            str(HORIZON_LABELS.get(group.horizon, group.horizon)),
        ]
        if group.dwelling:
            parts.append(str(DWELLING_LABELS.get(group.dwelling, group.dwelling)))
        return " · ".join(parts)

    def by_label(rows):
        return sorted(rows, key=lambda row: row[1].casefold())

    areas = [(a, a, f) for a, f in overview.by_neighbourhood.items() if a]
    unknown = overview.by_neighbourhood.get(None)
    return {
        "groups": by_label(
            (i, group_label(groups[i]), f) for i, f in overview.by_group.items()
        ),
        "streets": by_label((s, s.title(), f) for s, f in overview.by_street.items()),
        "measures": by_label(
            (k, _measure_name(k), f) for k, f in overview.by_measure.items()
        ),
        "neighbourhoods": by_label(areas)
        + ([("", _("Meeting no longer known"), unknown)] if unknown else []),
    }


def _areas() -> list[Neighbourhood]:
    return list(
        db.session.scalars(
            db.select(Neighbourhood)
            .where(Neighbourhood.municipality_id == current_user.municipality_id)
            .order_by(Neighbourhood.name)
        )
    )


@bp.get("/neighbourhoods")
@roles_required(*STAFF)
def neighbourhoods(refused: dict | None = None, status: int = 200):
    """List the neighbourhoods with their housing units, each to change."""
    areas = _areas()
    forms = {
        area.id: HousingUnitsForm(
            prefix=f"n{area.id}",
            formdata=None,
            data={"housing_units": str(area.housing_units or "")},
        )
        for area in areas
    }
    forms.update(refused or {})
    return render_template(
        "groups/neighbourhoods.html", areas=areas, forms=forms
    ), status


@bp.post("/neighbourhoods/<int:area_id>")
@roles_required(*STAFF)
def housing_units(area_id: int):
    """Set how many housing units a neighbourhood holds (empty: unknown)."""
    area = db.session.get(Neighbourhood, area_id)
    if area is None or area.municipality_id != current_user.municipality_id:
        abort(404)
    form = HousingUnitsForm(prefix=f"n{area.id}")
    if not form.validate():
        return neighbourhoods(refused={area.id: form}, status=422)
    area.housing_units = form.value()
    db.session.commit()
    flash(_("Housing units of %(name)s saved.", name=area.name), "info")
    return redirect(url_for("progress.neighbourhoods"), 303)
