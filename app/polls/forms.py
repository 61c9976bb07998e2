"""Poll forms: a phone's answer and stance, and the facilitator's assisted entry."""

from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.formfields import Form, IdField, choice_list
from app.i18n import _l
from app.polls.logic import Barrier, Horizon, Stance

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
