"""Translated words for a household's status, drop reasons, units and premium
categories: residents read them on their private link page, staff on theirs."""

from app.groups.logic import DropReason, HouseholdStatus, Premium, PremiumKind, Unit
from app.groups.models import OfferKind
from app.i18n import _l

HOUSEHOLD_STATUS_LABELS = {
    HouseholdStatus.INTERESTED: _l("Interested"),
    HouseholdStatus.QUALIFIED: _l("Ready for a site visit"),
    HouseholdStatus.VISIT_PLANNED: _l("Site visit asked or planned"),
    HouseholdStatus.OFFER_ACCEPTED: _l("Offer accepted"),
    HouseholdStatus.WORKS_DONE: _l("Works done"),
    HouseholdStatus.DROPPED: _l("Stopped"),
}
DROP_REASON_LABELS = {
    DropReason.PRICE: _l("The price"),
    DropReason.TIMING: _l("The timing"),
    DropReason.LANDLORD: _l("The landlord"),
    DropReason.TECHNICAL: _l("Technical reasons"),
    DropReason.OTHER: _l("Another reason"),
}
#: the unit after a price: "€ 45 per m²"
PER_UNIT_LABELS = {
    Unit.SQUARE_METRE: _l("per m²"),
    Unit.KILOWATT_PEAK: _l("per kWp"),
    Unit.WINDOW: _l("per window"),
    Unit.METRE: _l("per metre"),
    Unit.HOME: _l("per home"),
}
#: the unit after a quantity: "80 m²"
UNIT_LABELS = {
    Unit.SQUARE_METRE: _l("m²"),
    Unit.KILOWATT_PEAK: _l("kWp"),
    Unit.WINDOW: _l("windows"),
    Unit.METRE: _l("metres"),
    Unit.HOME: _l("home"),
}
#: what the private link page asks about a home's size
QUANTITY_QUESTIONS = {
    Unit.SQUARE_METRE: _l("How many m² is it at your home (roof, facade or floor)?"),
    Unit.KILOWATT_PEAK: _l("How many kWp of solar panels do you want?"),
    Unit.WINDOW: _l("How many windows or outer doors?"),
    Unit.METRE: _l("How many metres?"),
}
PREMIUM_LABELS = {
    Premium.ROOF: _l("Roof"),
    Premium.WINDOWS_DOORS: _l("Windows and outer doors"),
    Premium.WALL_INSULATION: _l("Wall insulation"),
    Premium.FLOOR_INSULATION: _l("Floor insulation"),
    Premium.HEAT_PUMP: _l("Heat pumps"),
    Premium.HEAT_PUMP_BOILER: _l("Heat-pump water heater"),
    Premium.SOLAR_BOILER: _l("Solar water heater"),
    Premium.INTERIOR: _l("Interior works"),
    Premium.ELECTRICITY_SANITATION: _l("Electricity and sanitation"),
}
PREMIUM_KIND_LABELS = {
    PremiumKind.PER_UNIT: _l("Per unit"),
    PremiumKind.FIXED: _l("One amount per home"),
}
OFFER_KIND_LABELS = {
    OfferKind.PROCURED: _l("Offer of the contractor the municipality chose"),
    OfferKind.QUOTE: _l("Quote"),
}
