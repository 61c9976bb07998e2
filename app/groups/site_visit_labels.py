"""Staff's words for why a site visit is unlikely and what is not known yet
(app/groups/logic.py likely_to_pass), shown on the dashboard."""

from app.groups.logic import LANDLORD
from app.i18n import _l

#: why a visit is unlikely, for staff (app/groups/logic.py BLOCKERS)
REASON_LABELS = {
    "asbestos": _l("Asbestos roof"),
    "shade": _l("A lot of shade"),
    "north_facing": _l("Roof faces north"),
    "uninsulated": _l("Home not insulated"),
    "heat_network": _l("On a heat network already"),
    "insulated_already": _l("Insulated already"),
    "no_cavity": _l("No cavity wall (built before 1946)"),
    LANDLORD: _l("Landlord does not agree"),
}
#: what is not known yet, for staff: a question key, or the tenure
FACT_LABELS = {
    "roof_orientation": _l("roof orientation"),
    "shade": _l("shade"),
    "asbestos": _l("asbestos"),
    "roof_type": _l("type of roof"),
    "build_year": _l("build year"),
    "roof_ins_now": _l("roof insulation now"),
    "ext_wall_ins_now": _l("wall insulation now"),
    "cavity_ins_now": _l("cavity filling now"),
    "floor_ins_now": _l("floor insulation now"),
    "heating": _l("heating now"),
    "home_insulated": _l("home insulation"),
    LANDLORD: _l("landlord's agreement"),
    "tenure": _l("owner or tenant"),
}
