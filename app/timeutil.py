"""One clock for the whole app, so tests can reason about time."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC, without tzinfo (stored as naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
