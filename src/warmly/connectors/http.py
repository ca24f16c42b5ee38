"""HTTP plumbing shared by the REST connectors (Mastodon, Bluesky).

Everything that can go wrong on the wire ends up as one of the contract's two
errors, so the outbox never sees an ``httpx`` exception:

- no answer (refused, reset, timeout) -> :class:`TransientError`;
- 429 -> :class:`TransientError` with ``retry_after`` from ``Retry-After`` or
  the platform's reset header;
- 408 and 5xx -> :class:`TransientError`;
- any other 4xx -> :class:`PermanentError` carrying the server's own message.

Request headers (they hold tokens) never appear in an error message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from warmly.connectors.base import PermanentError, RateLimit, TransientError

Clock = Callable[[], datetime]

USER_AGENT = "warmly"
_MESSAGE_CAP = 300


def utcnow() -> datetime:
    """The default clock: timezone-aware UTC."""
    return datetime.now(UTC)


def to_int(value: str | None) -> int | None:
    """``"300"`` -> 300; absent or malformed -> ``None`` (headers are advisory)."""
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        try:
            return int(float(value.strip()))
        except ValueError:
            return None


def parse_time(value: Any) -> datetime | None:
    """``2019-12-08T03:48:33.901Z`` -> aware UTC datetime; junk -> ``None``."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def retry_after(headers: httpx.Headers, now: datetime) -> datetime | None:
    """The moment ``Retry-After`` (seconds or an HTTP date) points at, if present."""
    value = headers.get("retry-after")
    if not value:
        return None
    seconds = to_int(value)
    if seconds is not None:
        return now + timedelta(seconds=max(seconds, 0))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def error_text(response: httpx.Response) -> str:
    """The server's explanation, short: Mastodon ``error``, XRPC ``error: message``."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("error", "message", "error_description") if body.get(k)]
        text = ": ".join(parts)
    else:
        text = _page_text(response.text)
    return (text or response.reason_phrase or "no message")[:_MESSAGE_CAP]


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _page_text(body: str) -> str:
    """A proxy's HTML error page as words: its title, else its text without tags.

    Errors are one line for a person (``warmly sync`` prints them); markup is noise.
    """
    title = _TITLE.search(body)
    text = title.group(1) if title else _TAG.sub(" ", body)
    return " ".join(html.unescape(text).split())


def send_request(
    client: httpx.Client, method: str, url: str, what: str, **kwargs: Any
) -> httpx.Response:
    """``client.request`` with transport failures mapped to :class:`TransientError`."""
    try:
        return client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise TransientError(f"{what}: timed out") from exc
    except httpx.TransportError as exc:
        # Connection refused/reset, DNS failure, TLS handshake: the network, not the request.
        raise TransientError(f"{what}: {type(exc).__name__}: {exc}") from exc


def raise_for_status(
    response: httpx.Response, rate_limit: RateLimit | None, what: str, now: datetime
) -> None:
    """Raise the contract's error for a non-2xx/3xx ``response``; return otherwise."""
    code = response.status_code
    if code < 400:
        return
    message = f"{what}: HTTP {code}: {error_text(response)}"
    if code == 429:
        when = retry_after(response.headers, now) or (rate_limit.reset_at if rate_limit else None)
        raise TransientError(message, retry_after=when, rate_limit=rate_limit)
    if code == 408 or code >= 500:
        raise TransientError(
            message, retry_after=retry_after(response.headers, now), rate_limit=rate_limit
        )
    raise PermanentError(message, rate_limit=rate_limit)


def json_body(response: httpx.Response, what: str) -> Any:
    """The decoded JSON body; a 2xx that is not JSON is a server fault, so transient."""
    try:
        return response.json()
    except ValueError as exc:
        raise TransientError(f"{what}: HTTP {response.status_code}: not JSON") from exc


def make_client(
    base_url: str,
    *,
    timeout: float,
    transport: httpx.BaseTransport | None,
    headers: dict[str, str] | None = None,
) -> httpx.Client:
    """One pooled client per connector; ``transport`` lets tests serve recorded answers."""
    return httpx.Client(
        base_url=base_url,
        timeout=timeout,
        transport=transport,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
        follow_redirects=False,  # a redirect on a write would drop the body silently
    )
