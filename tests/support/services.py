"""Real PostgreSQL and Redis for the tests that need them.

Locally a test skips with the reason when a service is absent; in CI
(CI=true) it fails instead, so nothing can silently skip there.
"""

import os
import socket
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from tests.support.servers import postgres_database

POSTGRES_ADMIN_URL = os.getenv(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.getenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), 1):
            return True
    except OSError:
        return False


def require(name: str, url: str, port: int) -> None:
    """Skip (or, in CI, fail) when a service cannot be reached."""
    if _reachable(url, port):
        return
    message = f"{name} is not reachable at {url}"
    if os.getenv("CI") == "true":
        pytest.fail(f"{message}; CI must not skip service tests")
    pytest.skip(message)


@contextmanager
def fresh_postgres_database():
    """Create an empty PostgreSQL database for one test, then drop it."""
    require("PostgreSQL", POSTGRES_ADMIN_URL, 5432)
    with postgres_database(POSTGRES_ADMIN_URL, prefix="kt_test") as url:
        yield url


def require_redis() -> str:
    require("Redis", REDIS_URL, 6379)
    return REDIS_URL
