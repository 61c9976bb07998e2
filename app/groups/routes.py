"""Sign-up step on the phone, and the private link to see, change or withdraw."""

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from htmx_flask import request
from markupsafe import escape

from app.extensions import db
from app.fragments import fragment
from app.groups import blocks, editing, own_view, services, street_list
from app.groups.forms import HORIZON_LABELS, SignupForm
from app.groups.logic import in_brussels, measures_first
from app.groups.models import KIND
from app.groups.questions import as_form_data
from app.i18n import _l, locale_tag
from app.live.coalesce import broadcast
from app.live.rooms import staff_room
from app.mail import outbox
from app.mail.links import absolute_url
from app.meetings import kinds
from app.meetings.models import Meeting, Participant, Step, StepState
from app.meetings.phone_budget import phone_writes
from app.meetings.phones import phone_step_or_404, refused_unless_open
from app.meetings.shared_renders import keeping_slots, part_slot
from app.polls.catalogue import BY_KEY
from app.polls.services import asked_keys, planned_keys

bp = Blueprint("groups", __name__)
SIGNED_KEY = "signed_up"  #: steps this phone signed up on (never the link itself)
NOTHING_STORED = _l("This question is closed. Nothing was stored.")


def _head_start(
    step: Step, participant: Participant
) -> tuple[list[str], frozenset | None]:
    """Return what the phone marked in the poll and the measures its form lists
    first (asked once per request: the variant and the parts both need it)."""
    asked = g.setdefault("signup_head_start", {})
    if (step.id, participant.id) not in asked:
        planned = planned_keys(step.meeting_id, participant)
        first = measures_first(planned, planned, asked_keys(step.meeting_id))
        asked[step.id, participant.id] = (planned, first)
    return asked[step.id, participant.id]


def phone_variant(step: Step, participant: Participant) -> tuple:
    """What sets a phone's sign-up form apart beyond its own parts (the measures
    it marked, its street): whether a "more" list exists, its home, and
    whether it signed up before."""
    if step.state != StepState.OPEN:
        return ()
    _planned, first = _head_start(step, participant)
    return (
        first is None,
        first is not None and first >= BY_KEY.keys(),
        participant.dwelling,
        participant.tenure,
        step.id in session.get(SIGNED_KEY, []),
    )


def phone_parts(meeting: Meeting, step: Step, participant: Participant):
    """Fill a phone's own part of the shared sign-up form: its measures checked
    and listed first, its street; and the municipality's street list, kept
    once for all its phones."""
    if step.state != StepState.OPEN:
        return None
    planned, first = _head_start(step, participant)
    checked, first = frozenset(planned), first or frozenset()

    def part(name: str) -> str:
        if name == "street":
            return str(escape(participant.street or ""))
        if name == "streets":  # the same for every phone of the municipality
            return street_list.phone_datalist(meeting.id, meeting.version)
        listed, _, key = name.partition("-")
        if (key in first) != (listed == "first"):
            return ""
        return blocks.measure_option(key, key in checked)

    return part


def phone_context(meeting: Meeting, step: Step, participant: Participant) -> dict:
    planned, first = _head_start(step, participant)
    shared = keeping_slots()
    form = SignupForm(
        measures=[] if shared else planned,
        dwelling=participant.dwelling or "",
        tenure=participant.tenure or "",
        street=part_slot("street") if shared else participant.street or "",
    )
    return {
        "signup_form": form,
        "first_measures": first,
        "measure_parts": "" if shared and first is not None else None,
        "signed_before": step.id in session.get(SIGNED_KEY, []),
        "street_names": (
            part_slot("streets")
            if shared
            else street_list.datalist(meeting.municipality_id)
        ),
    }


def staff_context(meeting: Meeting, step: Step) -> dict:
    return {"signups": services.signup_count(meeting)}


def report_context(meeting: Meeting, step: Step) -> dict:
    """The report's totals: sign-ups in all and per measure, never contact data."""
    totals = services.signup_totals(meeting)
    return {
        **staff_context(meeting, step),
        "by_measure": [
            (BY_KEY[key].name if key in BY_KEY else key, count)
            for key, count in totals.items()
        ],
    }


kinds.register(
    KIND,
    kinds.KindViews(
        label=_l("Sign up for group purchases"),
        position=40,
        phone_template="groups/_phone.html",
        screen_template="groups/_screen.html",
        manage_template="groups/_screen.html",
        report_template="groups/_report.html",
        report_context=report_context,
        phone_context=phone_context,
        screen_context=staff_context,
        manage_context=staff_context,
        phone_variant=phone_variant,
        phone_parts=phone_parts,
        has_answers=editing.has_answers,
    ),
)


@bp.post("/m/<code>/groups/<int:step_id>/signup")
@phone_writes
def signup(code: str, step_id: int):
    """Sign a household up for group purchases, with explicit consent."""
    meeting, step, participant = phone_step_or_404(code, step_id, KIND)
    form = SignupForm()
    # a refused form keeps what was ticked in view, and the household's short list
    first = measures_first(
        form.measures.data or (),
        planned_keys(meeting.id, participant),
        asked_keys(meeting.id),
    )
    if refused := refused_unless_open(step, NOTHING_STORED):
        status, error = refused
        return fragment(
            "groups/_phone.html",
            status,
            meeting=meeting,
            step=step,
            signup_form=form,
            first_measures=first,
            error=error,
            street_names=street_list.datalist(meeting.municipality_id),
        )
    if not form.validate_on_submit():
        return fragment(
            "groups/_phone.html",
            422,
            meeting=meeting,
            step=step,
            signup_form=form,
            first_measures=first,
            street_names=street_list.datalist(meeting.municipality_id),
        )
    signup, token = services.create_signup(
        meeting, form.data_for_service(), language=locale_tag()
    )
    link = absolute_url("groups.manage_own", token=token)
    # in the sign-up's own transaction: a mail server away never fails it
    mailed = outbox.queue_signup(signup, link) is not None
    db.session.commit()
    session[SIGNED_KEY] = [*session.get(SIGNED_KEY, []), step.id]
    signups_changed(meeting)
    return fragment(
        "groups/_thanks.html", meeting=meeting, step=step, link=link, mailed=mailed
    )


def signups_changed(meeting: Meeting | None) -> None:
    """Tell the meeting's screen and facilitator to count again (after commit)."""
    if meeting is not None:
        broadcast(staff_room(meeting.id), "signups-changed", {"meeting": meeting.id})


def own_signup(token: str):
    signup = services.signup_by_token(token)
    if signup is None:
        abort(404)
    return signup


def _filled_in(signup) -> dict:
    """Return a sign-up as the form's data: the measures as their keys."""
    data = {
        name: "" if getattr(signup, name) is None else getattr(signup, name)
        for name in (*services.PERSONAL, *services.DETAILS, "consent_contact")
    }
    return {
        **data,
        "measures": sorted(signup.measure_keys),
        **as_form_data(signup.answer_map),
    }


def private(response):
    """The link is the key: keep it out of caches, history and referrers."""
    response.cache_control.no_store = True
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/s/<token>", methods=["GET", "POST"])
def manage_own(token: str):
    """Show a sign-up to its owner, and let them change it."""
    signup = own_signup(token)
    form = SignupForm(data=_filled_in(signup))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            services.update_signup(signup, form.data_for_service())
            signup.language = locale_tag()  # its mail follows the page's language
            db.session.commit()
            signups_changed(signup.meeting)
            return private(redirect(url_for("groups.manage_own", token=token, saved=1)))
        status = 422
    return own_page(signup, token, form, status)


def own_page(signup, token: str, form=None, status: int = 200, offer_errors=None):
    """Render the private link page: the sign-up's form, and per measure its
    status and offers (app/groups/own_view.py), with a refused form's errors."""
    form = form or SignupForm(data=_filled_in(signup))
    response = render_template(
        "groups/own.html",
        signup=signup,
        form=form,
        token=token,
        consented_on=in_brussels(signup.consented_at).date(),
        horizon_labels=HORIZON_LABELS,
        catalogue=BY_KEY,
        first_measures=measures_first(form.measures.data or (), (), ()),
        saved=request.args.get("saved") == "1",
        own_measures=own_view.own_measures(signup, offer_errors),
        **own_view.LABELS,
        street_names=street_list.datalist(signup.municipality_id),
    )
    return private(make_response(response, status))


@bp.post("/s/<token>/withdraw")
def withdraw(token: str):
    """Delete the sign-up; the link then behaves like an unknown one."""
    signup = own_signup(token)
    meeting = signup.meeting
    services.withdraw(signup)
    db.session.commit()
    signups_changed(meeting)
    page = render_template("groups/withdrawn.html", meeting=meeting)
    return private(make_response(page))
