"""Bluesky over AT Protocol XRPC (``httpx``): posts, replies, DMs; read notifications.

Log-in is ``com.atproto.server.createSession`` with an *app password* (never
the account password); the access token is refreshed with
``refreshSession`` when the PDS answers ``ExpiredToken``.

What each ``Outgoing.kind`` does:

- ``post`` / ``mention`` / ``reply``: ``com.atproto.repo.createRecord`` of an
  ``app.bsky.feed.post``; the recipient is mentioned with a facet (UTF-8 byte
  offsets); a reply answers the post at-uri ``in_reply_to`` with ``root`` and
  ``parent`` strong refs (uri + cid) looked up with ``app.bsky.feed.getPosts``.
- ``message``: a DM through ``chat.bsky.convo.getConvoForMembers`` +
  ``sendMessage``, proxied to the chat service (``atproto-proxy`` header). The
  app password must have been created with "allow access to direct messages".
- ``thank``: a ``reply`` when ``in_reply_to`` is given, else a ``mention``.
- ``like`` / ``share``: an ``app.bsky.feed.like`` / ``repost`` of ``in_reply_to``.
- ``follow``: an ``app.bsky.graph.follow`` of the recipient's DID.

XRPC has no idempotency key, so :meth:`BlueskyConnector.was_sent` cannot tell
(``None``): the outbox must rely on its own record of what it sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from warmly.connectors.base import Mode, Outgoing, PermanentError, RateLimit, Sent
from warmly.connectors.bluesky_parse import facets, notification_records, parse_rate_limit
from warmly.connectors.bluesky_parse import with_mention as _with_mention
from warmly.connectors.feed import NotificationBatch
from warmly.connectors.http import (
    Clock,
    json_body,
    make_client,
    parse_time,
    raise_for_status,
    send_request,
    utcnow,
)
from warmly.importers.records import RecordError

CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat"
PAGE_LIMIT = 100  # listNotifications' maximum


@dataclass
class _Session:
    did: str
    handle: str
    access: str = field(repr=False)
    refresh: str = field(repr=False)


class BlueskyConnector:
    """One Bluesky account on its PDS (``https://bsky.social`` for most people)."""

    platform: str = "bluesky"
    mode: Mode = "auto"

    def __init__(
        self,
        identifier: str,
        app_password: str,
        *,
        service: str = "https://bsky.social",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = utcnow,
        page_size: int = 50,
        max_pages: int = 20,
    ) -> None:
        self.identifier = identifier.lstrip("@")
        self.service = service.rstrip("/")
        self.clock = clock
        self.page_size = max(1, min(page_size, PAGE_LIMIT))
        self.max_pages = max_pages
        self._password = app_password
        self._session: _Session | None = None
        self._client = make_client(self.service, timeout=timeout, transport=transport)

    def __repr__(self) -> str:
        return f"BlueskyConnector({self.identifier!r}, service={self.service!r})"

    @property
    def source(self) -> str:
        return f"bluesky:{self.identifier.lower()}"

    def close(self) -> None:
        self._client.close()

    # -- session --------------------------------------------------------------
    def session(self) -> _Session:
        """The logged-in session, created on first use."""
        if self._session is None:
            data, _ = self._xrpc(
                "POST",
                "com.atproto.server.createSession",
                "bluesky login",
                json={"identifier": self.identifier, "password": self._password},
                auth=False,
            )
            self._session = _from_session(data)
        return self._session

    def _refresh(self) -> None:
        old = self.session()
        try:
            data, _ = self._xrpc(
                "POST", "com.atproto.server.refreshSession", "bluesky refresh", auth=old.refresh
            )
            self._session = _from_session(data)
        except PermanentError:
            self._session = None  # refresh token expired too: log in again
            self.session()

    def _xrpc(
        self,
        method: str,
        nsid: str,
        what: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        auth: str | bool = True,
        proxy: str | None = None,
    ) -> tuple[dict[str, Any], RateLimit | None]:
        """One XRPC call; ``auth=True`` uses the session's access token (refreshed once)."""
        for attempt in (0, 1):
            headers = {"atproto-proxy": proxy} if proxy else {}
            if auth is True:
                headers["Authorization"] = f"Bearer {self.session().access}"
            elif isinstance(auth, str):
                headers["Authorization"] = f"Bearer {auth}"
            response = send_request(
                self._client,
                method,
                f"/xrpc/{nsid}",
                what,
                params=params,
                json=json,
                headers=headers,
            )
            rate = parse_rate_limit(response.headers)
            if auth is True and attempt == 0 and _expired(response):
                self._refresh()
                continue
            raise_for_status(response, rate, what, self.clock())
            data = json_body(response, what) if response.content else {}
            if not isinstance(data, dict):
                raise PermanentError(f"{what}: unexpected answer")
            return data, rate
        raise AssertionError("unreachable")  # pragma: no cover

    # -- sending --------------------------------------------------------------
    def send(self, message: Outgoing) -> Sent:
        """Deliver ``message``; raises ``TransientError`` / ``PermanentError``."""
        kind = message.kind
        if kind == "message":
            return self._dm(message)
        if kind == "follow":
            if not message.recipient:
                raise PermanentError("bluesky follow: no recipient")
            did, _ = self.resolve(message.recipient)
            follow = {"$type": "app.bsky.graph.follow", "subject": did, "createdAt": self._now()}
            return self._create("app.bsky.graph.follow", follow, "bluesky follow")
        if kind in ("like", "share"):
            if not message.in_reply_to:
                raise PermanentError(f"bluesky {kind}: needs the post at-uri (in_reply_to)")
            post = self._post(message.in_reply_to)
            collection = "app.bsky.feed.like" if kind == "like" else "app.bsky.feed.repost"
            record = {"$type": collection, "subject": _ref(post), "createdAt": self._now()}
            return self._create(collection, record, f"bluesky {kind}")
        if kind not in ("post", "mention", "reply", "thank"):
            raise PermanentError(f"bluesky cannot send a {kind!r}")
        return self._create("app.bsky.feed.post", self.post_record(message), f"bluesky {kind}")

    def post_record(self, message: Outgoing) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` record for ``message`` (looks up mention and reply refs)."""
        text = message.text.strip()
        if not text:
            raise PermanentError("bluesky: empty text")
        if message.kind == "mention" and not message.recipient:
            raise PermanentError("bluesky mention: no recipient")
        if message.kind == "thank" and not (message.recipient or message.in_reply_to):
            raise PermanentError("bluesky thank: no recipient and no post to answer")
        if message.kind == "reply" and not message.in_reply_to:
            raise PermanentError("bluesky reply: needs the post at-uri (in_reply_to)")
        mentions: dict[str, str] = {}
        if message.recipient and message.kind != "post":
            did, handle = self.resolve(message.recipient)
            text = _with_mention(text, handle)
            mentions[handle.lower()] = did
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": self._now(),
        }
        if found := facets(text, mentions):
            record["facets"] = found
        if message.in_reply_to:
            parent = self._post(message.in_reply_to)
            root = (parent.get("record") or {}).get("reply", {}).get("root") or _ref(parent)
            record["reply"] = {
                "root": {"uri": str(root["uri"]), "cid": str(root["cid"])},
                "parent": _ref(parent),
            }
        return record

    def resolve(self, actor: str) -> tuple[str, str]:
        """``(did, handle)`` of a handle or DID, from ``app.bsky.actor.getProfile``."""
        data, _ = self._xrpc(
            "GET",
            "app.bsky.actor.getProfile",
            "bluesky profile",
            params={"actor": actor.strip().lstrip("@")},
        )
        if not data.get("did") or not data.get("handle"):
            raise PermanentError(f"bluesky: no such account {actor!r}")
        return str(data["did"]), str(data["handle"])

    def was_sent(self, key: str) -> bool | None:
        """Unknown (``None``): XRPC writes carry no idempotency key to ask about."""
        return None

    def _create(self, collection: str, record: dict[str, Any], what: str) -> Sent:
        body = {"repo": self.session().did, "collection": collection, "record": record}
        data, rate = self._xrpc("POST", "com.atproto.repo.createRecord", what, json=body)
        return Sent(remote_id=str(data.get("uri") or ""), rate_limit=rate)

    def _post(self, uri: str) -> dict[str, Any]:
        data, _ = self._xrpc(
            "GET", "app.bsky.feed.getPosts", "bluesky post", params={"uris": [uri]}
        )
        posts = data.get("posts") or []
        if not posts:
            raise PermanentError(f"bluesky: post not found: {uri}")
        post: dict[str, Any] = posts[0]
        return post

    def _dm(self, message: Outgoing) -> Sent:
        if not message.recipient:
            raise PermanentError("bluesky message: no recipient")
        text = message.text.strip()
        if not text:
            raise PermanentError("bluesky: empty text")
        did, _ = self.resolve(message.recipient)
        convo, _ = self._xrpc(
            "GET",
            "chat.bsky.convo.getConvoForMembers",
            "bluesky chat",
            params={"members": [did]},
            proxy=CHAT_PROXY,
        )
        convo_id = (convo.get("convo") or {}).get("id")
        if not convo_id:
            raise PermanentError("bluesky chat: no conversation returned")
        body: dict[str, Any] = {"convoId": convo_id, "message": {"text": text}}
        if found := facets(text, {}):
            body["message"]["facets"] = found
        sent, rate = self._xrpc(
            "POST", "chat.bsky.convo.sendMessage", "bluesky message", json=body, proxy=CHAT_PROXY
        )
        return Sent(remote_id=f"{convo_id}/{sent.get('id')}", rate_limit=rate)

    def _now(self) -> str:
        return self.clock().isoformat(timespec="milliseconds").replace("+00:00", "Z")

    # -- reading --------------------------------------------------------------
    def fetch_notifications(self, since: str | None = None) -> NotificationBatch:
        """Notifications indexed at or after ``since`` (an ISO time; all pages allowed if ``None``).

        ``listNotifications`` pages backwards only (``cursor``), so paging stops
        at the first notification older than ``since``; equal times are kept and
        de-duplicated by the ledger's source keys. ``complete`` is false when
        ``max_pages`` ran out first (raise it, or sync more often).
        """
        batch = NotificationBatch(cursor=since)
        floor = parse_time(since)
        newest = floor
        cursor: str | None = None
        for _ in range(self.max_pages):
            params: dict[str, Any] = {"limit": self.page_size}
            if cursor:
                params["cursor"] = cursor
            data, _ = self._xrpc(
                "GET",
                "app.bsky.notification.listNotifications",
                "bluesky notifications",
                params=params,
            )
            batch.pages += 1
            raw = data.get("notifications") or []
            if not isinstance(raw, list):
                raise PermanentError("bluesky notifications: expected a list")
            items = [i for i in raw if isinstance(i, dict)]
            reached = False
            for item in items:
                when = parse_time(item.get("indexedAt"))
                if floor is not None and when is not None and when < floor:
                    reached = True
                    continue
                try:
                    batch.add(notification_records(item))
                except (ValueError, KeyError, TypeError) as exc:
                    batch.add(RecordError(f"notification {item.get('uri')}", str(exc)))
                if when is not None and (newest is None or when > newest):
                    newest = when
            cursor = data.get("cursor") if isinstance(data.get("cursor"), str) else None
            if reached or not items or not cursor:
                break
        else:
            batch.complete = False
        if newest is not None:
            batch.cursor = newest.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return batch


def _from_session(data: dict[str, Any]) -> _Session:
    try:
        return _Session(
            did=str(data["did"]),
            handle=str(data["handle"]),
            access=str(data["accessJwt"]),
            refresh=str(data["refreshJwt"]),
        )
    except KeyError as exc:
        raise PermanentError(f"bluesky login: answer lacks {exc}") from None


def _ref(post: dict[str, Any]) -> dict[str, str]:
    """A strong ref (uri + cid) to a post view."""
    return {"uri": str(post["uri"]), "cid": str(post["cid"])}


def _expired(response: httpx.Response) -> bool:
    if response.status_code not in (400, 401):
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("error") == "ExpiredToken"
