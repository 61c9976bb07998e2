"""The facilitator's step forms: what every step has, and a countdown."""

import math

from wtforms import BooleanField, FloatField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.formfields import Form
from app.i18n import _l
from app.meetings import logic

MINUTES_RULE = _l("Give a number of minutes from 0.1 to 180.")


def _a_number(_form, field) -> None:
    if field.data is not None and math.isnan(field.data):
        raise ValidationError(MINUTES_RULE)


class MinutesField(FloatField):
    """Minutes, with a decimal comma or point (2,5 or 2.5)."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".", 1)]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(MINUTES_RULE) from error


def _minutes_field(label, *, required: bool = False):
    return MinutesField(
        label,
        validators=[
            InputRequired(MINUTES_RULE) if required else Optional(),
            _a_number,
            NumberRange(
                min=logic.COUNTDOWN_MIN_SECONDS / 60,
                max=logic.COUNTDOWN_MAX_SECONDS // 60,
                message=MINUTES_RULE,
            ),
        ],
    )


class StepDetailsForm(Form):
    """What every step has: a title, a text and maybe a countdown."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    body = TextAreaField(_l("Text for the phones"), validators=[Length(max=2000)])
    countdown_minutes = _minutes_field(_l("Countdown in minutes (optional)"))
    close_at_end = BooleanField(_l("Close the step when the countdown ends"))

    def countdown_seconds(self) -> int | None:
        return logic.countdown_seconds(self.countdown_minutes.data)


class CountdownForm(Form):
    """Start a countdown on the open step from the manage page."""

    minutes = _minutes_field(_l("Countdown in minutes"), required=True)
    close_at_end = BooleanField(_l("Close the step at the end"))
