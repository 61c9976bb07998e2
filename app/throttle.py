"""Failed joins and logins, counted per address in the limiter's store.

A whole venue or office shares one IP address, so a right code or password is
never counted nor refused for the address: only failures count, and only
failures wait once the address used up its budget. The view checks first and
spends only on a failure; Flask-Limiter's decorators check before the view, so
a spent address would refuse everyone, right or wrong.
"""

import hashlib
import hmac
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from werkzeug.exceptions import TooManyRequests

from app.extensions import limiter


def _limit_and_keys(setting: str, scope: tuple[str, ...]):
    limit = parse(current_app.config[setting])
    return limit, (setting, get_remote_address(), *scope)


def _wait(limit: RateLimitItem, keys: tuple[str, ...]) -> int:
    reset = limiter.limiter.get_window_stats(limit, *keys).reset_time
    return max(1, math.ceil(reset - time.time()))


def spend(setting: str, *scope: str) -> None:
    """Count one try from this address (within ``scope``); 429 past ``setting``."""
    limit, keys = _limit_and_keys(setting, scope)
    if not limiter.limiter.hit(limit, *keys):
        raise TooManyRequests(retry_after=_wait(limit, keys))


def forgive(setting: str, *scope: str) -> None:
    """Forget this address's tries within ``scope``: the last one was right."""
    limit, keys = _limit_and_keys(setting, scope)
    limiter.limiter.clear(limit, *keys)


def account_scope(email: str) -> str:
    """Return the key of one account: a keyed hash, never the e-mail address."""
    secret = current_app.secret_key.encode()
    normal = email.strip().lower().encode()
    return hmac.new(secret, normal, hashlib.sha256).hexdigest()[:24]
