"""Mastodon over its REST API (``httpx``): post, reply, direct message; read notifications.

Sending uses ``POST /api/v1/statuses`` with an ``Idempotency-Key`` header set
to the action's key: Mastodon remembers the key (for about an hour) and answers
a repeat with the status it already created instead of posting twice.

What each ``Outgoing.kind`` does:

- ``message``: a private mention (``visibility="direct"``) addressed by
  ``@user@host`` in the text; answers ``in_reply_to`` when given.
- ``reply``: a public reply to status ``in_reply_to`` (a status id on the
  user's own instance, as notifications give it), mentioning the recipient.
- ``mention``: a public post that mentions the recipient; ``post``: a plain post.
- ``thank``: a ``reply`` when ``in_reply_to`` is given, else a ``mention``.
- ``share`` / ``like``: boost / favourite status ``in_reply_to``.
- ``follow``: follow the recipient (found with ``/api/v2/search?resolve=true``,
  which also finds accounts the instance has not seen yet).

Rate limits come from ``X-RateLimit-*`` (limit, remaining, reset as ISO time).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from httpx import Response

from warmly.connectors.base import Mode, Outgoing, PermanentError, RateLimit, Sent
from warmly.connectors.feed import NotificationBatch
from warmly.connectors.http import (
    Clock,
    json_body,
    make_client,
    raise_for_status,
    send_request,
    utcnow,
)
from warmly.connectors.mastodon_parse import (
    TYPES,
    account_ref,
    id_order,
    notification_records,
    parse_rate_limit,
)
from warmly.identity.keys import mastodon_acct
from warmly.importers.records import RecordError

NOTIFICATIONS = "/api/v1/notifications"
PAGE_LIMIT = 80  # the API's maximum per page (docs: methods/notifications)


class MastodonConnector:
    """One Mastodon account, authorised by an access token (scopes ``read write``)."""

    platform: str = "mastodon"
    mode: Mode = "auto"

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        instance_domain: str | None = None,
        reply_visibility: str = "public",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = utcnow,
        page_size: int = 40,
        max_pages: int = 25,
    ) -> None:
        """``instance_domain`` is the host in ``@user@host`` when it differs from
        ``base_url``'s (a server whose web domain is not its account domain)."""
        self.base_url = base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname
        if not host:
            raise ValueError(f"not an instance URL: {base_url!r}")
        self.instance = (instance_domain or host).lower()
        self.reply_visibility = reply_visibility
        self.clock = clock
        self.page_size = max(1, min(page_size, PAGE_LIMIT))
        self.max_pages = max_pages
        # The token lives only in the client's headers: never in repr, logs or errors.
        self._client = make_client(
            self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {token}"},
        )

    def __repr__(self) -> str:
        return f"MastodonConnector({self.base_url!r})"

    @property
    def source(self) -> str:
        return f"mastodon:{self.instance}"

    def close(self) -> None:
        self._client.close()

    # -- sending --------------------------------------------------------------
    def send(self, message: Outgoing) -> Sent:
        """Deliver ``message``; raises ``TransientError`` / ``PermanentError``."""
        kind = message.kind
        if kind == "follow":
            return self._follow(message)
        if kind in ("share", "like"):
            if not message.in_reply_to:
                raise PermanentError(f"mastodon {kind}: needs the status id (in_reply_to)")
            action = "reblog" if kind == "share" else "favourite"
            data, rate = self._call(
                "POST",
                f"/api/v1/statuses/{message.in_reply_to}/{action}",
                f"mastodon {kind}",
                key=message.key,
            )
            return Sent(remote_id=str(data.get("id") or message.in_reply_to), rate_limit=rate)
        data, rate = self._call(
            "POST",
            "/api/v1/statuses",
            f"mastodon {kind}",
            key=message.key,
            json=self.status_params(message),
        )
        return Sent(remote_id=str(data["id"]), rate_limit=rate)

    def status_params(self, message: Outgoing) -> dict[str, Any]:
        """The ``POST /api/v1/statuses`` form for ``message`` (no network)."""
        kind = message.kind
        if kind == "thank":
            kind = "reply" if message.in_reply_to else "mention"
        if kind not in ("message", "reply", "mention", "post"):
            raise PermanentError(f"mastodon cannot send a {kind!r}")
        text = message.text.strip()
        if not text:
            raise PermanentError("mastodon: empty text")
        if kind in ("message", "mention") and not message.recipient:
            raise PermanentError(f"mastodon {kind}: no recipient")
        if kind == "reply" and not message.in_reply_to:
            raise PermanentError("mastodon reply: needs the status id (in_reply_to)")
        if message.recipient and kind != "post":
            text = _with_mention(text, self.acct(message.recipient), self.instance)
        params: dict[str, Any] = {"status": text}
        if kind == "message":
            params["visibility"] = "direct"
        elif kind == "reply":
            params["visibility"] = self.reply_visibility
        else:
            params["visibility"] = "public"
        if message.in_reply_to:
            params["in_reply_to_id"] = message.in_reply_to
        return params

    def acct(self, recipient: str | None) -> str:
        """``user@host`` for a recipient written as ``user``, ``@user@host`` or a profile URL."""
        value = (recipient or "").strip()
        acct = mastodon_acct(value) or mastodon_acct(f"{value.lstrip('@')}@{self.instance}")
        if not value or acct is None:
            raise PermanentError(f"mastodon: not an account: {recipient!r}")
        return acct

    def _follow(self, message: Outgoing) -> Sent:
        acct = self.acct(message.recipient)
        found, _ = self._call(
            "GET",
            "/api/v2/search",
            "mastodon account lookup",
            params={"q": f"@{acct}", "resolve": "true", "type": "accounts", "limit": 5},
        )
        for account in found.get("accounts") or []:
            ref = account_ref(account, self.instance) if isinstance(account, dict) else None
            if ref is not None and ref.handle == acct and account.get("id"):
                url = f"/api/v1/accounts/{account['id']}/follow"
                _, rate = self._call("POST", url, "mastodon follow", key=message.key)
                return Sent(remote_id=str(account["id"]), rate_limit=rate)
        raise PermanentError(f"mastodon follow: no account {acct}")

    def was_sent(self, key: str) -> bool | None:
        """Unknown (``None``): Mastodon cannot be asked by idempotency key.

        The ``Idempotency-Key`` header already makes a retry within the server's
        window (about an hour) return the first status instead of a second one.
        """
        return None

    # -- reading --------------------------------------------------------------
    def fetch_notifications(self, since: str | None = None) -> NotificationBatch:
        """Notifications newer than id ``since`` (or the newest pages when ``None``).

        First sync pages back through history with ``max_id`` (the Link header's
        ``next``) for at most ``max_pages`` pages. Later syncs walk *forward* from
        ``since`` with ``min_id`` (the Link header's ``prev``), so a sync cut
        short by ``max_pages`` leaves no gap: the cursor is the newest id read.
        """
        batch = NotificationBatch(cursor=since)
        first: dict[str, Any] = {"limit": self.page_size, "types[]": list(TYPES)}
        if since:
            first["min_id"] = since
        params: dict[str, Any] | None = first
        url: str = NOTIFICATIONS
        rel = "prev" if since else "next"
        seen: set[str] = set()
        for _ in range(self.max_pages):
            items, response = self._page(url, params)
            batch.pages += 1
            fresh = [
                i
                for i in items
                if str(i.get("id")) not in seen
                and (since is None or id_order(str(i["id"])) > id_order(since))
            ]
            for item in fresh:
                nid = str(item["id"])
                seen.add(nid)
                if batch.cursor is None or id_order(nid) > id_order(batch.cursor):
                    batch.cursor = nid
                try:
                    batch.add(notification_records(item, self.instance))
                except (ValueError, KeyError, TypeError) as exc:
                    batch.add(RecordError(f"notification {nid}", str(exc)))
            link = response.links.get(rel, {}).get("url")
            if not fresh or not link:
                break
            url, params = link, None  # the Link URL carries every parameter already
        else:
            batch.complete = False
        return batch

    def _page(
        self, url: str, params: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], Response]:
        response = send_request(self._client, "GET", url, "mastodon notifications", params=params)
        raise_for_status(
            response, parse_rate_limit(response.headers), "mastodon notifications", self.clock()
        )
        data = json_body(response, "mastodon notifications")
        if not isinstance(data, list):
            raise PermanentError("mastodon notifications: expected a list")
        return [d for d in data if isinstance(d, dict) and d.get("id")], response

    def _call(
        self,
        method: str,
        url: str,
        what: str,
        *,
        key: str | None = None,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], RateLimit | None]:
        headers = {"Idempotency-Key": key} if key else {}
        response = send_request(
            self._client, method, url, what, json=json, params=params, headers=headers
        )
        rate = parse_rate_limit(response.headers)
        raise_for_status(response, rate, what, self.clock())
        data = json_body(response, what)
        if not isinstance(data, dict):
            raise PermanentError(f"{what}: unexpected answer")
        return data, rate


def _with_mention(text: str, acct: str, instance: str) -> str:
    """Prefix ``@user@host`` unless the text already addresses the account."""
    user, _, host = acct.partition("@")
    lowered = text.lower()
    forms = [f"@{acct}"] + ([f"@{user}"] if host == instance else [])
    for form in forms:
        at = lowered.find(form)
        while at >= 0:
            # "@jane" must not count as mentioning "@jane@other.host" nor "@janet".
            rest = text[at + len(form) :]
            if not rest or not (
                rest[0].isalnum() or rest[0] in "_@-" or (rest[0] == "." and rest[1:2].isalnum())
            ):
                return text
            at = lowered.find(form, at + 1)
    return f"@{acct} {text}"
