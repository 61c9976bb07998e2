"""Default personas and prompts (domain fact sheet, section 5), and the ways a
proposal can work out for a persona."""

from dataclasses import dataclass

from flask_babel import LazyString

from app.i18n import _l


@dataclass(frozen=True)
class CataloguePersona:
    key: str
    icon: str
    name: LazyString
    description: LazyString


PERSONAS = [
    CataloguePersona(
        "walker",
        "walker",
        _l("Older resident with a walker"),
        _l(
            "Walks slowly with a walker, needs benches and step-free paths, "
            "feels the cold in winter and wants to keep living at home."
        ),
    ),
    CataloguePersona(
        "wheelchair",
        "wheelchair",
        _l("Wheelchair user"),
        _l(
            "Needs wide, even footpaths without loose gravel, "
            "and room to pass facade gardens and street cabinets."
        ),
    ),
    CataloguePersona(
        "blind",
        "blind",
        _l("Blind or partially sighted neighbour"),
        _l(
            "Finds the way by contrast, tactile lines and a layout that stays "
            "the same; building works on the footpath are a real obstacle."
        ),
    ),
    CataloguePersona(
        "pram",
        "pram",
        _l("Parent with a pram"),
        _l(
            "Pushes a pram or buggy every day and needs kerbs that are low "
            "and footpaths that are free."
        ),
    ),
    CataloguePersona(
        "child",
        "child",
        _l("Child of 8 to 12"),
        _l(
            "Walks or cycles alone to school or the playground and needs "
            "a street that feels safe and has room to play."
        ),
    ),
    CataloguePersona(
        "tenant",
        "tenant",
        _l("Tenant on a low income"),
        _l(
            "Rents an old, draughty home, cannot decide on renovation "
            "and worries about the energy bill."
        ),
    ),
    CataloguePersona(
        "newcomer",
        "newcomer",
        _l("Newcomer with little Dutch"),
        _l(
            "Arrived recently, reads little Dutch and needs short sentences, "
            "pictures and someone to ask."
        ),
    ),
    CataloguePersona(
        "offline",
        "offline",
        _l("Person with low digital skills"),
        _l(
            "Has an old phone or none, and misses what is only announced "
            "online or by app."
        ),
    ),
    CataloguePersona(
        "retired_owner",
        "retired_owner",
        _l("Retired owner-occupier"),
        _l(
            "Owns the house, lives on a pension and wonders whether a big "
            "renovation is still worth it."
        ),
    ),
]
PERSONA_BY_KEY = {p.key: p for p in PERSONAS}
CUSTOM_PERSONA_ICON = "person"

PROMPTS = {
    "street_needs": _l(
        "What does this person need from our street when it is redesigned?"
    ),
    "measure_help": _l(
        "Which measure would help this person most, and what stands in the way?"
    ),
}

#: how a proposal works out for a persona (logic.RATINGS): pictogram and words
RATING_LABELS = {
    "helps": ("helps", _l("Helps")),
    "neutral": ("neutral", _l("No difference")),
    "hinders": ("hinders", _l("In the way")),
}
