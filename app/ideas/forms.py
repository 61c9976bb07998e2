"""Ideas forms: the step's question, a phone's idea and upvote, a merge."""

from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.formfields import Form, IdField, choice_list
from app.i18n import _l
from app.ideas.logic import LONGEST_MAX, SHORTEST_MAX, VOTES

TOO_LONG = _l("Please keep it shorter: at most %(max)d characters.")


class IdeasStepForm(Form):
    """A new ideas step's open question and how long an idea may be."""

    question = StringField(
        _l("Open question (for an ideas step)"),
        validators=[DataRequired(), Length(max=200)],
    )
    max_length = IntegerField(
        _l(
            "Longest idea, in characters (optional, %(low)d to %(high)d)",
            low=SHORTEST_MAX,
            high=LONGEST_MAX,
        ),
        validators=[
            Optional(),
            NumberRange(
                min=SHORTEST_MAX,
                max=LONGEST_MAX,
                message=_l("Choose a number from %(min)s to %(max)s."),
            ),
        ],
    )


class IdeaForm(Form):
    """A phone's idea; its key makes a resent idea count once."""

    text = TextAreaField(validators=[Length(max=LONGEST_MAX, message=TOO_LONG)])
    key = HiddenField(validators=[DataRequired(), Length(min=8, max=64)])


class VoteForm(Form):
    """Upvote an idea, or take the upvote back: the button says which."""

    vote = SelectField(choices=choice_list((v, v) for v in VOTES))


class MergeForm(Form):
    """Merge a duplicate into another idea of the step."""

    into = IdField(_l("Merge into"), validators=[DataRequired()])
