"""Persona forms: a phone's answers and rating, and the facilitator's deck additions."""

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.formfields import CheckboxListField, Form, IdField, choice_list
from app.i18n import _l
from app.personas.catalogue import PERSONAS
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


class PersonaStepForm(Form):
    """A new persona step's deck, questions and proposals."""

    personas = CheckboxListField(
        _l("Personas (for a persona exercise)"),
        choices=choice_list((p.key, p.name) for p in PERSONAS),
        default=[p.key for p in PERSONAS],
    )
    custom_personas = TextAreaField(
        _l("Your own personas, one per line as 'Name: description'"),
        validators=[Length(max=2000)],
    )
    #: the two default questions when left empty
    custom_prompts = TextAreaField(
        _l("Your own questions, one per line (leave empty for the default questions)"),
        validators=[Length(max=1000)],
    )
    #: the plans for the street that phones rate as their persona
    custom_proposals = TextAreaField(
        _l("Proposals to rate as the persona, one per line (optional)"),
        validators=[Length(max=2000)],
    )

    def validate_custom_proposals(self, field) -> None:
        lines = (field.data or "").splitlines()
        if any(len(line.strip()) > MAX_PROPOSAL for line in lines):
            raise ValidationError(
                _l("A proposal has at most %(max)d characters.", max=MAX_PROPOSAL)
            )

    def validate_personas(self, field) -> None:
        if not field.data and not (self.custom_personas.data or "").strip():
            raise ValidationError(_l("Pick at least one persona."))
