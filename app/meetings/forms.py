"""Forms for joining, creating meetings and building the agenda."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.config import LANGUAGES
from app.formfields import choice_list
from app.i18n import LANGUAGE_NAMES, _l
from app.meetings.models import Dwelling, StepKind, Tenure

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
STEP_KIND_LABELS = {
    StepKind.INFO: _l("Information"),
}


class CodeForm(FlaskForm):
    code = StringField(
        _l("Meeting code"), validators=[DataRequired(), Length(min=4, max=16)]
    )


class JoinForm(FlaskForm):
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


class MeetingForm(FlaskForm):
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


class StepForm(FlaskForm):
    kind = SelectField(
        _l("Kind of step"), choices=choice_list(STEP_KIND_LABELS.items())
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    body = TextAreaField(_l("Text for the phones"), validators=[Length(max=2000)])
