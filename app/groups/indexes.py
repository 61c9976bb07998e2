"""Indexes for the municipality's figures across many years of meetings.

Declared here, beside the queries they serve (app/groups/overview.py), and
created by the migration "add indexes for the municipality's figures".
"""

import sqlalchemy as sa

from app.groups.models import Signup
from app.polls.models import PollAnswer

#: answers per measure and horizon, and which households gave them, read from
#: the index alone (no table row): the dashboard's and the LEKP's counts
POLL_ANSWERS_BY_MEASURE = sa.Index(
    "ix_poll_answers_measure_horizon",
    PollAnswer.measure_id,
    PollAnswer.horizon,
    PollAnswer.participant_id,
)
#: how many sign-ups a municipality has and when one last changed, from the
#: index alone: the fingerprint of the figures kept (app/groups/kept.py); the
#: retention job finds the expired ones through it too
SIGNUPS_BY_CHANGE = sa.Index(
    "ix_signups_municipality_updated", Signup.municipality_id, Signup.updated_at
)
