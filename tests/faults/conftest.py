"""Fixtures of the fault tests: services of their own, outages of a set length."""

import os

import pytest

from tests.faults.services import OwnPostgres, OwnRedis


def seconds(name: str, default: float) -> float:
    """An outage's length: shortened for the suite, the issue's with the variable.

    The behaviour under test does not change with the length (every retry and
    resubscription runs on a fixed period of a few seconds), only the wait.
    """
    return float(os.getenv(name, default))


@pytest.fixture
def own_postgres():
    cluster = OwnPostgres()
    yield cluster
    cluster.close()


@pytest.fixture
def own_redis():
    server = OwnRedis()
    yield server
    server.close()
