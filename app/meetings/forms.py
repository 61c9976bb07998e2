"""Forms for joining, creating meetings and building the agenda."""

from datetime import date

from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.config import LANGUAGES
from app.formfields import Form, choice_list
from app.i18n import LANGUAGE_NAMES, _l
from app.meetings import kinds
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.meetings.step_forms import StepDetailsForm


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


class StepForm(StepDetailsForm):
    """A new step: its kind, title and text; the kind's own form asks the rest."""

    kind = SelectField(_l("Kind of step"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choice_list(kinds.labels().items())
