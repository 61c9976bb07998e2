"""Translated words for a household's profile: the one home of these labels.

Activities, forms and exports show tenure and type of home with these words;
an activity's own words live in its own `labels.py` (app/polls/labels.py).
"""

from app.i18n import _l
from app.meetings.models import Dwelling, Tenure

TENURE_LABELS = {
    Tenure.OWNER: _l("I own and live here"),
    Tenure.TENANT: _l("I rent"),
    Tenure.SOCIAL_TENANT: _l("I rent from a social housing company"),
    Tenure.LANDLORD: _l("I rent out a home"),
}
DWELLING_LABELS = {
    Dwelling.APARTMENT: _l("Apartment"),
    Dwelling.ROW_HOUSE: _l("Row house"),
    Dwelling.SEMI_DETACHED: _l("Semi-detached house"),
    Dwelling.DETACHED: _l("Detached house"),
}
