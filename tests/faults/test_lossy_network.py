"""100 phones on a slow, lossy network (300 ms each way, 5% of packets lost each
way) join, answer a poll and follow it to its reveal: every answer is stored
exactly once and every phone ends on the revealed step."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from tests.support import servers
from tests.support.netem import lossy_network
from tests.support.phones import figures
from tests.support.servers import APP_OPTIONS, ROOT, Server, gunicorn, wait_until_up

pytestmark = [pytest.mark.faults, pytest.mark.server]

DELAY_MS = int(os.getenv("FAULT_NET_DELAY_MS", "300"))
LOSS = float(os.getenv("FAULT_NET_LOSS", "0.05"))
PHONES = 100
MEASURES = 2  # answered by each phone


class ServerAlsoOn(Server):
    """The served app, also listening on the lossy wire's address."""

    def __init__(self, workdir, env, address: str):
        super().__init__(workdir, env)
        self.wire_url = f"http://{address}:{self.port}"
        self.address = address

    def start(self) -> "ServerAlsoOn":
        options = (*APP_OPTIONS, "--bind", f"{self.address}:{self.port}")
        self.process = subprocess.Popen(
            gunicorn("wsgi:app", self.port, *options),
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{self.url}/healthz", 20)
        return self


def _line(process: subprocess.Popen, seconds: float) -> dict:
    """Read the phones' next JSON line, waiting at most `seconds`."""
    box = []
    reader = threading.Thread(target=lambda: box.append(process.stdout.readline()))
    reader.start()
    reader.join(seconds)
    assert box and box[0], f"the phones said nothing within {seconds} s"
    return json.loads(box[0])


def test_phones_on_a_bad_network_store_each_answer_once_and_see_the_reveal(tmp_path):
    with lossy_network(DELAY_MS, LOSS) as network:
        env = {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'lossy.sqlite'}",
            "SECRET_KEY": "lossy-secret",
        }
        server = ServerAlsoOn(tmp_path, env, network.server_address)
        server.flask("db", "upgrade")
        seed = servers.seed(env, 0)
        server.start()
        measures = ",".join(str(m) for m in seed["measures"][:MEASURES])
        phones = network.run(
            sys.executable, "-m", "tests.support.lossy_phones", server.wire_url,
            seed["qr_token"], seed["code"], str(seed["step_id"]), measures,
            str(PHONES), "60",
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            answered = _line(phones, 90)["answered"]
            staff = seed["screen"]
            headers = {"Cookie": staff["cookie"], "X-CSRFToken": staff["csrf"]}
            base = f"{server.url}/m/{seed['code']}/steps/{seed['step_id']}"
            for action in ("close", "reveal"):
                done = requests.post(
                    f"{base}/{action}",
                    headers=headers,
                    allow_redirects=False,
                    timeout=10,
                )
                assert done.status_code == 302
            revealed_at = time.monotonic()
            records = _line(phones, 90)["phones"]
        finally:
            phones.kill()
            phones.wait(10)
            server.stop()
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.connect() as connection:
            stored = list(
                connection.scalars(sa.text("SELECT client_key FROM poll_answers"))
            )
            version = connection.scalar(
                sa.text("SELECT version FROM meetings WHERE id = :id"),
                {"id": seed["meeting_id"]},
            )
        engine.dispose()

    answers = [a for phone in records for a in phone["answers"]]
    assert len(records) == PHONES
    assert all(a["acked"] for a in answers), "an answer was never acknowledged"
    refused = [a for a in answers if set(a["statuses"]) - {200, None}]
    assert refused == [], f"a tap (or the same tap again) was refused: {refused[:3]}"
    assert len(stored) == len(set(stored)) == PHONES * MEASURES
    assert set(stored) == {a["key"] for a in answers}  # each exactly once
    behind = [p["name"] for p in records if p["state"] != "revealed"]
    assert behind == [], f"phones not on the revealed step: {behind}"
    assert all(p["version"] == version for p in records)
    caught_up = max(p["reached"][str(version)] for p in records) - revealed_at
    figures(
        "slow and lossy phones",
        delay_ms_each_way=DELAY_MS,
        loss_each_way=LOSS,
        phones=PHONES,
        acknowledged=sum(1 for a in answers if a["acked"]),
        stored=len(stored),
        doubled=len(stored) - len(set(stored)),
        tapped_again=len(answers) - len({a["key"] for a in answers}),
        sent_again_after_a_failure=sum(len(a["statuses"]) - 1 for a in answers),
        seconds_to_join_and_answer=round(answered, 1),
        seconds_until_every_phone_showed_the_reveal=round(caught_up, 2),
        wire=network.counted,
    )
