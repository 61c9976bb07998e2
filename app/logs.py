"""Logging: what happened, never who, what they entered, or a link's secret."""

import logging
import re

#: paths whose last part is a secret: private sign-up links, join links, setup
SECRET_LINK = re.compile(r"/(s|j|setup)/[A-Za-z0-9_-]{8,}")


class RedactSecretLinks(logging.Filter):
    """Hide the token of a private link in any log line, such as an access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_LINK.sub(r"/\1/…", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def init_logging() -> None:
    """Log at INFO to stderr, with private links redacted on every handler."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    # Flask-Limiter's line for a reached limit names the limit's key: the
    # caller's IP address. The refused request's own line (429) says enough.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecretLinks) for f in handler.filters):
            handler.addFilter(RedactSecretLinks())
