"""A meeting served by gunicorn as `make run` serves it, with an open poll and
phones that joined it: for tests that need a real server process."""

from pathlib import Path

import requests
import sqlalchemy as sa

from app.config import database_url
from tests.support import servers
from tests.support.servers import Server


class ServedMeeting:
    """A served meeting with an open poll and phones that joined it."""

    def __init__(self, tmp_path: Path, database: str, phones: int):
        env = {
            "DATABASE_URL": database,
            "SECRET_KEY": "durability-secret",
            "PHONE_WRITE_LIMIT": "1000 per second",
        }
        self.server = Server(tmp_path, env)
        self.server.flask("db", "upgrade")
        self.seed = servers.seed(env, phones)
        self.engine = sa.create_engine(database_url(database, tmp_path))
        self.server.start()

    def answer(self, phone: int, horizon: str = "1y", measure: int = 0, key=None):
        """Send one poll answer as the phone's page does; return the status."""
        state = self.seed["phones"][phone]
        url = (
            f"{self.server.url}/m/{self.seed['code']}"
            f"/polls/{self.seed['step_id']}/answer"
        )
        try:
            return requests.post(
                url,
                data={
                    "measure": self.seed["measures"][measure],
                    "horizon": horizon,
                    "key": key or f"phone-{phone:04d}",
                },
                headers={
                    "Cookie": state["cookie"],
                    "X-CSRFToken": state["csrf"],
                    "HX-Request": "true",
                },
                timeout=10,
            ).status_code
        except requests.ConnectionError:
            return None

    def close_step(self) -> int:
        screen = self.seed["screen"]
        return requests.post(
            f"{self.server.url}/m/{self.seed['code']}"
            f"/steps/{self.seed['step_id']}/close",
            headers={"Cookie": screen["cookie"], "X-CSRFToken": screen["csrf"]},
            allow_redirects=False,
            timeout=10,
        ).status_code

    def stored_keys(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(sa.text("SELECT client_key FROM poll_answers"))
            )

    def stop(self) -> None:
        self.server.stop()
        self.engine.dispose()
