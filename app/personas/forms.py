"""Persona forms: a phone's answers and rating, and the facilitator's deck additions."""

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.formfields import Form, IdField, choice_list
from app.i18n import _l
from app.personas.logic import MAX_ANSWER, MAX_PROPOSAL, RATINGS

TOO_LONG = _l("Please keep it shorter: at most %(max)d characters.")


def _answer_field():
    return TextAreaField(
        validators=[Optional(), Length(max=MAX_ANSWER, message=TOO_LONG)]
    )


class PersonaAnswerForm(Form):
    """One question's answers, as the persona and as oneself, saved together.

    A field sent blank withdraws that answer, a field not sent leaves it as it
    is; at least one must say something.
    """

    prompt = IdField(validators=[DataRequired()])
    as_persona = _answer_field()
    as_self = _answer_field()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not any(text.strip() for text in self.texts().values()):
            self.form_errors.append(_l("Write something first."))
            return False
        return True

    def texts(self) -> dict[str, str]:
        """Return the text sent for each perspective, as the model names them."""
        fields = {"persona": self.as_persona, "self": self.as_self}
        return {name: f.data or "" for name, f in fields.items() if f.raw_data}


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
