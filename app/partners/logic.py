"""Pure rules of what a partner organisation reads of a purchase group."""

from app.groups.logic import next_status


def shown_status(status: str, shared: int, threshold: int) -> str:
    """Return the status a partner reads of a group.

    A status staff set by hand (tendering, closed) is shown as set; otherwise
    the one the shared households alone would give. The group's own size
    counts households that did not agree to share: nothing a partner reads may
    depend on them, not even whether the group reached its threshold.
    """
    return next_status(status, shared, threshold)


def audit_what(endpoint: str | None, seen: str) -> str:
    """Return what an audit row says a partner opened: the page and the group,
    never a household."""
    return " ".join(filter(None, (endpoint, seen)))[:200]
