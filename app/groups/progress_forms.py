"""Staff forms: offers, status moves in bulk and housing units."""

from datetime import date, timedelta

from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.formfields import CheckboxListField, Form, choice_list
from app.groups import logic
from app.groups.logic import DropReason, HouseholdStatus, PremiumKind
from app.groups.models import OfferKind
from app.groups.progress_labels import (
    DROP_REASON_LABELS,
    HOUSEHOLD_STATUS_LABELS,
    OFFER_KIND_LABELS,
    PER_UNIT_LABELS,
    PREMIUM_KIND_LABELS,
    PREMIUM_LABELS,
)
from app.i18n import _l

#: Mijn VerbouwPremie exists since 1 July 2022: no estimate is older
PREMIUM_SINCE = date(2022, 7, 1)
LONGEST_VALIDITY = timedelta(days=5 * 366)  #: no offer runs longer than this
REASONS = choice_list([("", _l("Choose a reason")), *DROP_REASON_LABELS.items()])


class OfferForm(Form):
    kind = RadioField(
        _l("Kind of offer"),
        choices=choice_list(OFFER_KIND_LABELS.items()),
        default=OfferKind.QUOTE.value,
        validators=[InputRequired()],
    )
    contractor = StringField(
        _l("Contractor"), validators=[DataRequired(), Length(max=120)]
    )
    price = StringField(
        _l("Price in euro, VAT included"),
        validators=[DataRequired(), Length(max=20)],
    )
    unit = SelectField(
        _l("Price per"),
        choices=choice_list(PER_UNIT_LABELS.items()),
        validators=[InputRequired()],
    )
    included = TextAreaField(
        _l("What is included"), validators=[Optional(), Length(max=2000)]
    )
    valid_until = DateField(_l("Valid until"), validators=[InputRequired()])
    conditions = TextAreaField(
        _l("Conditions"), validators=[Optional(), Length(max=2000)]
    )
    premium_category = SelectField(
        _l("Mijn VerbouwPremie category"),
        choices=choice_list([("", _l("No premium estimate")), *PREMIUM_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    premium_kind = RadioField(
        _l("Premium estimate"),
        choices=choice_list(PREMIUM_KIND_LABELS.items()),
        default=PremiumKind.PER_UNIT.value,
        validators=[Optional()],
    )
    premium_amount = StringField(
        _l("Premium estimate in euro"), validators=[Optional(), Length(max=20)]
    )
    premium_as_of = DateField(_l("Estimate as of"), validators=[Optional()])

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.cents: int | None = None
        self.premium_cents: int | None = None

    def validate_price(self, field) -> None:
        self.cents = logic.parse_euros(field.data or "")
        if self.cents is None:
            field.errors.append(
                _l("Give a price in euro, like 45 or 45,50 (at most one million).")
            )

    def validate_valid_until(self, field) -> None:
        if field.data is None:
            return
        if field.data < self.today:
            field.errors.append(_l("An offer must be valid today or later."))
        elif field.data > self.today + LONGEST_VALIDITY:
            field.errors.append(_l("An offer runs at most five years."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.premium_category.data:
            return valid
        if self.premium_kind.data not in set(PremiumKind):
            self.premium_kind.errors = [_l("Say how the premium is counted.")]
            valid = False
        self.premium_cents = logic.parse_euros(self.premium_amount.data or "")
        if self.premium_cents is None:
            self.premium_amount.errors = [
                *self.premium_amount.errors,
                _l("Give the premium estimate in euro, like 20 or 2750."),
            ]
            valid = False
        as_of = self.premium_as_of.data
        if as_of is None or not PREMIUM_SINCE <= as_of <= self.today:
            self.premium_as_of.errors = [
                *self.premium_as_of.errors,
                _l("Give the day the estimate is from: today or earlier."),
            ]
            valid = False
        return valid

    def data_for_service(self) -> dict:
        premium = bool(self.premium_category.data)
        return {
            "kind": self.kind.data,
            "contractor": self.contractor.data.strip(),
            "unit": self.unit.data,
            "price_cents": self.cents,
            "included": (self.included.data or "").strip(),
            "conditions": (self.conditions.data or "").strip(),
            "valid_until": self.valid_until.data,
            "premium_category": self.premium_category.data if premium else None,
            "premium_kind": self.premium_kind.data if premium else None,
            "premium_cents": self.premium_cents if premium else None,
            "premium_as_of": self.premium_as_of.data if premium else None,
        }


def offer_form_for(offer, measure_key: str, today: date, **kwargs) -> OfferForm:
    """Return the form of an offer, or of a new one in the measure's unit."""
    if offer is None:
        return OfferForm(
            today=today,
            unit=logic.unit_of(measure_key).value,
            premium_category=logic.MEASURE_PREMIUMS.get(measure_key, ""),
            premium_as_of=today,
            **kwargs,
        )
    return OfferForm(
        today=today,
        data={
            "kind": offer.kind,
            "contractor": offer.contractor,
            "price": _euros_typed(offer.price_cents),
            "unit": offer.unit,
            "included": offer.included,
            "valid_until": offer.valid_until,
            "conditions": offer.conditions,
            "premium_category": offer.premium_category or "",
            "premium_kind": offer.premium_kind or PremiumKind.PER_UNIT.value,
            "premium_amount": _euros_typed(offer.premium_cents),
            "premium_as_of": offer.premium_as_of,
        },
        **kwargs,
    )


def _euros_typed(cents: int | None) -> str:
    """Return cents as staff type them: "45" or "45,50"."""
    if cents is None:
        return ""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}" if rest else str(euros)


class BulkStatusForm(Form):
    households = CheckboxListField(_l("Households"), choices=[])
    from_status = SelectField(
        _l("Or all households with status"),
        choices=choice_list(
            [("", _l("Only those ticked")), *HOUSEHOLD_STATUS_LABELS.items()]
        ),
        default="",
        validators=[Optional()],
    )
    status = SelectField(
        _l("New status"),
        choices=choice_list(HOUSEHOLD_STATUS_LABELS.items()),
        validators=[InputRequired()],
    )
    reason = SelectField(
        _l("Reason for stopping"), choices=REASONS, validators=[Optional()]
    )

    def __init__(self, *args, household_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.households.choices = choice_list((i, i) for i in household_ids)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if bool(self.households.data) == bool(self.from_status.data):
            self.households.errors = [
                _l("Tick households, or choose all households with one status.")
            ]
            valid = False
        dropping = self.status.data == HouseholdStatus.DROPPED
        if dropping and self.reason.data not in set(DropReason):
            self.reason.errors = [_l("Choose why these households stopped.")]
            valid = False
        if not dropping and self.reason.data:
            self.reason.errors = [_l("A reason goes only with stopping.")]
            valid = False
        return valid

    def signup_ids(self) -> set[int] | None:
        return {int(i) for i in self.households.data} if self.households.data else None


class HousingUnitsForm(Form):
    housing_units = StringField(_l("Housing units"), validators=[Length(max=12)])

    def validate_housing_units(self, field) -> None:
        typed = (field.data or "").strip()
        if typed and not (
            typed.isascii() and typed.isdigit() and 1 <= int(typed) <= 1_000_000
        ):
            field.errors.append(_l("Give a whole number of homes, or leave it empty."))

    def value(self) -> int | None:
        typed = (self.housing_units.data or "").strip()
        return int(typed) if typed else None
