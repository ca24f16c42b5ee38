"""Bluesky (AT Protocol) JSON <-> warmly values, pure: facets, rate limits, notifications.

Notification reasons (``app.bsky.notification.listNotifications``) and kinds:

| reason | kind |
|---|---|
| ``like``, ``like-via-repost`` | ``like`` |
| ``repost``, ``repost-via-repost``, ``quote`` | ``share`` |
| ``follow`` | ``follow`` plus a :class:`ContactRecord` |
| ``mention`` | ``mention`` |
| ``reply`` | ``reply`` |

Others (``starterpack-joined``, ``verified``, ``subscribed-post`` …) are ignored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from warmly.connectors.base import RateLimit
from warmly.connectors.http import parse_time, to_int
from warmly.importers.records import ContactRecord, IdentityRef, InteractionRecord

_KIND = {
    "like": "like",
    "like-via-repost": "like",
    "repost": "share",
    "repost-via-repost": "share",
    "quote": "share",
    "follow": "follow",
    "mention": "mention",
    "reply": "reply",
}
REASONS: tuple[str, ...] = tuple(_KIND)
_URL_RX = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")


def parse_rate_limit(headers: Any) -> RateLimit | None:
    """``ratelimit-limit/-remaining/-reset`` (reset in epoch seconds)."""
    limit, remaining = headers.get("ratelimit-limit"), headers.get("ratelimit-remaining")
    reset = to_int(headers.get("ratelimit-reset"))
    if limit is None and remaining is None and reset is None:
        return None
    reset_at = datetime.fromtimestamp(reset, UTC) if reset is not None else None
    return RateLimit(limit=to_int(limit), remaining=to_int(remaining), reset_at=reset_at)


def _span(text: str, start: int, end: int) -> dict[str, int]:
    """A facet index: UTF-8 *byte* offsets, as the lexicon requires (not str indices)."""
    byte_start = len(text[:start].encode("utf-8"))
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}


def facets(text: str, mentions: dict[str, str]) -> list[dict[str, Any]]:
    """Rich-text facets for ``text``: ``@handle`` mentions (``mentions`` maps a
    lower-case handle to its DID) and bare ``http(s)`` links."""
    out: list[dict[str, Any]] = []
    lowered = text.lower()
    for handle, did in mentions.items():
        form = f"@{handle.lower()}"
        at = lowered.find(form)
        while at >= 0:
            end = at + len(form)
            if end == len(text) or not (text[end].isalnum() or text[end] in "-."):
                out.append(
                    {
                        "index": _span(text, at, end),
                        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                    }
                )
            at = lowered.find(form, end)
    for m in _URL_RX.finditer(text):
        out.append(
            {
                "index": _span(text, m.start(), m.end()),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": m.group(0)}],
            }
        )
    out.sort(key=lambda f: int(f["index"]["byteStart"]))
    return out


def with_mention(text: str, handle: str) -> str:
    """Prefix ``@handle`` unless the text already names it."""
    form = f"@{handle.lower()}"
    lowered = text.lower()
    at = lowered.find(form)
    while at >= 0:
        end = at + len(form)
        if end == len(text) or not (text[end].isalnum() or text[end] in "-."):
            return text
        at = lowered.find(form, end)
    return f"@{handle} {text}"


def author_ref(author: dict[str, Any]) -> IdentityRef | None:
    """A profile view as an identity keyed by DID (handles change, DIDs do not)."""
    did = author.get("did")
    if not isinstance(did, str) or not did.startswith("did:"):
        return None
    handle = author.get("handle")
    name = author.get("displayName") or handle or None
    return IdentityRef("bluesky", did, name, url=f"https://bsky.app/profile/{handle or did}")


def notification_records(item: dict[str, Any]) -> list[InteractionRecord | ContactRecord]:
    """One notification as records; ``[]`` for reasons warmly does not record.

    ``thread`` is the post to answer: the other person's post for mentions,
    replies and quotes, the user's own post (``reasonSubject``) for likes and
    reposts.
    """
    reason = str(item.get("reason") or "")
    kind = _KIND.get(reason)
    if kind is None:
        return []
    author = item.get("author")
    who = author_ref(author) if isinstance(author, dict) else None
    when = parse_time(item.get("indexedAt"))
    uri = item.get("uri")
    if who is None or when is None or not isinstance(uri, str):
        raise ValueError(f"notification {uri!r}: no author DID, uri or indexedAt")
    record: dict[str, Any] = item.get("record") or {}
    if not isinstance(record, dict):  # a server bug must not end the whole sync
        raise ValueError(f"notification {uri!r}: its record is not an object")
    text = record.get("text") if reason in ("mention", "reply", "quote") else None
    thread = uri if reason in ("mention", "reply", "quote") else item.get("reasonSubject")
    records: list[InteractionRecord | ContactRecord] = [
        InteractionRecord(
            source_key=f"bluesky:notif:{uri}",
            platform="bluesky",
            kind=kind,
            direction="in",
            occurred_at=when,
            counterparts=[who],
            thread=thread or None,
            text=str(text) if text else None,
            location=f"notification {uri}",
        )
    ]
    if reason == "follow":
        records.append(
            ContactRecord(
                source_key=f"bluesky:follower:{who.handle}",
                identities=[who],
                name=who.name,
                location=f"notification {uri}",
            )
        )
    return records
