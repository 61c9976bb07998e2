"""One household's bill as its phone types it, and every form of its figures
that must never show outside its own entry."""

FIGURES = {
    "elec_kwh": "3517",
    "heating": "gas",
    "heat_amount": "1613",
    "heat_unit": "m3",
    "advance_eur": "187",
    "peak_advance_eur": "402",
    "contract": "variable",
    "contract_start": "2023-04",
    "price_eur_kwh": "0,347",
    "household_size": "3",
    "dwelling": "row_house",
}


SECRET_VALUES = ["3517", "1613", "16614", "187", "402", "0,347", "0.347", "347"]
