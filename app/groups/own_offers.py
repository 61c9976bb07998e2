"""The private link's offers part: per measure a household accepts an offer,
asks for a site visit, declines with a reason, gives its home's size, or
leaves the measure. Nothing is signed: staff follow each choice up."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.groups import logic, progress
from app.groups.logic import Actor, HouseholdStatus, MoveRefused
from app.groups.own_forms import ChoiceForm, SizeForm
from app.groups.routes import own_page, own_signup, private, signups_changed
from app.i18n import _l

bp = Blueprint("offers", __name__)
#: a refused choice, in words a resident acts on
REFUSALS = {
    "offer_expired": _l("This offer has expired. Choose another one."),
    "offer_needed": _l("Choose an offer."),
    "not_for_residents": _l("This is not possible at this stage."),
    "reason_needed": _l("Tell us why, so the municipality can learn."),
}
DONE = {
    "accept": _l("Thank you. The municipality will contact you to follow up."),
    "visit": _l("Your request for a site visit is sent to the municipality."),
    "decline": _l("Your answer is saved. Thank you for letting us know."),
}


def _household(signup, key: str):
    found = next((m for m in signup.measures if m.measure_key == key), None)
    if found is None:
        abort(404)
    return found


def _back(token: str, key: str):
    url = url_for("groups.manage_own", token=token, _anchor=f"measure-{key}")
    return private(redirect(url, 303))


def _refused(signup, token: str, key: str, errors: dict):
    db.session.rollback()
    return own_page(signup, token, status=422, offer_errors={key: errors})


@bp.post("/s/<token>/measures/<key>/choice")
def choose(token: str, key: str):
    """Accept (subscribe to) an offer, ask for a site visit, or decline."""
    signup = own_signup(token)
    household = _household(signup, key)
    form = ChoiceForm()
    if not form.validate():
        return _refused(signup, token, key, form.errors)
    action = form.action.data
    offer = None
    if action == "accept":
        group = progress.group_of(signup, key)
        offer = group and progress.offer_of_group(group, form.offer.data)
        if offer is None:
            return _refused(signup, token, key, {"offer": [_("Choose an offer.")]})
    status = {
        "accept": HouseholdStatus.OFFER_ACCEPTED,
        "visit": HouseholdStatus.VISIT_PLANNED,
        "decline": HouseholdStatus.DROPPED,
    }[action]
    try:
        progress.set_household_status(
            household,
            status,
            actor=Actor.RESIDENT,
            reason=form.reason.data if action == "decline" else None,
            offer=offer,
        )
    except MoveRefused as refused:
        message = REFUSALS.get(refused.code, REFUSALS["not_for_residents"])
        return _refused(signup, token, key, {"action": [message]})
    db.session.commit()
    flash(str(DONE[action]), "info")
    return _back(token, key)


@bp.post("/s/<token>/measures/<key>/size")
def home_size(token: str, key: str):
    """Keep the home's own size for a measure, or forget it ("don't know")."""
    signup = own_signup(token)
    household = _household(signup, key)
    unit = logic.unit_of(key)
    if unit == logic.Unit.HOME:
        abort(404)
    form = SizeForm(unit=unit)
    if not form.validate():
        return _refused(signup, token, key, form.errors)
    progress.set_quantity(household, form.tenths)
    db.session.commit()
    flash(_("The size of your home is saved."), "info")
    return _back(token, key)


@bp.post("/s/<token>/measures/<key>/leave")
def leave(token: str, key: str):
    """Leave one measure's group; the sign-up's other measures stay."""
    signup = own_signup(token)
    _household(signup, key)
    if len(signup.measures) == 1:
        message = _("This is your only measure: withdraw your sign-up below.")
        return _refused(signup, token, key, {"leave": [message]})
    meeting = signup.meeting
    progress.leave_measure(signup, key)
    db.session.commit()
    signups_changed(meeting)
    flash(_("You left this group purchase."), "info")
    return private(redirect(url_for("groups.manage_own", token=token), 303))
