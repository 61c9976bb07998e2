"""A past meeting whose poll its phones answered: the dashboard's and the open
data's history."""

from datetime import date

from app.accounts import services as accounts
from app.extensions import db
from app.meetings import services as meetings
from app.polls import services as polls


def answered_poll_meeting(
    make_meeting, user, area: str, held_on: date, horizon: str, n: int
):
    meeting = make_meeting(user, steps=())
    meeting.neighbourhood = accounts.neighbourhood_named(user.municipality, area)
    meeting.held_on = held_on
    step = meetings.add_step(meeting, kind="poll", title="Plannen")
    polls.create_measures(step, ["pv", "glazing"], [])
    measures = polls.measures_of(step)
    for i in range(n):
        phone = meetings.join(meeting, locale="nl")[0]
        for measure in measures:
            polls.record_answer(
                db.session.connection(),
                measure_id=measure.id,
                participant_id=phone.id,
                horizon=horizon,
                barrier=None,
                key=f"k{meeting.id}-{i}-{measure.id}",
            )
    db.session.commit()
    return meeting
