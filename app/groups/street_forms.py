"""Staff's forms for the street list: the CSV upload, a decision on a typed street."""

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.formfields import LARGEST_ID, Form
from app.groups.street_file import (
    MAX_BYTES,
    MAX_NAME,
    MAX_NAMES,
    Refusal,
    StreetFileError,
    street_names,
)
from app.i18n import _l

REFUSALS = {
    Refusal.TOO_LARGE: _l("This file is larger than 2 MB. Nothing was changed."),
    Refusal.NOT_TEXT: _l(
        "This is not a CSV file of street names. Save the list as CSV (UTF-8) and "
        "try again. Nothing was changed."
    ),
    Refusal.EMPTY: _l("This file holds no street names. Nothing was changed."),
    Refusal.NO_NAME_COLUMN: _l(
        "No column of street names found: give the file one column of names, or a "
        'header row with a column called "straatnaam". Nothing was changed.'
    ),
    Refusal.TOO_MANY: _l(
        "This file holds more than %(num)d streets. Nothing was changed.",
        num=MAX_NAMES,
    ),
}
NOT_IN_LIST = "none"  #: the decision that a typed street is not a listed one
ANOTHER = "other"  #: the decision that it is the listed street named in `other`


class StreetFileForm(Form):
    """A CSV file of the municipality's street names; read while validating."""

    file = FileField(
        _l("Street list (CSV file)"),
        validators=[FileRequired(message=_l("Choose a CSV file to upload."))],
    )
    names: list[str] = []

    def validate_file(self, field) -> None:
        data = field.data.stream.read(MAX_BYTES + 1)
        try:
            self.names = street_names(data)
        except StreetFileError as error:
            if error.refusal == Refusal.NAME_TOO_LONG:
                raise ValidationError(
                    _l(
                        "The street name on line %(line)d is longer than %(num)d "
                        "characters. Nothing was changed.",
                        line=error.line,
                        num=MAX_NAME,
                    )
                ) from None
            raise ValidationError(REFUSALS[error.refusal]) from None


class DecisionForm(Form):
    """Which listed street one typed street is, or that it is not in the list."""

    typed = StringField(validators=[DataRequired(), Length(max=160)])
    choice = StringField(
        validators=[
            DataRequired(message=_l("Choose a street, or that it is not in the list.")),
            Length(max=12),
        ]
    )
    #: a listed street named by staff, when the choice is ANOTHER
    other = StringField(_l("Another street of the list"), validators=[Length(max=120)])

    def street_id(self) -> int | None:
        """Return the chosen street's id; None for "not in the list" (and for
        ANOTHER, whose street is looked up by its name)."""
        if self.choice.data in (NOT_IN_LIST, ANOTHER):
            return None
        return int(self.choice.data)

    def validate_choice(self, field) -> None:
        if field.data == ANOTHER:
            if not (self.other.data or "").strip():
                raise ValidationError(_l("Type the name of a street of your list."))
            return
        if field.data != NOT_IN_LIST and not (
            field.data.isascii()
            and field.data.isdigit()
            and 0 < int(field.data) <= LARGEST_ID
        ):
            raise ValidationError(_l("Choose a street, or that it is not in the list."))
