"""A socket frame larger than the server accepts ends that connection only."""

import threading

import pytest
import socketio

from tests.support.served import ServedMeeting

pytestmark = pytest.mark.server


def _listen(meeting: ServedMeeting, phone: int):
    client = socketio.Client(reconnection=False)
    events = {"ended": threading.Event(), "step": threading.Event()}
    client.on("disconnect", lambda *reason: events["ended"].set())
    client.on("step-changed", lambda data: events["step"].set())
    client.connect(
        meeting.server.url,
        headers={"Cookie": meeting.seed["phones"][phone]["cookie"]},
        transports=["websocket"],
    )
    return client, events


def test_an_oversize_frame_is_cut_and_the_others_go_on(tmp_path):
    meeting = ServedMeeting(tmp_path, f"sqlite:///{tmp_path / 'kt.sqlite'}", phones=2)
    try:
        flooder, flooded = _listen(meeting, 0)
        neighbour, heard = _listen(meeting, 1)
        flooder.emit("anything", "x" * 64 * 1024)
        assert flooded["ended"].wait(5), "the server kept reading a 64 KB frame"
        assert neighbour.connected
        assert meeting.close_step() == 302
        assert heard["step"].wait(5), "the other phone stopped hearing the meeting"
        assert not flooded["step"].is_set()
        neighbour.disconnect()
    finally:
        meeting.stop()
