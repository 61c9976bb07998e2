"""Two server processes on one PostgreSQL database and one Redis."""

import pytest

from tests.support.servers import Server
from tests.support.services import fresh_postgres_database, require_redis


@pytest.fixture
def two_processes(tmp_path):
    redis_url = require_redis()
    with fresh_postgres_database() as database:
        env = {
            "DATABASE_URL": database,
            "SOCKETIO_MESSAGE_QUEUE": redis_url,
            "SECRET_KEY": "shared-secret-of-the-cluster",
        }
        a, b = Server(tmp_path, env), Server(tmp_path, env)
        a.flask("db", "upgrade")
        a.create_user("fien@gent.be", "Fien")
        a.start()
        b.start()
        try:
            yield a, b
        finally:
            a.stop()
            b.stop()
