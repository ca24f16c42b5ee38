"""Recorded Mastodon and Bluesky answers served through ``httpx.MockTransport``.

Bodies are the JSON files in ``tests/data/connectors/<platform>/``, shaped like
the real APIs' documented responses; paging follows the real rules (Mastodon
``max_id``/``min_id`` + Link header, Bluesky ``cursor``). No network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

DATA = Path(__file__).resolve().parent.parent / "data" / "connectors"
MASTODON = "https://mastodon.example"
MASTODON_RATE = {
    "X-RateLimit-Limit": "300",
    "X-RateLimit-Remaining": "299",
    "X-RateLimit-Reset": "2026-11-04T10:05:00.000Z",
}
BLUESKY_RATE = {
    "ratelimit-limit": "5000",
    "ratelimit-remaining": "4997",
    "ratelimit-reset": "1793786400",
    "ratelimit-policy": "5000;w=3600",
}


def load(platform: str, name: str) -> Any:
    return json.loads((DATA / platform / f"{name}.json").read_text("utf-8"))


@dataclass
class Canned:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raise_exc: Exception | None = None


@dataclass
class FakeMastodon:
    """``/api/v1/statuses`` and ``/api/v1/notifications`` of one instance."""

    notifications: list[dict[str, Any]] = field(
        default_factory=lambda: load("mastodon", "notifications")
    )
    requests: list[httpx.Request] = field(default_factory=list)
    queued: list[Canned] = field(default_factory=list)  # answered first, in order

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.queued:
            c = self.queued.pop(0)
            if c.raise_exc:
                raise c.raise_exc
            return httpx.Response(c.status, json=c.body, headers=c.headers)
        path = request.url.path
        if request.method == "POST" and path == "/api/v1/statuses":
            return httpx.Response(200, json=load("mastodon", "status"), headers=MASTODON_RATE)
        if request.method == "POST" and path.endswith(("/reblog", "/favourite")):
            return httpx.Response(200, json=load("mastodon", "status"), headers=MASTODON_RATE)
        if request.method == "GET" and path == "/api/v2/search":
            return httpx.Response(200, json=load("mastodon", "search"), headers=MASTODON_RATE)
        if request.method == "POST" and path.endswith("/follow"):
            return httpx.Response(200, json=load("mastodon", "relationship"), headers=MASTODON_RATE)
        if request.method == "GET" and path == "/api/v1/notifications":
            return self._notifications(request)
        return httpx.Response(404, json={"error": "Record not found"})

    def _notifications(self, request: httpx.Request) -> httpx.Response:
        q = request.url.params
        types = q.get_list("types[]")
        items = [n for n in self.notifications if not types or n["type"] in types]
        key = lambda n: (len(n["id"]), n["id"])  # noqa: E731
        items.sort(key=key, reverse=True)
        limit = int(q.get("limit", "40"))
        if q.get("max_id"):
            items = [n for n in items if key(n) < key({"id": q["max_id"]})]
        if q.get("since_id"):
            items = [n for n in items if key(n) > key({"id": q["since_id"]})]
        if q.get("min_id"):  # the page *immediately* newer than min_id
            items = [n for n in items if key(n) > key({"id": q["min_id"]})][-limit:]
        page = items[:limit]
        headers = dict(MASTODON_RATE)
        if page:
            extra = "".join(f"&types[]={t}" for t in types)
            base = f"{MASTODON}/api/v1/notifications?limit={limit}{extra}"
            headers["Link"] = (
                f'<{base}&max_id={page[-1]["id"]}>; rel="next", '
                f'<{base}&min_id={page[0]["id"]}>; rel="prev"'
            )
        return httpx.Response(200, json=page, headers=headers)


@dataclass
class FakeBluesky:
    """The XRPC methods the connector calls, on one PDS (with the chat proxy)."""

    notifications: list[dict[str, Any]] = field(
        default_factory=lambda: load("bluesky", "listNotifications")["notifications"]
    )
    requests: list[httpx.Request] = field(default_factory=list)
    queued: dict[str, list[Canned]] = field(default_factory=lambda: defaultdict(list))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def calls(self, nsid: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == f"/xrpc/{nsid}"]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        nsid = request.url.path.removeprefix("/xrpc/")
        if self.queued.get(nsid):
            c = self.queued[nsid].pop(0)
            if c.raise_exc:
                raise c.raise_exc
            return httpx.Response(c.status, json=c.body, headers=c.headers)
        if nsid == "app.bsky.notification.listNotifications":
            return self._list(request)
        files = {
            "com.atproto.server.createSession",
            "com.atproto.server.refreshSession",
            "com.atproto.repo.createRecord",
            "app.bsky.feed.getPosts",
            "app.bsky.actor.getProfile",
            "chat.bsky.convo.getConvoForMembers",
            "chat.bsky.convo.sendMessage",
        }
        if nsid in files:
            return httpx.Response(
                200, json=load("bluesky", nsid.rsplit(".", 1)[1]), headers=BLUESKY_RATE
            )
        return httpx.Response(501, json={"error": "MethodNotImplemented", "message": nsid})

    def _list(self, request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params.get("limit", "50"))
        start = int(request.url.params.get("cursor", "0"))
        page = self.notifications[start : start + limit]
        body: dict[str, Any] = {
            "notifications": page,
            "priority": False,
            "seenAt": "2026-11-01T00:00:00.000Z",
        }
        if start + limit < len(self.notifications):
            body["cursor"] = str(start + limit)
        return httpx.Response(200, json=body, headers=BLUESKY_RATE)
