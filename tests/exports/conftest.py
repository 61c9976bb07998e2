"""The sign-up meeting of the groups tests."""

from tests.groups.conftest import signup_meeting  # noqa: F401 - a shared fixture
