"""Our own pictograms: simple line icons on a 24 x 24 grid, drawn in SVG path data.

Every measure of the catalogue, horizon, barrier, stance, rating, persona and
step kind has one, and so do the few signs of the interface (the arrow, the
lock, the globe). They are inlined in the page as `<svg role="img">` with an
accessible name, so they need no emoji font, no icon font and no request of
their own: a phone without colour emoji, a printout and the projector show the
same picture. The style sheet draws them (`.icon`: no fill, the text colour,
round line ends), so they follow the text's colour and forced colours too.
"""

from markupsafe import Markup, escape


def _circle(cx: float, cy: float, r: float) -> str:
    arc = f"a{r:g} {r:g} 0 1 0"
    return f"M{cx - r:g} {cy:g}{arc} {2 * r:g} 0{arc} {-2 * r:g} 0"


_RING = _circle(12, 12, 9)
_HOUSE = "M3 11 12 3l9 8M5 9.5V21h14V9.5"
_CALENDAR = "M4 5h16v16H4zM4 10h16M8 3v4M16 3v4"
_DOCUMENT = "M6 2h9l4 4v16H6zM15 2v4h4"

#: path data per pictogram; each is drawn with the same line (see app.css)
SYMBOLS: dict[str, str] = {
    # measures of the catalogue (app/polls/catalogue.py), by key
    "pv": "M5 21 8 12h13l-3 9zM6.5 16.5h13M14.5 12l-3 9" + _circle(5, 5.5, 2.5),
    "roof_ins": _HOUSE + "M7 12.5l2.5-2 2.5 2 2.5-2 2.5 2",
    "ext_wall_ins": "M3 4h11v16H3zM3 8h11M3 12h11M3 16h11M8.5 4v4M6 8v4M11 8v4"
    "M8.5 12v4M6 16v4M11 16v4M17 3h4v18h-4zM17 6l4 3-4 3 4 3-4 3",
    "glazing": "M4 3h16v18H4zM12 3v18M4 12h16M7 6l2-.01",
    "hp_air_water": "M2 5h20v13H2zM16 9h3M16 12h3M16 15h3M9 8v9M4.5 12.5h9"
    "M5 18v3M19 18v3" + _circle(9, 12.5, 4.5),
    "facade_garden": "M20 3v18M3 21h17M10 21v-8M10 18q-4-1-4-4 4 0 4 4M15 21v-3"
    "M15 19q3-1 3-4-3 0-3 4" + _circle(10, 9, 3),
    "tree": "M12 15v6M8 21h8M12 17l3-3" + _circle(12, 9, 6),
    "tile_lift": "M2 18h7v3H2zM14 19.5l6-5 2 2.5-6 5zM11.5 21v-6"
    "M11.5 15q-4 0-4-4 4 0 4 4"
    "M11.5 17q3 0 3-3-3 0-3 3",
    "rain_tank": "M4 9h14v12H4zM4 13h14M4 17h14M18 18h3v2.5"
    "M11 2.5 9.2 5.2a2.1 2.1 0 1 0 3.6 0z",
    "cavity_ins": "M4 3v18M8 3v18M16 3v18M20 3v18M8 5l8 3-8 3 8 3-8 3 8 3",
    "floor_ins": "M4 3v9M20 3v9M2 12h20v3H2zM3 21l3-3 3 3 3-3 3 3 3-3 3 3",
    "ventilation": "M3 8h11a3 3 0 1 0-3-3M3 12h15a3 3 0 1 1-3 3M3 16h7",
    "battery": "M3 7h16v10H3zM19 10h2v4h-2M11.5 8.5 9 12h4l-2.5 3.5",
    "green_roof": "M4 12h16v9H4zM9 21v-4h6v4M8 12V9M8 10q-2 0-2-2 2 0 2 2M12 12V8"
    "M12 9.5q2 0 2-2.5-2 0-2 2.5M16 12V9M16 10q-2 0-2-2 2 0 2 2",
    "energy_comm": "M2 21v-6l4-3 4 3v6zM14 21v-6l4-3 4 3v6zM10 18h4M13 2l-3 5h4l-3 5",
    "district_heat": "M12 3c2 3 4 4.5 4 7a4 4 0 0 1-8 0c0-2.5 2-4 4-7zM12 14v4M2 18h20"
    "M2 21h20",
    "ev_charger": "M4 21V5a2 2 0 0 1 2-2h6a2 2 0 0 1 2 2v16M2 21h14M9.5 7 7.5 11h4l-2 4"
    "M14 10h2a2 2 0 0 1 2 2v4a1.5 1.5 0 0 0 3 0V9l-2-2",
    "car_share": "M2 17v-5l2.5-5h15l2.5 5v5zM5 12h14M9 4l3-2 3 2"
    + _circle(7, 17, 2)
    + _circle(17, 17, 2),
    "bike_shed": "M2 8l10-5 10 5M7 17l4-6h4l2 6M10 9h2M15 11l-3.5 6"
    + _circle(7, 17, 3.5)
    + _circle(17, 17, 3.5),
    "hp_boiler": "M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8"
    "a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"
    "M9.5 14q1.25-1.5 2.5 0t2.5 0M9.5 17.5q1.25-1.5 2.5 0t2.5 0M12 5v5M9.5 7.5h5",
    "ext_joinery": "M6 21V3h12v18M3 21h18M9 6h6v5H9zM15 14v2",
    # a measure the facilitator typed
    "measure": "M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9zM8 8v.01",
    # horizons (app/polls/logic.py Horizon)
    "done": _RING + "M8 12.5l3 3 5-6",
    "1y": _CALENDAR + "M10.5 14.5 12.5 13v6",
    "5y": _CALENDAR + "M14 13h-3.5l-.5 2.5h2a1.75 1.75 0 0 1 0 3.5h-2",
    "not_now": _RING + "M10 9v6M14 9v6",
    "not_possible": _RING + "M5.6 5.6l12.8 12.8",
    # barriers (app/polls/logic.py Barrier)
    "money": _RING + "M15.5 8.8a4.5 4.5 0 1 0 0 6.4M7.5 11h6M7.5 13h6",
    "information": _RING + "M12 11v5M12 7.5v.01",
    "landlord": _circle(7.5, 16.5, 4) + "M10.5 13.5 20 4M17 7l3 3M15 9l2 2",
    "time": "M6 3h12M6 21h12M7 3v2c0 3 5 5 5 7s-5 4-5 7v2M17 3v2c0 3-5 5-5 7s5 4 5 7v2",
    "contractor": "M3 18h18M5 18v-2a7 7 0 0 1 14 0v2M10 9.5V7h4v2.5",
    "permit": "M5 2h9l4 4v6M5 2v19h7M14 2v4h4M8 8h5M8 12h6"
    + _circle(17, 17, 3)
    + "M15.5 19.5l-.5 3.5 2-1 2 1-.5-3.5",
    "other": _RING + "M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5M12 17v.01",
    # stances (app/meetings/logic.py Stance)
    "can_want": _RING + "M9 10v.01M15 10v.01M8 14a4.5 4.5 0 0 0 8 0",
    "can_not_want": _RING + "M9 10v.01M15 10v.01M9 15h6",
    "want_cannot": "M12 20s-8-5-8-10.5A4.5 4.5 0 0 1 12 7"
    "a4.5 4.5 0 0 1 8 2.5C20 15 12 20 12 20z"
    "M12 7l-1.5 4 3 2-1.5 4",
    "cannot_not_want": "M8 3h8l5 5v8l-5 5H8l-5-5V8zM8 12h8",
    # how a proposal works out for a persona (app/personas/catalogue.py)
    "helps": "M7 10v11H3V10zM7 10l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2.5l-1.5 7"
    "A2 2 0 0 1 17.5 20H7",
    "neutral": _RING + "M8 10h8M8 14h8",
    "hinders": "M7 14V3H3v11zM7 14l4 7a2 2 0 0 0 3-2l-1-4h6a2 2 0 0 0 2-2.5l-1.5-7"
    "A2 2 0 0 0 17.5 4H7",
    # personas (app/personas/catalogue.py), by key
    "walker": _circle(8, 4, 2)
    + "M8 7v6l-2 8M8 13l3 8M8 9l5 2M13 10h5M18 10l2 11M14 10l-1 11",
    "wheelchair": _circle(11, 4, 2) + "M11 7v6h6l2 5M11 10h5M8 11a5 5 0 1 0 6.5 6.5",
    "blind": _circle(10, 4, 2) + "M10 7v7l-2 7M10 14l3 7M10 9l4 3M14 12l5 9",
    "pram": "M4 9h13a5 5 0 0 1-5 5H8a4 4 0 0 1-4-4zM4 9a6 6 0 0 1 6-6v6M17 9l2-5h2"
    + _circle(7, 19, 2)
    + _circle(15, 19, 2),
    "child": _circle(12, 6, 3) + "M12 9v6M8 12l4-2 4 2M12 15l-3 6M12 15l3 6",
    "tenant": _HOUSE + "M12 15h5M15 15v2" + _circle(10, 15, 2),
    "newcomer": "M3 5h12v8H8l-3 3v-3H3zM17 9h4v8h-2v3l-3-3h-4v-2",
    "offline": "M7 2h10v20H7zM11 19h2M3 3l18 18",
    "retired_owner": _HOUSE
    + "M12 18.5s-3-2-3-4a1.5 1.5 0 0 1 3-.5 1.5 1.5 0 0 1 3 .5c0 2-3 4-3 4z",
    # answers before a site visit (app/groups/questions.py); "don't know" is "other"
    "no": _RING + "M9 9l6 6M15 9l-6 6",
    "south": "M3 21l9-7 9 7"
    + _circle(12, 7, 2.5)
    + "M12 2v1M6.5 7h1M16.5 7h1M8.5 3.5l.7.7M15.5 3.5l-.7.7",
    "east_west": "M3 21l9-7 9 7" + _circle(4, 9, 2) + _circle(20, 9, 2),
    "north": "M3 21l9-7 9 7M12 11V3M8.5 6.5 12 3l3.5 3.5",
    "flat_roof": "M3 9h18M5 9v12h14V9M10 21v-5h4v5",
    "pitched_roof": "M2 13 12 4l10 9M5 11v10h14V11M10 21v-5h4v5",
    "sun": _circle(12, 12, 4)
    + "M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4"
    "M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
    "some_shade": _circle(9, 9, 3.5) + "M9 2.5v1M2.5 9h1M4.4 4.4l.7.7M13.6 4.4l-.7.7"
    "M8 21h10a3.5 3.5 0 0 0 0-7 5 5 0 0 0-9.4 1.5A2.8 2.8 0 0 0 8 21z",
    "much_shade": "M7 22v-8" + _circle(7, 9, 5) + "M12 21l5-5 5 5M13 21h8",
    "asbestos": "M12 3 2 20h20zM12 9v5M12 17v.01",
    "era-1": "M2 20h20M4 12v8" + _circle(4, 8.5, 2.5),
    "era-2": "M2 20h20M8 12v8" + _circle(8, 8.5, 2.5),
    "era-3": "M2 20h20M12 12v8" + _circle(12, 8.5, 2.5),
    "era-4": "M2 20h20M16 12v8" + _circle(16, 8.5, 2.5),
    "era-5": "M2 20h20M20 12v8" + _circle(20, 8.5, 2.5),
    "ins_none": "M3 3v18M9 3v18M20 3v18",
    "ins_some": "M3 3v18M9 3v18M20 3v18M9 6l4 2-4 2 4 2-4 2 4 2-4 2",
    "ins_good": "M3 3v18M9 3v18M20 3v18M9 5l11 3-11 3 11 3-11 3 11 3",
    "gas": "M12 3c2.5 3.5 5 5.5 5 9a5 5 0 0 1-10 0c0-3.5 2.5-5.5 5-9z"
    "M12 18a2 2 0 0 1-2-2c0-1.5 2-3 2-3s2 1.5 2 3a2 2 0 0 1-2 2z",
    "oil": "M6 4h12v17H6zM6 9h12M6 16h12M12 11.5v2",
    "electric": "M13 2 5 14h6l-1 8 8-12h-6z",
    "wood": _circle(7, 17, 3.5) + _circle(17, 17, 3.5) + _circle(12, 8.5, 3.5),
    "home_ins_yes": _HOUSE + "M9 15l2 2 4-4",
    "home_ins_partly": _HOUSE + "M8.5 15h7",
    "home_ins_no": _HOUSE + "M9.5 12.5l5 5M14.5 12.5l-5 5",
    "landlord_yes": _circle(7.5, 11.5, 4) + "M10.5 8.5 17 2M15 4l2 2M14 16l2.5 2.5 5-5",
    "landlord_no": _circle(7.5, 11.5, 4)
    + "M10.5 8.5 17 2M15 4l2 2M15 14l6 6M21 14l-6 6",
    "not_asked": "M4 4h16v11H10l-4 4v-4H4zM8.5 9.5v.01M12 9.5v.01M15.5 9.5v.01",
    # a persona the facilitator wrote
    "person": _circle(12, 8, 4) + "M4 21a8 8 0 0 1 16 0",
    # step kinds (app/meetings/kinds.py), by kind
    "kind-poll": "M4 20h16M7 20v-6M12 20V6M17 20V10",
    "kind-bills": "M6 2h12v20l-3-2-3 2-3-2-3 2zM9 7h6M9 11h6M9 15h4",
    "kind-personas": _circle(9, 8, 3)
    + "M3 20a6 6 0 0 1 12 0"
    + _circle(17, 9, 2.5)
    + "M15 14.5a5 5 0 0 1 6 5",
    "kind-groups": "M8 4h8v3H8zM6 5H5v16h14V5h-1M9 14l2 2 4-4",
    "kind-info": _RING + "M12 11v5M12 7.5v.01",
    "kind-ideas": "M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5"
    "c0-.9.4-1.6 1-2.1"
    "A6 6 0 0 0 12 3z",
    # signs of the interface
    "arrow": "M4 12h16M14 6l6 6-6 6",
    "lock": "M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4M12 15v2",
    "globe": _RING + "M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18",
    "check": "M5 12l5 5 9-10",
    "screen": "M2 4h20v12H2zM12 16v4M8 21h8",
    "report": _DOCUMENT + "M9 12h7M9 16h7M9 8h3",
    "download": "M12 3v12M7 10l5 5 5-5M4 20h16",
    "pen": "M4 20l1-5L16 4l4 4L9 19zM14 6l4 4",
    "up": "M12 20V4M6 10l6-6 6 6",
    "down": "M12 4v16M6 14l6 6 6-6",
    "next": "M4 5l9 7-9 7zM14 5l6 7-6 7M20 5v14",
    "trash": "M4 6h16M9 6V3h6v3M6 6l1 15h10l1-15M10 10v7M14 10v7",
    "star": "M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4l-5.5 2.9 1-6.2L3 9.7l6.2-.9z",
}
#: pictograms that point somewhere: drawn the other way round in right-to-left pages
MIRRORED = frozenset({"arrow", "next"})
#: what a name without a pictogram of its own is drawn as
FALLBACK = "measure"


def icon(name: str, label: str, cls: str = "") -> Markup:
    """Return the pictogram `name` as inline SVG, named `label` for screen readers.

    Without a label it is decoration beside words that say it all (a staff
    button's "Move up"), hidden from screen readers.
    """
    path = SYMBOLS.get(name)
    if path is None:
        name, path = FALLBACK, SYMBOLS[FALLBACK]
    mirror = "icon-mirror" if name in MIRRORED else ""
    classes = " ".join(part for part in ("icon", mirror, cls) if part)
    named = (
        Markup('role="img" aria-label="{}"').format(label)
        if str(label).strip()
        else Markup('aria-hidden="true"')
    )
    return Markup(
        '<svg class="{}" viewBox="0 0 24 24" {} data-icon="{}" focusable="false">'
        '<path d="{}"/></svg>'
    ).format(classes, named, name, path)


def icon_words(name: str, label: str, cls: str = "") -> Markup:
    """Return the pictogram beside its words, named once for screen readers.

    The picture carries the name; the words beside it are for the eye only, so
    a screen reader says "Within 1 year" once instead of twice. The words are
    isolated (`<bdi>`), so a Dutch name keeps its own order in an Arabic page.
    """
    return Markup('{} <bdi class="icon-words" aria-hidden="true">{}</bdi>').format(
        icon(name, label, cls), escape(label)
    )
