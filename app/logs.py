"""Logging: what happened, never who, what they entered, or a link's secret."""

import logging
import re
import traceback

#: paths whose last part is a secret: private sign-up links, join links, setup,
#: and the signed unsubscribe links of mail
SECRET_LINK = re.compile(r"/(s|j|setup|u)/[A-Za-z0-9_.-]{8,}")
#: a request line's query: whatever the caller typed, such as a staff filter
QUERY = re.compile(r"(\"[A-Z]+ [^\s?\"]*)\?[^\s\"]*")
#: a caller's address, as an environ dump, a socket address or plain text
CALLER = [
    (re.compile(r"'(REMOTE_ADDR|REMOTE_PORT)': '[^']*'"), r"'\1': '…'"),
    (re.compile(r"\('[^']*', \d+(?:, \d+, \d+)?\)"), "(…)"),  # ('::1', 50506, 0, 0)
    # IPv6 (with "::" or all eight groups, so that a time such as 19:30:05 stays)
    (
        re.compile(
            r"(?<![\w:.])(?=[0-9A-Fa-f:.]*::|(?:[0-9A-Fa-f]{1,4}:){7})"
            r"[0-9A-Fa-f:.]*[0-9A-Fa-f:](?![\w:.])"
        ),
        "…",
    ),
    (re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"), "…"),
]
#: a %-style placeholder of a log message
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]")
#: libraries that speak HTTP, Engine.IO and WebSocket with callers: their lines
#: echo what a caller sent (a session id, an origin, a namespace, a header)
PROTOCOL_LOGGERS = ("engineio", "socketio", "geventwebsocket", "klimaattafel.server")
#: their lines formatted before logging, with the caller's part
ECHOES = [
    (re.compile(r"^(Invalid session ).*?(?= \(further occurrences|$)", re.S), r"\1…"),
    (re.compile(r"^.*?(?= is not an accepted origin)", re.S), "…"),
    (re.compile(r"^(Unsupported WebSocket Version: |Invalid key: ).*", re.S), r"\1…"),
]


def redact(text: str) -> str:
    """Return text without link secrets, queries or callers' addresses."""
    text = QUERY.sub(r"\1?…", SECRET_LINK.sub(r"/\1/…", text))
    for pattern, replacement in CALLER:
        text = pattern.sub(replacement, text)
    return text


def _protocol_line(record: logging.LogRecord) -> str:
    """Return a protocol library's line without what the caller sent."""
    message = str(record.msg)
    if record.args:  # "Method %s not supported": the arguments came with the request
        return PLACEHOLDER.sub("…", message).replace("%%", "%")
    for pattern, replacement in ECHOES:
        message = pattern.sub(replacement, message)
    return message


def _stack(exc_info) -> str:
    """Return a traceback's frames and the exception's type, not its message.

    A frame shows code; the message of an error in parsing a request shows
    what the request held.
    """
    kind, _value, tb = exc_info
    frames = "".join(traceback.format_tb(tb))
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    return f"Traceback (most recent call last):\n{frames}{module}{kind.__qualname__}"


class Redact(logging.Filter):
    """Keep every log line free of link secrets, callers' addresses and what
    callers sent to the protocol libraries (the filter of every handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        protocol = record.name.startswith(PROTOCOL_LOGGERS)
        message = _protocol_line(record) if protocol else record.getMessage()
        redacted = redact(message)
        if redacted != message or protocol:
            record.msg, record.args = redacted, None
        if record.exc_info:
            text = (
                _stack(record.exc_info)
                if protocol
                else logging.Formatter().formatException(record.exc_info)
            )
            record.exc_info, record.exc_text = None, redact(text)
        return True


def init_logging() -> None:
    """Log at INFO to stderr, redacted on every handler (see Redact)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    # Flask-Limiter's line for a reached limit names the limit's key: the
    # caller's IP address. The refused request's own line (429) says enough.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    # Engine.IO and Socket.IO log errors only, as they would by themselves;
    # a level set here keeps them from adding a handler of their own, which
    # would write every line a second time, past these filters.
    for name in ("engineio.server", "socketio.server"):
        library = logging.getLogger(name)
        library.setLevel(logging.ERROR)
        for handler in [
            h for h in library.handlers if type(h) is logging.StreamHandler
        ]:
            library.removeHandler(handler)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, Redact) for f in handler.filters):
            handler.addFilter(Redact())
