"""The bill form: figures from the annual bill, checked against plausible ranges."""

from decimal import Decimal, InvalidOperation

from wtforms import BooleanField, Field, IntegerField, MonthField, RadioField
from wtforms.validators import DataRequired, NumberRange, Optional
from wtforms.widgets import TextInput

from app.bills import logic
from app.bills.labels import CONTRACTS, HEAT_UNITS, HEATING
from app.formfields import Form, choice_list
from app.i18n import _l
from app.meetings.labels import DWELLING_LABELS


class LocalDecimalField(Field):
    """A decimal that accepts a comma, as Flemish bills print it (0,345)."""

    widget = TextInput()

    def _value(self) -> str:
        return (
            self.raw_data[0]
            if self.raw_data
            else ("" if self.data is None else str(self.data))
        )

    def process_formdata(self, valuelist) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        if not raw:
            self.data = None
            return
        try:
            self.data = Decimal(raw)
        except InvalidOperation as error:
            self.data = None
            raise ValueError(self.gettext("Not a valid number.")) from error
        if not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid number."))


def _number(label):
    return IntegerField(
        label, validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )


class BillForm(Form):
    elec_kwh = _number(_l("Electricity used per year (kWh)"))
    heating = RadioField(
        _l("How is your home heated?"),
        choices=choice_list(HEATING.items()),
        default=logic.Heating.GAS.value,
    )
    heat_amount = _number(_l("Heating used per year"))
    heat_unit = RadioField(
        _l("Unit"),
        choices=choice_list(HEAT_UNITS.items()),
        default=logic.HeatUnit.KWH.value,
    )
    advance_eur = IntegerField(
        _l("Monthly advance now (euro)"),
        validators=[DataRequired(), NumberRange(min=0, max=10_000_000)],
    )
    peak_advance_eur = _number(
        _l("Monthly advance at the end of 2022 (euro, optional)")
    )
    contract = RadioField(
        _l("Your contract"),
        choices=choice_list(CONTRACTS.items()),
        validators=[DataRequired()],
    )
    contract_start = MonthField(
        _l("Contract started (month, optional)"), validators=[Optional()]
    )
    price_eur_kwh = LocalDecimalField(_l("Price per kWh on the bill (euro, optional)"))
    household_size = IntegerField(
        _l("People in your household"),
        validators=[DataRequired(), NumberRange(min=0, max=1000)],
    )
    dwelling = RadioField(
        _l("Type of home"),
        choices=choice_list([("", _l("Rather not say")), *DWELLING_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    confirmed = BooleanField(_l("Yes, these figures are right"))

    #: fields whose value looks unlikely; the resident confirms or corrects them
    doubtful: list[str] = ()

    def figures(self) -> dict:
        """Return the entry's figures in the units stored."""
        price = self.price_eur_kwh.data
        return {
            "elec_kwh": self.elec_kwh.data,
            "heating": self.heating.data,
            "heat_kwh": logic.heat_to_kwh(self.heat_amount.data, self.heat_unit.data),
            "advance_eur": self.advance_eur.data,
            "peak_advance_eur": self.peak_advance_eur.data,
            "contract": self.contract.data,
            "contract_start": self.contract_start.data.strftime("%Y-%m")
            if self.contract_start.data
            else None,
            "price_millis": round(price * 1000) if price is not None else None,
            "household_size": self.household_size.data,
            "dwelling": self.dwelling.data or None,
        }

    def _field_for(self, name: str) -> Field:
        return {"heat_kwh": self.heat_amount, "price_eur_kwh": self.price_eur_kwh}.get(
            name, getattr(self, name, None)
        )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        figures = self.figures()
        if figures["elec_kwh"] is None and figures["heat_kwh"] is None:
            self.elec_kwh.errors.append(
                _l("Enter at least your electricity or your heating use.")
            )
            return False
        checked = {
            **figures,
            "price_eur_kwh": float(self.price_eur_kwh.data)
            if self.price_eur_kwh.data is not None
            else None,
        }
        refused, doubtful = logic.check(checked)
        for name in refused:
            self._field_for(name).errors.append(
                _l("This figure cannot be right. Please check it on your bill.")
            )
        if refused:
            return False
        self.doubtful = doubtful
        return not doubtful or self.confirmed.data
