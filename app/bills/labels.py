"""Translated words for heating, contracts and positions."""

from app.bills.logic import SCALES, Contract, Heating, HeatUnit
from app.i18n import _l

HEATING = {
    Heating.GAS: _l("Natural gas"),
    Heating.OIL: _l("Heating oil"),
    Heating.HEAT_PUMP: _l("Heat pump"),
    Heating.DISTRICT: _l("District heating"),
    Heating.ELECTRIC: _l("Electric heaters"),
    Heating.OTHER: _l("Something else"),
}
HEAT_UNITS = {
    HeatUnit.KWH: _l("kWh"),
    HeatUnit.M3: _l("m³ of gas"),
    HeatUnit.LITRE: _l("litres of oil"),
}
CONTRACTS = {
    Contract.FIXED: _l("Fixed price"),
    Contract.VARIABLE: _l("Variable price"),
    Contract.DYNAMIC: _l("Dynamic price"),
    Contract.SOCIAL: _l("Social tariff"),
}
POSITIONS = {
    "lower": _l("lower than most neighbours"),
    "middle": _l("about the same as most neighbours"),
    "higher": _l("higher than most neighbours"),
}
FIGURES = {
    "elec_kwh": _l("Electricity per household per year"),
    "heat_kwh": _l("Heating per household per year"),
    "advance_eur": _l("Monthly advance now"),
    "peak_advance_eur": _l("Monthly advance at the end of 2022"),
    "price_eur_kwh": _l("Price per kWh"),
    "contract": _l("Contracts"),
}
#: SCALES (the public bands) is here for the reference household's picture
__all__ = ["CONTRACTS", "FIGURES", "HEATING", "HEAT_UNITS", "POSITIONS", "SCALES"]
