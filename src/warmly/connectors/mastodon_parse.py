"""Mastodon REST entities -> ledger records (pure: JSON in, records out).

Notification types and what they become (``docs.joinmastodon.org/entities/Notification``):

| type | kind |
|---|---|
| ``mention`` | ``mention``; ``reply`` if its status has ``in_reply_to_id``; |
|             | ``message`` if the status is ``direct`` (a private mention)      |
| ``reblog``, ``quote`` | ``share`` |
| ``favourite`` | ``like`` |
| ``follow`` | ``follow`` plus a :class:`ContactRecord` (a follower is a contact) |

Other types (``poll``, ``status``, ``update``, ``follow_request``, ``admin.*``,
``severed_relationships``, ``moderation_warning``) are not interactions with a
person and are counted as ignored.
"""

from __future__ import annotations

from typing import Any

from warmly.connectors.base import RateLimit
from warmly.connectors.http import parse_time, to_int
from warmly.identity.keys import mastodon_acct
from warmly.importers.mastodon_html import html_to_text
from warmly.importers.records import ContactRecord, IdentityRef, InteractionRecord

TYPES: tuple[str, ...] = ("mention", "reblog", "favourite", "follow", "quote")
_KIND = {"reblog": "share", "quote": "share", "favourite": "like", "follow": "follow"}


def parse_rate_limit(headers: Any) -> RateLimit | None:
    """``X-RateLimit-Limit/-Remaining/-Reset`` (reset is an ISO 8601 time)."""
    limit, remaining = headers.get("x-ratelimit-limit"), headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    if limit is None and remaining is None and reset is None:
        return None
    return RateLimit(limit=to_int(limit), remaining=to_int(remaining), reset_at=parse_time(reset))


def id_order(value: str) -> tuple[int, str]:
    """Sort key for Mastodon ids: numeric strings of growing length (snowflake-like)."""
    return (len(value), value)


def account_ref(account: dict[str, Any], instance: str) -> IdentityRef | None:
    """An account as an identity: ``acct`` with the instance host added for local accounts."""
    acct = str(account.get("acct") or "")
    if acct and "@" not in acct:
        acct = f"{acct}@{instance}"
    handle = mastodon_acct(acct) or mastodon_acct(str(account.get("url") or ""))
    if handle is None:
        return None
    name = account.get("display_name") or account.get("username") or None
    return IdentityRef("mastodon", handle, name, url=account.get("url") or None)


def notification_records(
    item: dict[str, Any], instance: str
) -> list[InteractionRecord | ContactRecord]:
    """One notification as records; ``[]`` for types warmly does not record.

    ``thread`` holds the status id a reply should answer (the other person's
    status for mentions, the user's own status for likes and shares), so the
    outbox can pass it back as ``Outgoing.in_reply_to``.
    """
    ntype = str(item.get("type") or "")
    if ntype not in TYPES:
        return []
    account = item.get("account")
    who = account_ref(account, instance) if isinstance(account, dict) else None
    when = parse_time(item.get("created_at"))
    if who is None or when is None:
        raise ValueError(f"notification {item.get('id')!r}: no account or no created_at")
    status: dict[str, Any] = item.get("status") or {}
    if not isinstance(status, dict):  # a server bug must not end the whole sync
        raise ValueError(f"notification {item.get('id')!r}: its status is not an object")
    kind = _KIND.get(ntype, "mention")
    text: str | None = None
    tags: list[str] = []
    if ntype in ("mention", "quote"):
        text = html_to_text(status.get("content"))
    if ntype == "mention":
        if status.get("visibility") == "direct":
            kind = "message"
        elif status.get("in_reply_to_id"):
            kind = "reply"
    if status.get("visibility"):
        tags.append(str(status["visibility"]))
    key = f"mastodon:notif:{instance}:{item['id']}"
    records: list[InteractionRecord | ContactRecord] = [
        InteractionRecord(
            source_key=key,
            platform="mastodon",
            kind=kind,
            direction="in",
            occurred_at=when,
            counterparts=[who],
            thread=str(status["id"]) if status.get("id") else None,
            text=text,
            location=f"notification {item['id']}",
            tags=tags,
        )
    ]
    if ntype == "follow":
        records.append(
            ContactRecord(
                source_key=f"mastodon:follower:{instance}:{who.handle}",
                identities=[who],
                name=who.name,
                location=f"notification {item['id']}",
            )
        )
    return records
