"""The connector contract: one method, ``send``, plus an in-memory fake for tests.

Email (SMTP), Mastodon and Bluesky send automatically where their terms allow
it; LinkedIn and X are *assisted* (their terms forbid automation): warmly
prepares a deep link and the draft, the user acts and confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal, Protocol

from warmly.errors import WarmlyError

Mode = Literal["auto", "assisted"]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What a connector needs to deliver one action.

    ``key`` is the action's idempotency key: connectors that can pass it on
    (an email Message-ID, an HTTP ``Idempotency-Key`` header) do so, so a
    retry after a crash is recognised by the receiving side too.
    """

    key: str
    platform: str
    kind: str
    recipient: str | None
    text: str
    subject: str | None = None
    in_reply_to: str | None = None  # remote id of the message being answered


@dataclass(frozen=True, slots=True)
class RateLimit:
    """What the platform said about its limits (``X-RateLimit-*`` headers)."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    remote_id: str | None
    rate_limit: RateLimit | None = None


@dataclass(frozen=True, slots=True)
class Assisted:
    """For assisted platforms: where to go and what to paste; the user confirms.

    ``why``: why it is not sent automatically, and what would change that (every
    judgement explains itself; a bare link leaves the user guessing).
    """

    link: str
    text: str
    why: str | None = None


class ConnectorError(WarmlyError):
    """Sending failed; ``transient`` says whether a retry may succeed."""

    transient: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        retry_after: datetime | None = None,
        rate_limit: RateLimit | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.rate_limit = rate_limit


class TransientError(ConnectorError):
    """Try again later (timeout, 5xx, 429 with a reset time)."""

    transient = True


class PermanentError(ConnectorError):
    """Never retry (bad address, 4xx other than 429, auth refused)."""


class UncertainError(ConnectorError):
    """It may have gone out: the connection failed after the message was handed over
    (a timeout waiting for the server's final reply). Never retried blindly: the
    outbox leaves it for the user to confirm or retry."""


class Connector(Protocol):
    platform: str
    mode: Mode

    def send(self, message: Outgoing) -> Sent | Assisted:
        """Deliver ``message`` (auto) or say how the user can (assisted)."""
        ...


@dataclass
class FakeConnector:
    """Records what it was asked to send; can be told to fail. For tests."""

    platform: str = "email"
    mode: Mode = "auto"
    sent: list[Outgoing] = field(default_factory=list)
    fail_next: list[ConnectorError] = field(default_factory=list)

    def send(self, message: Outgoing) -> Sent | Assisted:
        if self.fail_next:
            raise self.fail_next.pop(0)
        self.sent.append(message)
        return Sent(remote_id=f"fake-{len(self.sent)}")


class CanTellIfSent(Protocol):
    """Optional extra of a connector: ask the platform whether ``key`` went out.

    ``True``/``False`` when the platform can tell; ``None`` when it cannot
    (SMTP, Mastodon and Bluesky today: they answer ``None``), and the outbox
    must rely on its own record. Check with ``hasattr(connector, "was_sent")``.
    """

    def was_sent(self, key: str) -> bool | None: ...
