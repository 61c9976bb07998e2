"""How a download is made, whatever it holds: a temporary file written row by
row, in the language staff asked for, as a workbook or as the CSV of its one
active sheet, then sent from that file (memory stays flat however long)."""

import tempfile

from flask import Response, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wsgi import wrap_file

from app.config import STAFF_LANGUAGES
from app.exports import builders
from app.exports.logic import file_stamp
from app.timeutil import utcnow

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def temporary():
    """Return a file on disk for one download; sending it closes and removes it."""
    return tempfile.TemporaryFile()


def asked_language(municipality):
    """Write a download in the staff language its address asks for (?lang=),
    else in the municipality's own."""
    lang = request.args.get("lang")
    return force_locale(lang if lang in STAFF_LANGUAGES else municipality.locale)


def properties(title: str) -> builders.Properties:
    return builders.Properties(
        title=title,
        municipality=current_user.municipality.name,
        exported_at=utcnow(),
        exported_label=_("Exported on"),
    )


def write(file, file_format: str, title: str, sheets: list[builders.Sheet]) -> int:
    """Write the sheets as a workbook (xlsx), or the active sheet alone as CSV;
    return how many rows the active sheet held."""
    active = next(i for i, sheet in enumerate(sheets) if sheet.active)
    if file_format == "xlsx":
        return builders.write_xlsx(file, sheets, properties(title))[active]
    return builders.write_csv(file, sheets[active].columns, sheets[active].rows)


def send(file, name: str, file_format: str) -> Response:
    """Send a written file, named for what it holds and when it was made (UTC)."""
    size = file.tell()
    file.seek(0)
    # content_type, not mimetype: Werkzeug adds a charset to a text mimetype
    response = Response(
        wrap_file(request.environ, file),
        content_type=TYPES[file_format],
        direct_passthrough=True,
    )
    response.content_length = size
    filename = f"{name}-{file_stamp(utcnow())}.{file_format}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response
