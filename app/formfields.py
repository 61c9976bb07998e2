"""Shared form helpers."""

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choice_list(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Return select/radio choices from (value, label) pairs; labels may be lazy."""
    return [SelectChoice(str(value), label) for value, label in pairs]
