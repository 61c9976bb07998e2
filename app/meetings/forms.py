"""Forms for joining, creating meetings and building the agenda."""

from datetime import date

from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.config import LANGUAGES
from app.formfields import Form, choice_list
from app.i18n import LANGUAGE_NAMES, _l
from app.meetings.models import Dwelling, StepKind, Tenure
from app.personas.catalogue import PERSONAS
from app.personas.logic import MAX_PROPOSAL
from app.polls.catalogue import CATALOGUE, DEFAULT_KEYS

TENURE_LABELS = {
    Tenure.OWNER: _l("I own and live here"),
    Tenure.TENANT: _l("I rent"),
    Tenure.SOCIAL_TENANT: _l("I rent from a social housing company"),
    Tenure.LANDLORD: _l("I rent out a home"),
}
DWELLING_LABELS = {
    Dwelling.APARTMENT: _l("Apartment"),
    Dwelling.ROW_HOUSE: _l("Row house"),
    Dwelling.SEMI_DETACHED: _l("Semi-detached house"),
    Dwelling.DETACHED: _l("Detached house"),
}
MAX_CUSTOM_MEASURES = 10
MAX_MEASURE_NAME = 80
STEP_KIND_LABELS = {
    StepKind.INFO: _l("Information"),
    StepKind.POLL: _l("Intention poll"),
    StepKind.BILLS: _l("Energy bill comparison"),
    StepKind.PERSONAS: _l("Persona exercise"),
    StepKind.GROUPS: _l("Sign up for group purchases"),
}


class CodeForm(Form):
    code = StringField(
        _l("Meeting code"), validators=[DataRequired(), Length(min=4, max=16)]
    )


class JoinForm(Form):
    """The optional household profile; never a name."""

    tenure = RadioField(
        _l("Your home"),
        choices=choice_list([("", _l("Rather not say")), *TENURE_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    dwelling = RadioField(
        _l("Type of home"),
        choices=choice_list([("", _l("Rather not say")), *DWELLING_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    street = StringField(_l("Street (optional)"), validators=[Length(max=120)])


class MeetingForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    neighbourhood = StringField(
        _l("Neighbourhood"), validators=[DataRequired(), Length(max=120)]
    )
    held_on = DateField(_l("Date"), default=date.today, validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=160)])
    locale = SelectField(
        _l("Language of the meeting"),
        choices=choice_list((code, LANGUAGE_NAMES[code]) for code in LANGUAGES),
    )


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StepForm(Form):
    kind = SelectField(
        _l("Kind of step"), choices=choice_list(STEP_KIND_LABELS.items())
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    body = TextAreaField(_l("Text for the phones"), validators=[Length(max=2000)])
    #: for a poll step: measures from the catalogue ...
    measures = CheckboxListField(
        _l("Measures (for an intention poll)"),
        choices=choice_list((m.key, m.name) for m in CATALOGUE),
        default=DEFAULT_KEYS,
    )
    #: ... and the facilitator's own, one per line
    custom_measures = TextAreaField(
        _l("Other measures, one per line"), validators=[Length(max=800)]
    )

    #: for a persona step: the deck ...
    personas = CheckboxListField(
        _l("Personas (for a persona exercise)"),
        choices=choice_list((p.key, p.name) for p in PERSONAS),
        default=[p.key for p in PERSONAS],
    )
    custom_personas = TextAreaField(
        _l("Your own personas, one per line as 'Name: description'"),
        validators=[Length(max=2000)],
    )
    #: ... and its questions (the two default questions when left empty)
    custom_prompts = TextAreaField(
        _l("Your own questions, one per line (leave empty for the default questions)"),
        validators=[Length(max=1000)],
    )
    #: ... and the plans for the street that phones rate as their persona
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
        custom = (self.custom_personas.data or "").strip()
        if self.kind.data == StepKind.PERSONAS and not field.data and not custom:
            raise ValidationError(_l("Pick at least one persona."))

    def validate_custom_measures(self, field) -> None:
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > MAX_CUSTOM_MEASURES or any(
            len(line.strip()) > MAX_MEASURE_NAME for line in lines
        ):
            raise ValidationError(_l("At most 10 measures of at most 80 characters."))

    def validate_measures(self, field) -> None:
        custom = (self.custom_measures.data or "").strip()
        if self.kind.data == StepKind.POLL and not field.data and not custom:
            raise ValidationError(_l("Pick at least one measure."))
