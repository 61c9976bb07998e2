"""Failed joins and logins, counted per address in the limiter's store.

A whole venue or office shares one IP address, so a right code or password is
never counted nor refused for the address: only failures count, and only
failures wait once the address used up its budget. The view checks first and
spends only on a failure; Flask-Limiter's decorators check before the view, so
a spent address would refuse everyone, right or wrong.

Should the limiter's store (Redis) go away, this process counts in its own
memory until it is back (app.core.outages says so once): a wrong code still
waits, a right one still goes through.
"""

import hashlib
import hmac
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from werkzeug.exceptions import TooManyRequests

from app.core import outages
from app.extensions import limiter


def _counted(action: str, *args):
    """Run a counter's action in the limiter's store, or here while it is away."""
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory"):
        return getattr(limiter.limiter, action)(*args)
    outage = outages.of(current_app).redis(uri)
    here = current_app.extensions.get("throttle_here")
    if here is None:
        here = type(limiter.limiter)(MemoryStorage())
        current_app.extensions["throttle_here"] = here
    if outage.is_down and not outage.probe_due():
        return getattr(here, action)(*args)
    try:
        result = getattr(limiter.limiter, action)(*args)
    except limiter.storage.base_exceptions as error:
        outage.down(error)
        return getattr(here, action)(*args)
    outage.up()
    return result


def _limit_and_keys(setting: str, scope: tuple[str, ...]):
    limit = parse(current_app.config[setting])
    return limit, (setting, get_remote_address(), *scope)


def _wait(limit: RateLimitItem, keys: tuple[str, ...]) -> int:
    reset = _counted("get_window_stats", limit, *keys).reset_time
    return max(1, math.ceil(reset - time.time()))


def spend(setting: str, *scope: str) -> None:
    """Count one try from this address (within ``scope``); 429 past ``setting``."""
    limit, keys = _limit_and_keys(setting, scope)
    if not _counted("hit", limit, *keys):
        raise TooManyRequests(retry_after=_wait(limit, keys))


def forgive(setting: str, *scope: str) -> None:
    """Forget this address's tries within ``scope``: the last one was right."""
    limit, keys = _limit_and_keys(setting, scope)
    _counted("clear", limit, *keys)


def account_scope(email: str) -> str:
    """Return the key of one account: a keyed hash, never the e-mail address."""
    secret = current_app.secret_key.encode()
    normal = email.strip().lower().encode()
    return hmac.new(secret, normal, hashlib.sha256).hexdigest()[:24]
