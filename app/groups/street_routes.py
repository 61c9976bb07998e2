"""Staff's street list: upload it, and decide on typed streets that are unclear."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.access import roles_required
from app.extensions import db
from app.groups import services, street_list
from app.groups.dashboard import STAFF
from app.groups.street_file import MAX_BYTES
from app.groups.street_forms import (
    ANOTHER,
    NOT_IN_LIST,
    DecisionForm,
    StreetFileForm,
)
from app.live import notify
from app.uploads import accepts_upload

bp = Blueprint("street_list", __name__, url_prefix="/municipality/streets")
#: the file and the form around it
UPLOAD_LIMIT = MAX_BYTES + 64 * 1024


@bp.route("", methods=["GET", "POST"])
@roles_required(*STAFF)
@accepts_upload(UPLOAD_LIMIT)
def upload():
    """Show the street list, and replace it with an uploaded CSV file."""
    municipality = current_user.municipality
    form = StreetFileForm()
    if form.validate_on_submit():
        loaded, meetings = services.load_streets(municipality, form.names)
        db.session.commit()
        for meeting in meetings:  # their phones fetch the new type-ahead
            notify.step_changed(meeting)
        flash(
            ngettext(
                "%(num)d street loaded.", "%(num)d streets loaded.", loaded.streets
            )
            + " "
            + ngettext(
                "%(num)d sign-up matched to a street.",
                "%(num)d sign-ups matched to a street.",
                loaded.matched,
            ),
            "info",
        )
        return redirect(url_for("street_list.upload"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "groups/streets.html",
        form=form,
        summary=street_list.summary(municipality.id),
    ), status


@bp.route("/decisions", methods=["GET", "POST"])
@roles_required(*STAFF)
def decisions():
    """List the typed streets that may be listed ones, and take staff's decision
    on one: it holds for every sign-up with that typed street."""
    municipality = current_user.municipality
    form = DecisionForm()
    waiting = street_list.pending(municipality.id)
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate() and _decide(form, waiting):
            db.session.commit()
            return redirect(url_for("street_list.decisions"))
    return render_template(
        "groups/street_decisions.html",
        waiting=waiting,
        form=form,
        not_in_list=NOT_IN_LIST,
        another=ANOTHER,
        street_names=street_list.datalist(municipality.id),
    ), status


def _decide(form: DecisionForm, waiting) -> bool:
    """Apply the form's decision if it is about a waiting typed street."""
    municipality_id = current_user.municipality_id
    typed = next((p for p in waiting if p.typed_key == form.typed.data), None)
    if typed is None:
        form.typed.errors.append(_("This street is decided already or unknown."))
        return False
    if form.choice.data == ANOTHER:
        street = street_list.street_named(municipality_id, form.other.data)
        if street is None:
            form.other.errors.append(_("This street is not in your list."))
            return False
        street_id = street.id
    else:
        street_id = form.street_id()
    if street_id is not None and form.choice.data != ANOTHER:
        street = street_list.street_of(municipality_id, street_id)
        if street is None:
            form.choice.errors.append(_("This street is not in your list."))
            return False
    services.decide_street(current_user.municipality, typed.typed_key, street_id)
    if street_id is None:
        flash(_("%(street)s: not in the list.", street=typed.shown), "info")
    else:
        flash(
            _("%(typed)s is now %(street)s.", typed=typed.shown, street=street.name),
            "info",
        )
    return True
