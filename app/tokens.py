"""Random secrets and their stored hashes."""

import hashlib
import secrets


def new_token() -> str:
    """Return a URL-safe random token of 128 bits or more."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """Return the SHA-256 hex digest stored in place of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
