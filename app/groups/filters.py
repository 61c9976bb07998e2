"""The dashboard's filters: period, neighbourhood, measure and horizon."""

from dataclasses import dataclass
from datetime import date

from wtforms import DateField, SelectField
from wtforms.validators import Optional

from app.formfields import Form, choice_list
from app.i18n import _l
from app.polls.catalogue import BY_KEY, CATALOGUE
from app.polls.labels import HORIZONS
from app.polls.logic import Horizon

#: what "planning works" means when no horizon is chosen
PLANNING = (Horizon.ONE_YEAR.value, Horizon.FIVE_YEARS.value)


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    neighbourhood_id: int | None = None
    measure: str | None = None
    horizon: str | None = None

    @property
    def by_meeting(self) -> bool:
        """Whether only some meetings count (by period or neighbourhood)."""
        return bool(self.start or self.end or self.neighbourhood_id)

    @property
    def planning(self) -> tuple[str, ...]:
        """The answers that count as planning works in the chart."""
        return (self.horizon,) if self.horizon else PLANNING

    def query(self) -> dict[str, str]:
        """Return the filters as the address's query, to keep them across links."""
        values = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "area": str(self.neighbourhood_id) if self.neighbourhood_id else None,
            "measure": self.measure,
            "horizon": self.horizon,
        }
        return {k: v for k, v in values.items() if v}


class FilterForm(Form):
    """Read from the address (GET): a value that is not understood filters nothing."""

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until"), validators=[Optional()])
    area = SelectField(_l("Neighbourhood"), validators=[Optional()])
    measure = SelectField(
        _l("Measure"),
        choices=choice_list(
            [("", _l("All measures")), *((m.key, m.name) for m in CATALOGUE)]
        ),
        validators=[Optional()],
    )
    horizon = SelectField(
        _l("When?"),
        choices=choice_list(
            [("", _l("Any time")), *((k, v[1]) for k, v in HORIZONS.items())]
        ),
        validators=[Optional()],
    )

    def __init__(self, neighbourhoods: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.area.choices = choice_list(
            [("", _l("All neighbourhoods")), *neighbourhoods]
        )
        self._areas = {str(i): i for i, _name in neighbourhoods}

    def filters(self) -> Filters:
        """Return the filters that were understood; the others stay unset."""
        self.validate()
        start = None if self.start.errors else self.start.data
        end = None if self.end.errors else self.end.data
        if start and end and start > end:
            start, end = end, start
        return Filters(
            start=start,
            end=end,
            neighbourhood_id=self._areas.get(self.area.data),
            measure=self.measure.data if self.measure.data in BY_KEY else None,
            horizon=self.horizon.data if self.horizon.data in HORIZONS else None,
        )
