"""One message over SMTP, with the standard library.

The conversation is taken step by step (MAIL, RCPT, then DATA) so that the
caller can record, just before the message's content goes to the server, that
it is being handed over: from then on the server may accept it at any moment,
and a process that dies before it hears the answer must not send it again.
"""

import smtplib
import ssl
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, parseaddr


class Refused(Exception):
    """The server answered no: nothing was accepted. ``code`` is its reply code
    and ``cause`` the class of the error, as the outbox records it."""

    def __init__(self, code: int | None, cause: str):
        super().__init__(code, cause)
        self.code, self.cause = code, cause


def build(row, recipient: str, sender: str) -> EmailMessage:
    """Return the message of an outbox row, addressed to one recipient."""
    # No folding below the hard line limit: a long List-Unsubscribe link must
    # stay one <address>, not turn into encoded words no mail program follows.
    message = EmailMessage(policy=policy.default.clone(max_line_length=998))
    message["Subject"] = row.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = row.message_id
    message["Auto-Submitted"] = "auto-generated"
    if row.unsubscribe_url:
        # RFC 8058: a mail program may offer one click that POSTs to the link
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    # after the content: setting it clears the Content-* headers
    message["Content-Language"] = row.language
    return message


def connect(config) -> smtplib.SMTP:
    """Open a connection to the configured server, secured and logged in."""
    host, port, timeout = (
        config["MAIL_SERVER"],
        config["MAIL_PORT"],
        config["MAIL_TIMEOUT"],
    )
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        close(smtp)
        raise
    return smtp


def close(smtp: smtplib.SMTP) -> None:
    """Say goodbye if the server still listens; the message's fate is settled."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _flattened(message: EmailMessage, international: bool) -> bytes:
    policy = message.policy.clone(linesep="\r\n", utf8=international)
    return message.as_bytes(policy=policy)


def _reply_code(error: smtplib.SMTPException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return codes[0] if codes else None
    return getattr(error, "smtp_code", None)


def transmit(
    smtp: smtplib.SMTP,
    message: EmailMessage,
    recipient: str,
    handing_over: Callable[[], bool],
) -> bool:
    """Send a message; return True once the server accepted it, or False when
    ``handing_over()`` (called just before the content goes out) said no.

    Raises Refused when the server refused it before its content went out, or
    answered no to the content; any other error after the hand-over leaves the
    outcome unknown.
    """
    sender = parseaddr(message["From"])[1]
    options: list[str] = []
    try:
        smtp.ehlo_or_helo_if_needed()
        if not (sender + recipient).isascii():
            if not smtp.has_extn("smtputf8"):
                raise Refused(None, "SMTPNotSupportedError")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        code, _text = smtp.mail(sender, options)
        if code != 250:
            raise Refused(code, "SMTPSenderRefused")
        code, _text = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise Refused(code, "SMTPRecipientsRefused")
    except smtplib.SMTPResponseException as error:
        raise Refused(_reply_code(error), type(error).__name__) from None
    content = _flattened(message, bool(options))
    if not handing_over():
        smtp.rset()
        return False
    try:
        code, _text = smtp.data(content)
    except smtplib.SMTPDataError as error:  # DATA itself refused: nothing went
        raise Refused(error.smtp_code, "SMTPDataError") from None
    if code != 250:
        raise Refused(code, "SMTPDataError")
    return True
