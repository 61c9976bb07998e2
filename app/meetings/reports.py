"""The everyone-counted meter, the close-out record and the meeting report,
on the page, printed and as a PDF for the municipality."""

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from htmx_flask import request
from markupsafe import Markup
from wtforms import IntegerField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from app.accounts.access import can_manage, can_view
from app.extensions import db
from app.formfields import Form
from app.fragments import fragment
from app.i18n import _l
from app.meetings import closeout, kinds, services
from app.meetings.models import Meeting

bp = Blueprint("reports", __name__)
logger = logging.getLogger(__name__)

_HEAD_COUNT_RULES = [Optional(), NumberRange(min=0, max=closeout.MAX_HEAD_COUNT)]


class HeadCountForm(Form):
    head_count = IntegerField(_l("People in the room"), validators=_HEAD_COUNT_RULES)


class RecordForm(Form):
    """The close-out record, written after the meeting."""

    head_count = IntegerField(
        _l("Attendance: people present"), validators=_HEAD_COUNT_RULES
    )
    organisations = TextAreaField(
        _l("Organisations present"), validators=[Length(max=2000)]
    )
    minutes = TextAreaField(_l("Short minutes"), validators=[Length(max=8000)])
    follow_ups = TextAreaField(_l("Agreed follow-ups"), validators=[Length(max=4000)])


def _meeting(code: str, *, manage: bool) -> Meeting:
    """Return the meeting if this user may see (or run) it; 404 for everyone else."""
    meeting = services.meeting_by_code(code)
    allowed = can_manage if manage else can_view
    if meeting is None or not allowed(current_user, meeting):
        abort(404)
    return meeting


def meter_context(meeting: Meeting, form: HeadCountForm | None = None) -> dict:
    """Return what the meter on the manage page shows."""
    meter = closeout.meter_of(meeting)
    if form is None:
        form = HeadCountForm(formdata=None, head_count=meter.present)
    return {
        "meeting": meeting,
        "meter": meter,
        "head_count_form": form,
        "meter_steps": [s for s in meeting.steps if s.id in meter.answered],
    }


@bp.get("/m/<code>/meter")
@login_required
def meter(code: str):
    """Return the everyone-counted meter, refreshed live on the manage page."""
    meeting = _meeting(code, manage=True)
    return fragment("meetings/_meter.html", **meter_context(meeting))


@bp.post("/m/<code>/head-count")
@login_required
def head_count(code: str):
    """Remember how many people are in the room."""
    meeting = _meeting(code, manage=True)
    form = HeadCountForm()
    if not form.validate_on_submit():
        return fragment("meetings/_meter.html", 422, **meter_context(meeting, form))
    closeout.set_head_count(meeting, form.head_count.data)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("facilitator.manage", code=meeting.code) + "#meter")
    return fragment("meetings/_meter.html", **meter_context(meeting))


def _report_context(meeting: Meeting) -> dict:
    sections = [
        (step, Markup(render_template(template, meeting=meeting, step=step, **context)))  # noqa: S704 - our own template output
        for step, template, context in kinds.report_sections(meeting)
    ]
    return {
        "meeting": meeting,
        "sections": sections,
        "count": services.phones_joined(meeting.id),
        "record": closeout.record_of(meeting),
        "kind_labels": kinds.labels(),
        **meter_context(meeting),
    }


def report_page(meeting: Meeting, form: RecordForm | None = None, status: int = 200):
    """Render the meeting report; managers also get the close-out form."""
    context = _report_context(meeting)
    if form is None and can_manage(current_user, meeting):
        form = RecordForm(formdata=None, obj=context["record"])
    return render_template("meetings/report.html", record_form=form, **context), status


@bp.post("/m/<code>/report/record")
@login_required
def save_record(code: str):
    """Store the close-out record written after the meeting."""
    meeting = _meeting(code, manage=True)
    form = RecordForm()
    if not form.validate_on_submit():
        return report_page(meeting, form, 422)
    closeout.save_record(meeting, form.data)
    db.session.commit()
    flash(_("The close-out record was saved."))
    return redirect(url_for("facilitator.report", code=meeting.code))


@bp.get("/m/<code>/report.pdf")
@login_required
def pdf(code: str):
    """Return the meeting report as a PDF to send to the municipality."""
    meeting = _meeting(code, manage=False)
    html = render_template(
        "meetings/report.html",
        for_pdf=True,
        record_form=None,
        **_report_context(meeting),
    )
    document = _pdf_document(html, request.url_root, Path(current_app.static_folder))
    response = make_response(_in_a_thread(document.write_pdf))
    response.mimetype = "application/pdf"
    name = f"report-{meeting.code}-{meeting.held_on.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.no_store = True
    return response


def _in_a_thread(function, *args):
    """Run a long computation beside the served phones: under gevent in a real
    thread, so the event loop goes on serving meanwhile."""
    from gevent import monkey

    if not monkey.is_module_patched("threading"):
        return function(*args)
    import gevent

    return gevent.get_hub().threadpool.apply(function, args)


def _pdf_document(html: str, base_url: str, static_folder: Path):
    """Return the report as a WeasyPrint document (print styles), to lay out.

    WeasyPrint is imported here, in the serving greenlet: its first import
    looks its libraries up with a subprocess, which gevent runs only there.
    """
    from weasyprint import HTML  # a heavy import: only when a PDF is asked for

    # It names every rule of the screen's style sheet it does not lay out on
    # paper (hover, scrolling, SVG paint): no news for the server's log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _static_files(static_folder.resolve(), base_url)
    paint = (static_folder / "css" / "pdf-svg.css").read_text()
    html = _SVG_START.sub(lambda m: f"{m[0]}<style>{paint}</style>", html)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher)


#: the opening tag of an inline SVG picture
_SVG_START = re.compile(r"<svg\b[^>]*>")


_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


def _static_files(folder: Path, base_url: str):
    """Return a WeasyPrint fetcher that reads our own style sheets and images
    from disk and fetches nothing else (no request to this server or another)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    prefix = urlsplit(base_url).path.rstrip("/") + "/static/"

    class StaticFiles(URLFetcher):
        def fetch(self, url, headers=None):
            path = unquote(urlsplit(url).path)
            file = (folder / path.removeprefix(prefix)).resolve()
            if not (
                path.startswith(prefix)
                and file.is_relative_to(folder)
                and file.is_file()
            ):
                raise ValueError(f"not one of our static files: {url}")
            kind = _TYPES.get(file.suffix, "application/octet-stream")
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": kind})

    return StaticFiles()
