"""The private link page's forms: a choice for one measure, a home's size."""

from wtforms import BooleanField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from app.formfields import Form, IdField, choice_list
from app.groups import logic
from app.groups.logic import DropReason
from app.groups.progress_labels import DROP_REASON_LABELS
from app.i18n import _l


class ChoiceForm(Form):
    """A resident's choice for one measure: accept an offer, ask for a visit,
    or decline with a reason."""

    action = RadioField(
        _l("Your choice"),
        choices=choice_list((a, a) for a in ("accept", "visit", "decline")),
        validators=[InputRequired()],
    )
    offer = IdField(_l("Offer"), validators=[Optional()])
    reason = RadioField(
        _l("Why not?"),
        choices=choice_list(DROP_REASON_LABELS.items()),
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.action.data == "accept" and self.offer.data is None:
            self.offer.errors = [*self.offer.errors, _l("Choose an offer.")]
            valid = False
        if self.action.data == "decline" and self.reason.data not in set(DropReason):
            self.reason.errors = [_l("Tell us why, so the municipality can learn.")]
            valid = False
        return valid


class SizeForm(Form):
    quantity = StringField(_l("Size of your home"), validators=[Length(max=20)])
    unknown = BooleanField(_l("I don't know"))

    def __init__(self, *args, unit: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.tenths: int | None = None

    def validate_quantity(self, field) -> None:
        typed = (field.data or "").strip()
        if self.unknown.data or not typed:
            return
        self.tenths = logic.parse_quantity(typed, self.unit)
        if self.tenths is None:
            message = (
                _l("Give a whole number, like 12.")
                if self.unit in logic.WHOLE_UNITS
                else _l("Give a number, like 80 or 4,5.")
            )
            field.errors.append(message)
