"""Configuration read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
load_dotenv(ROOT / ".env")

#: every language a resident can choose: each is complete on every resident screen
LANGUAGES = ["nl", "fr", "en", "tr", "ar", "pl", "ro", "uk"]
#: the languages every staff screen is complete in, the only ones staff pages offer
#: (tests/test_i18n.py checks this list against the catalogues' completeness)
STAFF_LANGUAGES = ["nl", "fr", "en"]


def database_url(raw: str | None, instance_path: Path) -> str:
    """Return a SQLAlchemy URL: PostgreSQL via psycopg 3, or SQLite in the instance."""
    if not raw:
        return f"sqlite:///{instance_path / 'klimaattafel.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw.removeprefix(prefix)
    return raw


def _flag(name: str) -> bool:
    """Return whether an environment variable says yes (1, true, yes, on)."""
    return os.getenv(name, "").strip().lower() in ("1", "true", "yes", "on")


class Config:
    SECRET_KEY = os.getenv("SECRET_KEY")
    DATABASE_URL = os.getenv("DATABASE_URL")
    SOCKETIO_MESSAGE_QUEUE = os.getenv("SOCKETIO_MESSAGE_QUEUE") or None
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash method, not a password
    # gevent with gevent-websocket is what gunicorn serves; tests use threading.
    SOCKETIO_ASYNC_MODE = os.getenv("SOCKETIO_ASYNC_MODE", "gevent")
    RATELIMIT_STORAGE_URI = os.getenv("RATELIMIT_STORAGE_URI") or (
        os.getenv("SOCKETIO_MESSAGE_QUEUE") or "memory://"
    )
    # A whole venue shares one IP address: only *failed* joins and logins count,
    # and past the limit only they wait; right codes and logins go through.
    JOIN_FAILURE_LIMIT = os.getenv("JOIN_FAILURE_LIMIT", "10 per minute")
    LOGIN_FAILURE_LIMIT = os.getenv("LOGIN_FAILURE_LIMIT", "5 per minute")
    #: answers one phone may send; a whole poll tapped at once stays well below
    PHONE_WRITE_LIMIT = os.getenv("PHONE_WRITE_LIMIT", "30 per 10 seconds")
    LANGUAGES = LANGUAGES
    STAFF_LANGUAGES = STAFF_LANGUAGES
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "application/javascript",
        "text/javascript",
        "image/svg+xml",
        "application/manifest+json",
        "application/json",
    ]
    #: htmx fragments such as an answered measure (≈4 KB) go out as they are:
    #: at hundreds of answers a second, brotli would cost ≈6% of the server's CPU
    #: to save ≈3 KB a tap; pages, scripts and styles are larger and compressed
    COMPRESS_MIN_SIZE = 8192
    #: at most one results broadcast per room per window
    RESULTS_WINDOW_SECONDS = float(os.getenv("RESULTS_WINDOW_SECONDS", "0.2"))
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "locales")
    # A CSRF token must outlast a whole evening meeting, offline spells included.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    # A phone's session lasts 12 hours from joining (or its last change of
    # language or figures): its cookie is not signed anew on every answer.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_REFRESH_EACH_REQUEST = False
    #: the largest form is a few kilobytes: anything far larger is refused unread
    MAX_CONTENT_LENGTH = 256 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.getenv("SESSION_COOKIE_SECURE", "") == "1"
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)
    PUBLIC_URL = os.getenv("PUBLIC_URL")  # base for QR links when behind a proxy
    #: reverse proxies in front of the app whose X-Forwarded-* headers count
    #: (scheme for HSTS and secure cookies, client address for throttling)
    PROXY_COUNT = int(os.getenv("PROXY_COUNT", "0"))
    # Mail to residents who gave an e-mail address (app/mail). Without a
    # server nothing is queued and the phone shows the private link only.
    MAIL_SERVER = os.getenv("MAIL_SERVER") or None
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_PORT = int(
        os.getenv("MAIL_PORT") or (465 if MAIL_USE_SSL else 587 if MAIL_USE_TLS else 25)
    )
    MAIL_USERNAME = os.getenv("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.getenv("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.getenv("MAIL_DEFAULT_SENDER", "klimaattafel@localhost")
    #: seconds an SMTP server may take to answer one command
    MAIL_TIMEOUT = float(os.getenv("MAIL_TIMEOUT", "30"))
    #: each serving process sends what is due this often, in seconds
    MAIL_WORKER_PERIOD = float(os.getenv("MAIL_WORKER_PERIOD", "5"))
    #: whether serving processes send mail themselves (else only `flask mail send`)
    MAIL_WORKER = os.getenv("MAIL_WORKER", "1") == "1"
    TESTING = False


class TestConfig(Config):
    TESTING = True
    #: a cheap hash: tests log in hundreds of times; stored hashes name their method
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name
    SOCKETIO_ASYNC_MODE = "threading"
    SOCKETIO_MESSAGE_QUEUE = None
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - fixed key for reproducible tests
    MAIL_SERVER = None  # a test that sends mail starts its own SMTP server
    MAIL_WORKER = False  # tests drain the outbox by hand
