"""Downloads for municipality staff: contact lists (consented only), LEKP figures
and open data. Each is written into a temporary file row by row, recorded in
the audit trail, then sent from that file: memory stays flat however long."""

import json
import re

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import roles_required
from app.accounts.models import Role
from app.exports import builders, downloads, services
from app.exports import lekp as lekp_tables
from app.exports import progress as progress_tables
from app.exports.logic import Column, people_time
from app.exports.services import Scope
from app.extensions import db
from app.formfields import LARGEST_ID
from app.groups import progress as group_progress
from app.groups.dashboard import GROUP_VIEWERS, group_or_404, shared_only
from app.groups.logic import Horizon, street_key
from app.meetings import kinds
from app.opendata import logic as opendata
from app.opendata import services as opendata_services
from app.polls.catalogue import BY_KEY

bp = Blueprint("exports", __name__, url_prefix="/municipality/export")
ROW_ID = re.compile(r"[0-9]{1,10}")  #: ASCII digits only: int() reads "٣" too
DESK = (Role.ADMIN, Role.STAFF)


def _row_id(text: str) -> int:
    """Return a row id from an address's query; anything else is not found."""
    if not ROW_ID.fullmatch(text) or not 1 <= int(text) <= LARGEST_ID:
        abort(404)
    return int(text)


def _scope() -> tuple[Scope, tuple[str, str] | None]:
    """Return the sign-ups asked for, and the filter as the audit row names it."""
    args = request.args
    if args.get("group"):
        group = group_or_404(_row_id(args["group"]))
        return Scope.of_group(group), ("group", str(group.id))
    measure, street, horizon = (args.get(k) for k in ("measure", "street", "horizon"))
    if measure and measure not in BY_KEY:
        abort(404)
    if horizon and horizon not in set(Horizon):
        abort(404)
    street = street[:120] if street else None
    parts = [(n, v) for n, v in (("measure", measure), ("street", street)) if v]
    parts += [("horizon", horizon)] if horizon else []
    scope = Scope(measure, street_key(street) if street else None, horizon)
    if not parts:
        return scope, None
    return scope, ("+".join(n for n, _v in parts), " ".join(v for _n, v in parts))


@bp.get("/contacts.<any(csv, xlsx):file_format>")
@roles_required(*DESK)
def contacts(file_format: str):
    """Export the consented sign-ups of a group, or of a measure, street, horizon."""
    municipality = current_user.municipality
    scope, filtered = _scope()
    file = downloads.temporary()
    with downloads.asked_language(municipality):
        sheets = [
            builders.Sheet(
                _("Purchase groups"),
                services.group_columns(),
                services.group_rows(municipality.id, scope),
            ),
            builders.Sheet(
                _("Sign-ups"),
                services.contact_columns(),
                services.contact_rows(municipality.id, scope),
                active=True,
            ),
        ]
        title = _("Sign-ups for group purchases")
        count = downloads.write(file, file_format, title, sheets)
    services.audit(current_user, municipality, "contacts", file_format, count, filtered)
    db.session.commit()
    return downloads.send(file, "klimaattafel-contacten", file_format)


@bp.get("/groups/<int:group_id>/offers.<any(csv, xlsx):file_format>")
@roles_required(*GROUP_VIEWERS)
def progress(group_id: int, file_format: str):
    """Export a group's offers and its households' statuses (consented only)."""
    group = group_or_404(group_id)
    municipality = current_user.municipality
    file = downloads.temporary()
    with downloads.asked_language(municipality):
        words = services.Words.now()
        offers = group_progress.offers_of([group.id]).get(group.id, [])
        sheets = [
            builders.Sheet(
                _("Offers"),
                progress_tables.offer_columns(),
                progress_tables.offer_rows(offers, words),
            ),
            builders.Sheet(
                _("Households"),
                progress_tables.household_columns(),
                progress_tables.household_rows(
                    group, offers, words, shared_only=shared_only()
                ),
                active=True,
            ),
        ]
        title = _("Offers and statuses of a purchase group")
        count = downloads.write(file, file_format, title, sheets)
    services.audit(
        current_user,
        municipality,
        "offers and statuses",
        file_format,
        count,
        ("group", str(group.id)),
    )
    db.session.commit()
    return downloads.send(file, "klimaattafel-voortgang", file_format)


@bp.get("/lekp.<any(csv, xlsx):file_format>")
@roles_required(*DESK)
def lekp(file_format: str):
    """Export anonymous counts per measure, fit for the LEKP report."""
    municipality = current_user.municipality
    file = downloads.temporary()
    with force_locale(municipality.locale):
        by_year = lekp_tables.answers(municipality.id)
        summary = lekp_tables.summary_rows(municipality.id, by_year)
        if file_format == "xlsx":
            sheets = [
                builders.Sheet("LEKP", lekp_tables.summary_columns(), summary),
                builders.Sheet(
                    _("Per neighbourhood"),
                    lekp_tables.neighbourhood_columns(),
                    lekp_tables.neighbourhood_rows(municipality.id, by_year),
                ),
                builders.Sheet(
                    _("Collective renovations"),
                    lekp_tables.renovation_columns(),
                    lekp_tables.renovation_rows(municipality.id),
                ),
            ]
            title = _("Figures for the LEKP report")
            builders.write_xlsx(file, sheets, downloads.properties(title))
        else:
            builders.write_csv(file, lekp_tables.summary_columns(), summary)
    services.audit(
        current_user, municipality, "lekp aggregates", file_format, len(summary)
    )
    db.session.commit()
    return downloads.send(file, "klimaattafel-lekp", file_format)


@bp.app_context_processor
def _step_exports() -> dict:
    """The kinds of step with a download of their own, for the dashboard."""
    return {"step_exports": kinds.exports}


@bp.get("/steps/<kind>.<any(csv, xlsx):file_format>")
@roles_required(*DESK)
def step_kind(kind: str, file_format: str):
    """Export what the municipality's meetings gathered in one kind of step, as
    that kind registered it (app/meetings/kinds.py: export)."""
    views = kinds.KINDS.get(kind)
    if views is None or views.export is None:
        abort(404)
    municipality = current_user.municipality
    file = downloads.temporary()
    with force_locale(municipality.locale):
        title, headers, rows = views.export(municipality.id)
        columns = [Column(str(header), kind=cell) for header, cell in headers]
        sheets = [builders.Sheet(str(title), columns, rows, active=True)]
        count = downloads.write(file, file_format, str(title), sheets)
    services.audit(current_user, municipality, f"{kind} steps", file_format, count)
    db.session.commit()
    return downloads.send(file, f"klimaattafel-{kind}", file_format)


def _open_csv(what: str, columns: list[str], rows: list[dict]) -> Response:
    municipality = current_user.municipality
    file = downloads.temporary()
    builders.write_csv(
        file,
        [Column(c) for c in columns],
        ([_open_cell(row[c]) for c in columns] for row in rows),
    )
    services.audit(current_user, municipality, what, "csv", len(rows))
    db.session.commit()
    return downloads.send(file, f"klimaattafel-{what.replace(' ', '-')}", "csv")


def _open_cell(value: object) -> object:
    """Write booleans as the schema's words; empty counts stay empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@bp.get("/open-data/neighbourhoods.csv")
@roles_required(*DESK)
def open_neighbourhoods():
    """Publishable figures per year, neighbourhood and measure (CSV)."""
    rows = opendata_services.neighbourhood_rows(current_user.municipality)
    return _open_csv("open data neighbourhoods", opendata.NEIGHBOURHOOD_COLUMNS, rows)


@bp.get("/open-data/streets.csv")
@roles_required(*DESK)
def open_streets():
    """Publishable sign-ups per street and measure (CSV)."""
    rows = opendata_services.street_rows(current_user.municipality)
    return _open_csv("open data streets", opendata.STREET_COLUMNS, rows)


@bp.get("/open-data.json")
@roles_required(*DESK)
def open_data():
    """Every publishable figure in one JSON document (docs/opendata)."""
    municipality = current_user.municipality
    document = opendata_services.document(municipality)
    rows = len(document["measures_by_neighbourhood"]) + len(
        document["signups_by_street"]
    )
    file = downloads.temporary()
    file.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    services.audit(current_user, municipality, "open data", "json", rows)
    db.session.commit()
    return downloads.send(file, "klimaattafel-open-data", "json")


@bp.get("/audit")
@roles_required(*DESK)
def audit_log():
    """Show the latest audit rows: who downloaded what, what partners opened."""
    return render_template(
        "exports/audit.html",
        rows=services.audit_rows(current_user.municipality_id),
        municipality=current_user.municipality,
        people_time=people_time,
    )
