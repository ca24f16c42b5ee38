"""Email over SMTP (stdlib ``smtplib``): one message per approved action.

The Message-ID is derived from the action's idempotency key
(``<key@warmly>``), so a retry after a crash carries the same id and the
receiving side (Gmail, most MUAs, mailing lists) can fold the copies into one.
SMTP itself has no way to ask "was this delivered?": :meth:`SmtpConnector.was_sent`
answers ``None`` and the outbox must rely on its own record.

Errors: no connection, a timeout, a dropped connection or a ``4xx`` reply are
transient; a ``5xx`` reply (unknown user, refused sender, bad credentials) and
configuration problems (no STARTTLS, no AUTH, an untrusted certificate) are
permanent. Each carries the server's own words. A timeout or dropped connection
once the message body was on its way is neither: the server may have queued it
before its reply was lost, so it is an :class:`UncertainError` (a retry would
send a second copy).
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING, Literal

from warmly.connectors.base import (
    ConnectorError,
    Mode,
    Outgoing,
    PermanentError,
    Sent,
    TransientError,
    UncertainError,
)
from warmly.connectors.http import Clock, utcnow

if TYPE_CHECKING:  # the parameter type smtplib's stubs give data()
    from typing_extensions import Buffer

Security = Literal["starttls", "ssl", "none"]
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
# RFC 5322 dot-atom-text: what may stand left of the "@" in a Message-ID.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM_RX = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*$")


def message_id(key: str, domain: str = "warmly") -> str:
    """``<key@warmly>``, or a hash of the key when it is not a valid dot-atom.

    Deterministic either way: the same key always gives the same Message-ID.
    """
    if _DOT_ATOM_RX.match(key) and len(key) <= 200:
        left = key
    else:
        left = "k." + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return f"<{left}@{domain}>"


def _angle(msgid: str) -> str:
    msgid = msgid.strip()
    return msgid if msgid.startswith("<") else f"<{msgid}>"


def _words(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return " ".join(text.split())[:300]


def classify(code: int, text: bytes | str, what: str) -> ConnectorError:
    """An SMTP reply code as the contract's error: 4xx transient, else permanent."""
    message = f"{what}: {code} {_words(text)}".rstrip()
    if 400 <= code < 500 or code < 0:  # -1: smtplib's "no reply at all"
        return TransientError(message)
    return PermanentError(message)


class SmtpConnector:
    """Sends plain-text email through one SMTP submission server."""

    platform: str = "email"
    mode: Mode = "auto"

    def __init__(
        self,
        host: str,
        port: int | None = None,
        security: Security = "starttls",
        username: str | None = None,
        password: str | None = None,
        from_address: str = "",
        timeout: float = 30.0,
        *,
        ssl_context: ssl.SSLContext | None = None,
        message_id_domain: str = "warmly",
        clock: Clock = utcnow,
    ) -> None:
        if security not in DEFAULT_PORTS:
            raise ValueError(f"security must be starttls, ssl or none, not {security!r}")
        if "@" not in parseaddr(from_address)[1]:
            raise ValueError(f"from_address is not an email address: {from_address!r}")
        self.host = host
        self.port = port or DEFAULT_PORTS[security]
        self.security: Security = security
        self.username = username or None
        self._password = password or ""
        self.from_address = from_address
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.message_id_domain = message_id_domain
        self.clock = clock

    def __repr__(self) -> str:  # never shows the password
        return f"SmtpConnector({self.host!r}, {self.port}, {self.security!r}, {self.username!r})"

    def build_message(self, message: Outgoing) -> EmailMessage:
        """The email for ``message``; invalid input raises :class:`PermanentError`."""
        to = (message.recipient or "").strip()
        if "@" not in parseaddr(to)[1]:
            raise PermanentError(f"email: not an address: {message.recipient!r}")
        msg = EmailMessage()
        try:
            msg["From"] = self.from_address
            msg["To"] = to
            msg["Subject"] = message.subject or ""
            msg["Date"] = format_datetime(self.clock())
            msg["Message-ID"] = message_id(message.key, self.message_id_domain)
            if message.in_reply_to:
                msg["In-Reply-To"] = _angle(message.in_reply_to)
                msg["References"] = _angle(message.in_reply_to)
        except ValueError as exc:  # a CR/LF in a header value: refuse, never inject
            raise PermanentError(f"email: bad header: {exc}") from exc
        msg.set_content(message.text)
        return msg

    def send(self, message: Outgoing) -> Sent:
        """Deliver ``message``; raises ``TransientError`` / ``PermanentError``."""
        msg = self.build_message(message)
        recipient = parseaddr(str(msg["To"]))[1]
        try:
            smtp = self._connect()
        except smtplib.SMTPResponseException as exc:
            raise classify(exc.smtp_code, exc.smtp_error, "smtp connect") from exc
        try:
            if self.username:
                smtp.login(self.username, self._password)
            smtp.send_message(msg, from_addr=parseaddr(self.from_address)[1], to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (550, b"recipient refused"))
            raise classify(code, text, f"smtp recipient {recipient}") from exc
        except smtplib.SMTPResponseException as exc:  # sender, data, auth, helo replies
            raise classify(exc.smtp_code, exc.smtp_error, "smtp") from exc
        except smtplib.SMTPServerDisconnected as exc:
            if getattr(smtp, "body_sent", False):
                raise _uncertain(exc) from exc
            raise TransientError(f"smtp: connection lost: {exc}") from exc
        except smtplib.SMTPException as exc:  # no AUTH method, no STARTTLS: configuration
            raise PermanentError(f"smtp: {exc}") from exc
        except OSError as exc:
            if getattr(smtp, "body_sent", False):
                raise _uncertain(exc) from exc
            raise _network_error(exc) from exc
        finally:
            # The message is either delivered or not by now; a failing QUIT changes nothing.
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
        return Sent(remote_id=str(msg["Message-ID"]))

    def was_sent(self, key: str) -> bool | None:
        """Unknown (``None``): SMTP cannot be asked whether a message went out.

        The deterministic Message-ID lets the receiving side drop a duplicate.
        """
        return None

    def _connect(self) -> smtplib.SMTP:
        if self.username and self.security == "none" and self.host not in _LOOPBACK:
            raise PermanentError(
                "smtp: refusing to send the password unencrypted "
                '(security = "none"); use starttls or ssl'
            )
        context = self.ssl_context or ssl.create_default_context()
        try:
            if self.security == "ssl":
                return _TrackedSSL(self.host, self.port, timeout=self.timeout, context=context)
            smtp = _Tracked(self.host, self.port, timeout=self.timeout)
            if self.security == "starttls":
                try:
                    smtp.ehlo()
                    smtp.starttls(context=context)
                    smtp.ehlo()
                except BaseException:
                    smtp.close()
                    raise
            return smtp
        except smtplib.SMTPNotSupportedError as exc:
            raise PermanentError(f"smtp {self.host}: {exc}") from exc
        except smtplib.SMTPResponseException:
            raise
        except smtplib.SMTPException as exc:
            raise TransientError(f"smtp {self.host}:{self.port}: {exc}") from exc
        except OSError as exc:
            raise _network_error(exc) from exc


class _Tracked(smtplib.SMTP):
    """Notes when the message body starts on its way (``DATA``): after that, a lost
    connection leaves it unknown whether the server queued the message."""

    body_sent = False

    def data(self, msg: Buffer | str) -> tuple[int, bytes]:
        self.body_sent = True
        return super().data(msg)


class _TrackedSSL(smtplib.SMTP_SSL):
    body_sent = False

    def data(self, msg: Buffer | str) -> tuple[int, bytes]:
        self.body_sent = True
        return super().data(msg)


def _uncertain(exc: Exception) -> UncertainError:
    return UncertainError(
        f"smtp: connection lost after the message was sent ({exc or type(exc).__name__}); "
        "it may have been delivered"
    )


def _network_error(exc: OSError) -> ConnectorError:
    """Socket-level failures: an untrusted certificate will not fix itself; the rest may."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PermanentError(f"smtp: certificate not trusted: {exc.verify_message or exc}")
    if isinstance(exc, TimeoutError):
        return TransientError("smtp: timed out")
    return TransientError(f"smtp: {type(exc).__name__}: {exc}")
