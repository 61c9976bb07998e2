"""Fixtures of the fault tests: services of their own, outages of a set length."""

import pytest

from tests.support.own_services import OwnPostgres, OwnRedis


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
