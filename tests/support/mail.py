"""A real SMTP server on a free loopback port (aiosmtpd), and what it received."""

import asyncio
import email
import re
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.support.servers import free_port


@dataclass
class Received:
    """One message as the server received it: its envelope and its parts."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    #: the message as it came over the wire
    raw: str

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)

    def path_of(self, prefix: str) -> str:
        """Return the path of the text's one link that starts with ``prefix``."""
        (found,) = {
            re.sub(r"^https?://[^/]+", "", link)
            for link in self.links()
            if re.sub(r"^https?://[^/]+", "", link).startswith(prefix)
        }
        return found


class _Inbox:
    def __init__(self):
        self.received: list[Received] = []
        self.lock = threading.Lock()
        #: the answer to RCPT instead of accepting it, such as "550 No such user"
        self.rcpt_answer: str | None = None
        #: seconds the server takes before it answers the message's content
        self.data_delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answer:
            return self.rcpt_answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=default)
        with self.lock:
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    message,
                    envelope.original_content.decode("utf-8", "replace"),
                )
            )
        await asyncio.sleep(self.data_delay)
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server the test starts and stops; its port stays the same."""

    def __init__(self):
        self.port = free_port()
        self._inbox = _Inbox()
        self._controller: Controller | None = None

    def answer_rcpt(self, answer: str | None) -> None:
        """Answer every recipient so (None: accept them again)."""
        self._inbox.rcpt_answer = answer

    def answer_data_after(self, seconds: float) -> None:
        """Take this long to answer a message's content (it is kept all the same)."""
        self._inbox.data_delay = seconds

    @property
    def received(self) -> list[Received]:
        with self._inbox.lock:
            return list(self._inbox.received)

    def clear(self) -> None:
        """Forget what was received so far."""
        with self._inbox.lock:
            self._inbox.received.clear()

    def start(self) -> "SmtpServer":
        self._controller = Controller(
            self._inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def config(self) -> dict:
        """Return the app's settings to send to this server."""
        return {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_DEFAULT_SENDER": "Klimaattafel Gent <klimaattafel@gent.example>",
            "MAIL_TIMEOUT": 5.0,
        }
