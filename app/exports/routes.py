"""Downloads for municipality staff: contact lists (consented only) and LEKP figures."""

import re

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from app.accounts.access import roles_required
from app.accounts.models import Role
from app.config import STAFF_LANGUAGES
from app.exports import builders, services
from app.exports.logic import file_stamp
from app.extensions import db
from app.formfields import LARGEST_ID
from app.groups.dashboard import group_or_404
from app.polls.catalogue import BY_KEY
from app.timeutil import utcnow

bp = Blueprint("exports", __name__, url_prefix="/municipality/export")
ROW_ID = re.compile(r"[0-9]{1,10}")  #: ASCII digits only: int() reads "٣" too
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _attachment(body: bytes, name: str, file_format: str) -> Response:
    """Send a file named for what it holds and when it was made (in UTC)."""
    # content_type, not mimetype: Werkzeug adds a charset to a text mimetype
    response = Response(body, content_type=TYPES[file_format])
    filename = f"{name}-{file_stamp(utcnow())}.{file_format}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response


def _build(header, rows, file_format: str, title: str) -> bytes:
    if file_format == "xlsx":
        return builders.to_xlsx(header, rows, title)
    return builders.to_csv(header, rows)


def _row_id(text: str) -> int:
    """Return a row id from an address's query; anything else is not found."""
    if not ROW_ID.fullmatch(text) or not 1 <= int(text) <= LARGEST_ID:
        abort(404)
    return int(text)


@bp.get("/contacts.<any(csv, xlsx):file_format>")
@roles_required(Role.ADMIN, Role.STAFF)
def contacts(file_format: str):
    """Export the consented sign-ups of a group, a measure or a street."""
    municipality = current_user.municipality
    group = measure = street = None
    filtered = None
    if request.args.get("group"):
        group = group_or_404(_row_id(request.args["group"]))
        filtered = ("group", str(group.id))
    elif request.args.get("measure"):
        measure = request.args["measure"]
        if measure not in BY_KEY:
            abort(404)
        filtered = ("measure", measure)
    elif request.args.get("street"):
        street = request.args["street"][:120]
        filtered = ("street", street)
    signups = services.select_signups(
        municipality, group=group, measure=measure, street=street
    )
    lang = request.args.get("lang")
    header, rows = services.contact_table(
        municipality, signups, lang if lang in STAFF_LANGUAGES else None
    )
    services.audit(
        current_user, municipality, "contacts", file_format, len(rows), filtered
    )
    db.session.commit()
    body = _build(header, rows, file_format, "Interesse")
    return _attachment(body, "klimaattafel-contacten", file_format)


@bp.get("/lekp.<any(csv, xlsx):file_format>")
@roles_required(Role.ADMIN, Role.STAFF)
def lekp(file_format: str):
    """Export anonymous counts per measure, fit for the LEKP report."""
    municipality = current_user.municipality
    header, rows = services.lekp_table(municipality)
    services.audit(
        current_user, municipality, "lekp aggregates", file_format, len(rows)
    )
    db.session.commit()
    body = _build(header, rows, file_format, "LEKP")
    return _attachment(body, "klimaattafel-lekp", file_format)
