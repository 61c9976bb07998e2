"""How hard the property tests try: every example in `make test`, a fifth of
them in the loop while working (`make test-fast` sets FUZZ=quick)."""

import os

QUICK = os.getenv("FUZZ") == "quick"


def examples(full: int) -> int:
    """Return how many examples a property test with `full` of them runs now."""
    return max(3, full // 5) if QUICK else full
