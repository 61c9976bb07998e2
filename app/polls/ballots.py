"""Paper for those without a phone: a printable ballot of a poll step, and a
tally view for keying many ballots fast, each one a household entered by hand."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import login_required
from htmx_flask import request
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import language_choices, text_direction
from app.meetings.phones import staff_step_or_404
from app.polls import labels, logic, paper, services
from app.polls.blocks import new_key
from app.polls.forms import BallotForm, UndoBallotForm
from app.polls.models import KIND
from app.polls.routes import _changed

bp = Blueprint("ballots", __name__)


@bp.get("/m/<code>/polls/<int:step_id>/ballot")
@login_required
def ballot(code: str, step_id: int):
    """Show the step's one-page paper ballot, ready to print, in a language."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=False)
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = meeting.locale
    measures = services.measures_of(step)
    boxes = [(box, *labels.HORIZONS[box]) for box in logic.BALLOT_BOXES]
    with force_locale(lang):
        sheet = render_template(
            "polls/_ballot_sheet.html",
            meeting=meeting,
            step=step,
            measures=measures,
            boxes=boxes,
            ballot_lang=lang,
            ballot_dir=text_direction(lang),
        )
    return render_template(
        "polls/ballot.html",
        meeting=meeting,
        step=step,
        sheet=Markup(sheet),  # noqa: S704 - our own template output
        ballot_lang=lang,
        ballot_languages=language_choices(),  # every resident's language
    )


def _tally_page(meeting, step, form, undo_form=None, status: int = 200):
    if status == 200 or form.key.errors or not form.key.data:
        form.key.data = new_key()  # a refused ballot keeps its key: nothing used it
    measures = services.measures_of(step)
    entered = paper.ballot_marks(step)
    return render_template(
        "polls/ballots.html",
        meeting=meeting,
        step=step,
        form=form,
        undo_form=undo_form or UndoBallotForm(),
        measures=measures,
        entered=entered,
        last=entered[-1][0] if entered else None,
        boxes=[(box, *labels.HORIZONS[box]) for box in logic.BALLOT_BOXES],
        blank=logic.BALLOT_BLANK,
        digits={box.value: str(n) for n, box in enumerate(logic.BALLOT_BOXES, 1)},
    ), status


def _problem_text(typed: logic.TypedBallot, measures: int) -> str:
    problem = typed.problem
    if problem == logic.BallotProblem.UNKNOWN_MARK:
        return _("Type only the digits 0 to 5, one per measure. Nothing was saved.")
    if problem == logic.BallotProblem.EMPTY:
        return _("No box is ticked on this ballot. Nothing was saved.")
    return ngettext(
        "One digit per measure: this poll has %(num)d measure and you typed"
        " %(typed)d digits. Nothing was saved.",
        "One digit per measure: this poll has %(num)d measures and you typed"
        " %(typed)d digits. Nothing was saved.",
        measures,
        typed=typed.typed,
    )


@bp.route("/m/<code>/polls/<int:step_id>/ballots", methods=["GET", "POST"])
@login_required
def tally(code: str, step_id: int):
    """Key in paper ballots one after another; each saves a household."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    form = BallotForm()
    if not form.is_submitted():
        return _tally_page(meeting, step, form)
    if not form.validate():
        if not form.digits.errors:
            form.form_errors.append(
                _("Something in the request was not right. Please try again.")
            )
        return _tally_page(meeting, step, form, status=422)
    if paper.ballot_with_key(step, form.key.data):  # the same form sent again
        flash(_("This ballot was saved already."))
        return redirect(url_for("ballots.tally", code=meeting.code, step_id=step.id))
    count = len(services.measures_of(step))
    typed = logic.read_ballot(form.digits.data, count)
    if typed.problem:
        form.digits.errors = [_problem_text(typed, count)]
        return _tally_page(meeting, step, form, status=422)
    try:
        paper.add_ballot(meeting, step, typed.marks, form.key.data)
        db.session.commit()
    except IntegrityError:  # the same form, sent twice at once: saved once
        db.session.rollback()
        flash(_("This ballot was saved already."))
    else:
        _changed(meeting.id, step.id)
        number = paper.paper_households(step)
        flash(_("Ballot %(num)d saved.", num=number))
    return redirect(url_for("ballots.tally", code=meeting.code, step_id=step.id))


@bp.post("/m/<code>/polls/<int:step_id>/ballots/undo")
@login_required
def undo(code: str, step_id: int):
    """Take the ballot entered last back out, with its household."""
    meeting, step = staff_step_or_404(code, step_id, KIND, manage=True)
    undo_form = UndoBallotForm()
    last = paper.last_ballot(step)
    if not undo_form.validate_on_submit() or last is None:
        undo_form.form_errors.append(_("There is no ballot to undo."))
        return _tally_page(meeting, step, BallotForm(formdata=None), undo_form, 422)
    if undo_form.ballot.data != last.id:
        undo_form.form_errors.append(
            _("That ballot was undone already, or another one was entered since.")
        )
        return _tally_page(meeting, step, BallotForm(formdata=None), undo_form, 409)
    number = paper.paper_households(step)
    paper.undo_ballot(meeting, last)
    db.session.commit()
    _changed(meeting.id, step.id)
    flash(_("Ballot %(num)d was taken back out.", num=number))
    return redirect(url_for("ballots.tally", code=meeting.code, step_id=step.id))
