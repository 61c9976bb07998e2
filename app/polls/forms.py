"""Poll forms: a phone's answer and stance, and the facilitator's assisted entry."""

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.formfields import CheckboxListField, Form, IdField, choice_list
from app.i18n import _l
from app.meetings.logic import Stance
from app.polls.catalogue import CATALOGUE, DEFAULT_KEYS
from app.polls.logic import Barrier, Horizon

KEY_RULES = [DataRequired(), Length(min=8, max=40), Regexp(r"^[A-Za-z0-9_-]+$")]


def _values(enum_type, *, blank: bool = False):
    return choice_list(
        ([("", "")] if blank else []) + [(v.value, v.value) for v in enum_type]
    )


class AnswerForm(Form):
    measure = IdField(validators=[DataRequired()])
    horizon = SelectField(choices=_values(Horizon), validators=[DataRequired()])
    barrier = SelectField(choices=_values(Barrier, blank=True), validators=[Optional()])
    key = HiddenField(validators=KEY_RULES)


class StanceForm(Form):
    stance = SelectField(choices=_values(Stance), validators=[DataRequired()])


def assisted_form(measures, tenure_choices, dwelling_choices) -> Form:
    """Build the facilitator's form for a household without a phone."""

    class AssistedForm(Form):
        key = HiddenField(validators=KEY_RULES)
        stance = SelectField(
            choices=_values(Stance, blank=True), validators=[Optional()]
        )
        tenure = SelectField(
            _l("Your home"),
            choices=choice_list(tenure_choices),
            validators=[Optional()],
        )
        dwelling = SelectField(
            _l("Type of home"),
            choices=choice_list(dwelling_choices),
            validators=[Optional()],
        )

    for measure in measures:
        setattr(
            AssistedForm,
            f"h{measure.id}",
            SelectField(choices=_values(Horizon, blank=True), validators=[Optional()]),
        )
        setattr(
            AssistedForm,
            f"b{measure.id}",
            SelectField(choices=_values(Barrier, blank=True), validators=[Optional()]),
        )
    return AssistedForm()


MAX_CUSTOM_MEASURES = 10
MAX_MEASURE_NAME = 80


class PollStepForm(Form):
    """What a new poll step asks about: catalogue measures and the facilitator's own."""

    measures = CheckboxListField(
        _l("Measures (for an intention poll)"),
        choices=choice_list((m.key, m.name) for m in CATALOGUE),
        default=DEFAULT_KEYS,
    )
    custom_measures = TextAreaField(
        _l("Other measures, one per line"), validators=[Length(max=800)]
    )

    def validate_custom_measures(self, field) -> None:
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > MAX_CUSTOM_MEASURES or any(
            len(line.strip()) > MAX_MEASURE_NAME for line in lines
        ):
            raise ValidationError(_l("At most 10 measures of at most 80 characters."))

    def validate_measures(self, field) -> None:
        if not field.data and not (self.custom_measures.data or "").strip():
            raise ValidationError(_l("Pick at least one measure."))


class BallotForm(Form):
    """One paper ballot as the tally clerk types it: a digit per measure."""

    key = HiddenField(validators=KEY_RULES)
    digits = StringField(
        _l("Boxes ticked, one digit per measure"),
        validators=[DataRequired(_l("Type one digit per measure.")), Length(max=200)],
    )


class UndoBallotForm(Form):
    """Take back the ballot entered last (named, so a second tap undoes nothing)."""

    ballot = IdField(validators=[DataRequired()])
