"""The in-memory shape of one email before it is rendered into the mbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.utils import formataddr


@dataclass(slots=True)
class Mail:
    """One message before rendering: headers in order and text/plain or prepared parts."""

    at: datetime
    headers: list[tuple[str, str]]
    body: str = ""
    html: str | None = None
    labels: str = "Inbox"
    thread_id: str | None = None
    gmail_id: str | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)


def addr(name: str, email: str) -> str:
    """``Name <a@b>``, RFC 2047-encoded when the name is not ASCII."""
    return formataddr((name, email), charset="utf-8")


def hdr(text: str) -> str:
    """A header value, RFC 2047-encoded when needed."""
    return text if text.isascii() else Header(text, "utf-8").encode()
