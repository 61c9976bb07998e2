"""The agendas that ship with the app, for any municipality to start from.

Titles and texts are translated into the meeting's language when a meeting
starts from one; the measures and personas are the catalogues' own.
"""

from dataclasses import dataclass

from app.bills.models import KIND as BILLS
from app.groups.models import KIND as GROUPS
from app.i18n import _l
from app.meetings.kinds import INFO
from app.personas.models import KIND as PERSONAS
from app.polls.models import KIND as POLL


@dataclass(frozen=True)
class ShippedStep:
    kind: str
    title: object
    body: object = ""
    content: dict | None = None
    countdown_minutes: int | None = None
    close_at_end: bool = False


@dataclass(frozen=True)
class ShippedTemplate:
    key: str
    name: object
    description: object
    steps: tuple


def _poll(title, body, keys, minutes=None) -> ShippedStep:
    content = {"measures": list(keys), "custom_measures": ""}
    return ShippedStep(POLL, title, body, content, minutes, minutes is not None)


def _personas(title, body, keys, proposals=()) -> ShippedStep:
    """A persona step; proposals (translated) become one per line."""
    content = {
        "personas": list(keys),
        "custom_personas": "",
        "custom_prompts": "",
        "custom_proposals": tuple(proposals),
    }
    return ShippedStep(PERSONAS, title, body, content)


EACH_MEASURE = _l(
    "For each measure: done, within a year, within five years, or not now."
)
WELCOME = ShippedStep(
    INFO,
    _l("Welcome"),
    _l("Tonight we talk about our street's homes and energy. Join with your phone."),
)
SIGN_UP = ShippedStep(
    GROUPS,
    _l("Do it together"),
    _l("Sign up to hear about group purchases for your street."),
)
BILLS_STEP = ShippedStep(
    BILLS,
    _l("Our energy bills"),
    _l("Enter a few figures from your bill, anonymously, and see where the street is."),
)

SHIPPED = (
    ShippedTemplate(
        "renovation",
        _l("Climate table: renovation"),
        _l("Renovating homes together: plans, bills, barriers and group purchases."),
        (
            WELCOME,
            BILLS_STEP,
            _poll(
                _l("What are you planning for your home?"),
                EACH_MEASURE,
                [
                    "roof_ins",
                    "ext_wall_ins",
                    "cavity_ins",
                    "floor_ins",
                    "glazing",
                    "ext_joinery",
                    "ventilation",
                    "hp_air_water",
                    "hp_boiler",
                    "pv",
                ],
                minutes=10,
            ),
            _personas(
                _l("Renovating for everyone"),
                _l("Look at renovation through someone else's eyes."),
                ["tenant", "retired_owner", "newcomer", "offline"],
            ),
            SIGN_UP,
        ),
    ),
    ShippedTemplate(
        "streets",
        _l("Streets for the future"),
        _l("The street of tomorrow: mobility, greenery and who the street is for."),
        (
            WELCOME,
            _personas(
                _l("Whose street is it?"),
                _l("Walk through the street as your persona and rate the proposals."),
                ["walker", "wheelchair", "blind", "pram", "child"],
                (
                    _l("Footpaths at least 1.5 m wide on both sides"),
                    _l("Secure bike parking in the street"),
                    _l("Shared cars parked in the street"),
                    _l("Charging points for electric cars"),
                    _l("Facade gardens and trees instead of parking spaces"),
                ),
            ),
            _poll(
                _l("What would you do for a greener, calmer street?"),
                EACH_MEASURE,
                [
                    "car_share",
                    "bike_shed",
                    "ev_charger",
                    "facade_garden",
                    "tree",
                    "tile_lift",
                    "rain_tank",
                ],
                minutes=8,
            ),
            SIGN_UP,
        ),
    ),
    ShippedTemplate(
        "heat_network",
        _l("Heat network"),
        _l("A heat network for the neighbourhood: interest, bills, what homes need."),
        (
            ShippedStep(
                INFO,
                _l("A heat network for our neighbourhood"),
                _l("How a heat network works, what it costs, what it asks of a home."),
            ),
            BILLS_STEP,
            _poll(
                _l("Would you connect?"),
                EACH_MEASURE,
                [
                    "district_heat",
                    "roof_ins",
                    "ext_wall_ins",
                    "glazing",
                    "hp_air_water",
                    "hp_boiler",
                ],
                minutes=8,
            ),
            SIGN_UP,
        ),
    ),
)
BY_KEY_SHIPPED = {t.key: t for t in SHIPPED}
