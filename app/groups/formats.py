"""How money, a home's size and a moment read in the user's language."""

import copy
from decimal import Decimal

from babel import Locale
from flask_babel import format_currency, format_datetime, format_decimal, get_locale

from app.groups import logic


def euros(cents: int) -> str:
    """Return cents as an amount in euro: "€ 45,50", "45,50 €"."""
    return format_currency(Decimal(cents) / 100, "EUR")


def whole_euros(cents: int) -> str:
    """Return cents rounded to whole euros (half up), in the language's pattern
    without decimals: "€ 3.667", "3 667 €" (an indicative figure)."""
    locale = get_locale() or Locale.parse("nl")
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(
        Decimal(logic.whole_euros(cents)), locale, currency="EUR", currency_digits=False
    )


def quantity(tenths: int) -> str:
    """Return a quantity kept in tenths as typed: "80", "4,5"."""
    return format_decimal(Decimal(tenths) / logic.TENTHS)


def brussels_moment(moment) -> str:
    """Return a stored moment (naive UTC) on the Brussels clock, short."""
    return format_datetime(logic.in_brussels(moment).replace(tzinfo=None), "short")


FILTERS = {
    "euros": euros,
    "whole_euros": whole_euros,
    "quantity": quantity,
    "brussels_moment": brussels_moment,
}
