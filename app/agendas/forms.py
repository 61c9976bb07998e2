"""The name a saved agenda template goes by."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.formfields import Form
from app.i18n import _l


class TemplateForm(Form):
    name = StringField(
        _l("Name of the template"), validators=[DataRequired(), Length(max=120)]
    )
