"""The measure catalogue: ids from the domain fact sheet and names; each key has
its own pictogram in app/icons.py."""

from dataclasses import dataclass

from flask_babel import LazyString

from app.i18n import _l


@dataclass(frozen=True)
class CatalogueMeasure:
    key: str
    name: LazyString

    @property
    def icon(self) -> str:
        """Return the name of its pictogram (app/icons.py): its own key."""
        return self.key


CATALOGUE = [
    CatalogueMeasure("pv", _l("Solar panels")),
    CatalogueMeasure("roof_ins", _l("Roof insulation")),
    CatalogueMeasure("ext_wall_ins", _l("Wall or facade insulation")),
    CatalogueMeasure("glazing", _l("New windows and glazing")),
    CatalogueMeasure("hp_air_water", _l("Heat pump")),
    CatalogueMeasure("facade_garden", _l("Facade garden")),
    CatalogueMeasure("tree", _l("Trees and shrubs")),
    CatalogueMeasure("tile_lift", _l("Tile-lifting: unpave the garden")),
    CatalogueMeasure("rain_tank", _l("Rainwater tank")),
    CatalogueMeasure("cavity_ins", _l("Cavity wall insulation")),
    CatalogueMeasure("floor_ins", _l("Floor insulation")),
    CatalogueMeasure("ventilation", _l("Ventilation with heat recovery")),
    CatalogueMeasure("battery", _l("Home battery")),
    CatalogueMeasure("green_roof", _l("Green roof")),
    CatalogueMeasure("energy_comm", _l("Join an energy community")),
    CatalogueMeasure("district_heat", _l("Connect to a heat network")),
    CatalogueMeasure("hp_boiler", _l("Heat-pump water heater")),
    CatalogueMeasure("ext_joinery", _l("New outer doors and window frames")),
    CatalogueMeasure("ev_charger", _l("Charging point for an electric car")),
    CatalogueMeasure("car_share", _l("Shared car")),
    CatalogueMeasure("bike_shed", _l("Secure bike parking or bike shed")),
]
BY_KEY = {m.key: m for m in CATALOGUE}
#: what a new poll step starts with, as the issue's residents asked for
DEFAULT_KEYS = [
    "pv",
    "roof_ins",
    "ext_wall_ins",
    "glazing",
    "hp_air_water",
    "facade_garden",
    "tree",
    "tile_lift",
    "rain_tank",
]
#: the pictogram (app/icons.py) of a measure the facilitator typed
CUSTOM_ICON = "measure"
