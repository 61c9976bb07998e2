"""What a process tells its own phones and screens after Redis was away.

While a process was not subscribed it may have missed another process's
messages. Each of its meeting rooms hears the meeting's current version (a
phone refetches its step only if it shows an older one; screens and the
facilitator refetch their step, tally included) and each staff room the number
of phones joined. See app.live.managers.
"""

import logging
import re

import socketio
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.live.rooms import meeting_room, staff_room
from app.meetings.models import Meeting, Participant

logger = logging.getLogger(__name__)

_MEETING_ROOM = re.compile(r"meeting:(\d+)")


def catch_up_here(app: Flask, server: socketio.Server) -> None:
    """Tell this process's phones and screens to catch up."""
    rooms = list(server.manager.rooms.get("/", {}))
    ids = [int(m[1]) for r in rooms if r and (m := _MEETING_ROOM.fullmatch(r))]
    if not ids:
        return
    with app.app_context():
        try:
            versions = db.session.execute(
                sa.select(Meeting.id, Meeting.version).where(Meeting.id.in_(ids))
            ).all()
            counts = dict(
                db.session.execute(
                    sa.select(Participant.meeting_id, sa.func.count())
                    .where(Participant.meeting_id.in_(ids))
                    .group_by(Participant.meeting_id)
                ).all()
            )
        except SQLAlchemyError:  # the database is away too: its outage says so
            return
    for meeting_id, version in versions:
        room = meeting_room(meeting_id)
        server.emit("step-changed", {"v": version}, to=room, ignore_queue=True)
        server.emit(
            "participants-changed",
            {"n": counts.get(meeting_id, 0)},
            to=staff_room(meeting_id),
            ignore_queue=True,
        )
    logger.info("Told the phones and screens of %d meeting(s) to catch up", len(ids))
