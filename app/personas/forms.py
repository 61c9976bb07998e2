"""Persona forms: a phone's answer and rating, and the facilitator's deck additions."""

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.formfields import Form, IdField, choice_list
from app.i18n import _l
from app.personas.logic import MAX_ANSWER, MAX_PROPOSAL, RATINGS

TOO_LONG = _l("Please keep it shorter: at most %(max)d characters.")


class PersonaAnswerForm(Form):
    prompt = IdField(validators=[DataRequired()])
    perspective = SelectField(
        choices=choice_list([("persona", "persona"), ("self", "self")]),
        validators=[DataRequired()],
    )
    text = TextAreaField(
        _l("Your answer"),
        validators=[
            DataRequired(message=_l("Write something first.")),
            Length(max=MAX_ANSWER, message=TOO_LONG),
        ],
    )


class PersonaRatingForm(Form):
    proposal = IdField(validators=[DataRequired()])
    rating = SelectField(
        choices=choice_list([(r, r) for r in RATINGS]), validators=[DataRequired()]
    )


class DeckForm(Form):
    """Add a persona, a prompt or a proposal to a persona step's deck."""

    what = HiddenField(validators=[DataRequired()])
    name = StringField(
        _l("Name of the persona"), validators=[Optional(), Length(max=80)]
    )
    description = TextAreaField(
        _l("Short description"), validators=[Optional(), Length(max=300)]
    )
    prompt = StringField(_l("Question"), validators=[Optional(), Length(max=200)])
    proposal = StringField(
        _l("Proposal"), validators=[Optional(), Length(max=MAX_PROPOSAL)]
    )
