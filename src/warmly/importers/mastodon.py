"""Mastodon account archive (``.zip``, ``.tar.gz`` or an unpacked folder).

The archive holds ``actor.json`` (the owner) and ``outbox.json``: one
ActivityStreams ``OrderedCollection`` of everything the owner posted. Only
outbound interactions can be read from it:

* ``Create`` of a direct (mentioned-only) status -> ``message`` to its addressees,
  one record with every addressee as a counterpart;
* a reply to someone else's status -> ``reply`` to that author;
* a quote post (``quote``/``quoteUri``, Mastodon 4.4+) -> ``share`` to the quoted author;
* every other ``Mention`` tag -> ``mention``;
* ``Announce`` (a boost) -> ``share`` to the boosted author.

Public posts that involve nobody yield nothing. ``likes.json`` and
``bookmarks.json`` list status URIs without a date, so they give no interaction
(one :class:`Skipped` per file says how many). ``totalItems`` is the account's
status count, not the length of ``orderedItems``, and is never used.

Accounts are ``user@host`` keys. Mention tags carry ``@user@domain`` (the
WebFinger name, which may differ from the server's host) and are preferred over
any URI. Boosts name only a URI; Mastodon 4.5+ uses numeric ``/ap/users/<n>``
actor ids that cannot be turned into ``user@host`` offline. Those are looked up
among all mention tags in the outbox, and if nobody there had that id, the boost
is :class:`Skipped` rather than emitted with a key-less identity that nothing
could ever match.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from warmly.errors import ImportFileError
from warmly.identity.keys import identity_from_url, mastodon_acct
from warmly.importers.base import ImportContext
from warmly.importers.mastodon_csv import MastodonFollowsImporter
from warmly.importers.mastodon_html import html_links, html_to_text
from warmly.importers.records import (
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

__all__ = ["MastodonFollowsImporter", "MastodonImporter"]

_PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
# .../users/<name>/statuses/<id>, and the numeric 4.5+ form .../ap/users/<n>/statuses/<id>
_STATUS_RX = re.compile(r"^(https?://[^/]+/(?:ap/)?users/[^/]+)/statuses/[^/]+", re.I)
_NUMERIC_ACTOR_RX = re.compile(r"^https?://[^/]+/ap/users/\d+/?$", re.I)


class MastodonImporter:
    """Outbound interactions and the owner's profile from a Mastodon archive."""

    name: ClassVar[str] = "mastodon"
    description: ClassVar[str] = "Mastodon account archive (outbox.json + actor.json)"

    def detect(self, tree: ExportTree) -> bool:
        if tree.is_file:
            return False
        outbox, actor = _member(tree, "outbox.json"), _member(tree, "actor.json")
        if outbox is None or actor is None:
            return False
        try:
            data = json.loads(tree.read_text(actor))
        except ValueError:
            return False
        return isinstance(data, dict) and "activitystreams" in json.dumps(data.get("@context"))

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        actor_m, outbox_m = _member(tree, "actor.json"), _member(tree, "outbox.json")
        if actor_m is None or outbox_m is None:
            raise ImportFileError(tree.path, "not a Mastodon archive: no actor.json/outbox.json")
        actor = _load_json(tree, actor_m)
        outbox = _load_json(tree, outbox_m)
        items = outbox.get("orderedItems")
        if not isinstance(items, list):
            raise ImportFileError(tree.display(outbox_m), "no orderedItems list")

        owner = _owner(actor)
        if owner is None:
            raise ImportFileError(tree.display(actor_m), "cannot tell the account's user@host")
        yield owner
        reader = _OutboxReader(owner, actor, items, ctx)
        for i, item in enumerate(items, start=1):
            yield from reader.activity(item, f"outbox item {i}")
        for fname in ("likes.json", "bookmarks.json"):
            yield from _uri_only_collection(tree, fname)


def _member(tree: ExportTree, name: str) -> str | None:
    """The shallowest member called ``name`` (archives may wrap everything in a folder)."""
    found = sorted(tree.find(name), key=lambda m: (m.count("/"), m))
    return found[0] if found else None


def _load_json(tree: ExportTree, member: str) -> dict[str, Any]:
    try:
        data = json.loads(tree.read_text(member))
    except json.JSONDecodeError as exc:
        raise ImportFileError(tree.display(member), f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ImportFileError(tree.display(member), "expected a JSON object")
    return data


def _owner(actor: dict[str, Any]) -> OwnerRecord | None:
    url, aid = _str(actor.get("url")), _str(actor.get("id"))
    acct = mastodon_acct(url) or mastodon_acct(aid)
    if acct is None and (user := _str(actor.get("preferredUsername"))) and (host := _host(aid)):
        # 4.5+ actor ids are numeric (/ap/users/<n>); the username is still given.
        acct = mastodon_acct(f"{user}@{host}")
    if acct is None:
        return None
    name = _str(actor.get("name")) or None
    ids = [IdentityRef("mastodon", acct, name, url=url or aid)]
    # alsoKnownAs lists the owner's other (migrated-from) accounts.
    also = actor.get("alsoKnownAs")
    for uri in also if isinstance(also, list) else []:
        if isinstance(uri, str) and (other := mastodon_acct(uri)):
            ids.append(IdentityRef("mastodon", other, name, url=uri))
    # Profile fields: the owner's links to their other networks and sites.
    fields = actor.get("attachment")
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict) or field.get("type") != "PropertyValue":
            continue
        value = _str(field.get("value"))
        links = html_links(value) or ([value.strip()] if value.strip().startswith("http") else [])
        for link in links:
            ref = identity_from_url(link, name)
            if ref is not None:
                ids.append(ref)
    unique: dict[tuple[str, str | None], IdentityRef] = {}
    for ref in ids:
        unique.setdefault((ref.platform, ref.handle), ref)  # first (primary) one wins
    return OwnerRecord(
        identities=list(unique.values()),
        name=name,
        summary=html_to_text(_str(actor.get("summary"))),
    )


class _OutboxReader:
    """Turns outbox activities into records, knowing the owner and every mention tag."""

    def __init__(
        self, owner: OwnerRecord, actor: dict[str, Any], items: list[Any], ctx: ImportContext
    ) -> None:
        self.ctx = ctx
        self.owner_accts = {r.handle for r in owner.identities if r.platform == "mastodon"}
        self.owner_id = _str(actor.get("id")).rstrip("/")
        self.followers = _str(actor.get("followers"))
        # actor URI -> user@host, from every Mention tag in the outbox: the only
        # offline way to name an author known by a numeric or non-Mastodon URI.
        self.known: dict[str, str] = {}
        self.url_of: dict[str, str] = {}  # user@host -> actor URI, for IdentityRef.url
        for item in items:
            obj = item.get("object") if isinstance(item, dict) else None
            for href, acct in _mentions(obj):
                self.known.setdefault(href, acct)
                self.url_of.setdefault(acct, href)

    def activity(self, item: Any, loc: str) -> Iterator[Record]:
        if not isinstance(item, dict):
            yield RecordError(loc, "activity is not a JSON object")
            return
        kind = item.get("type")
        aid = _str(item.get("id"))
        when = _parse_time(item.get("published"))
        if not aid or when is None:
            yield RecordError(loc, f"activity without id or valid published: {aid or '?'}")
            return
        if kind == "Create" and isinstance(item.get("object"), dict):
            yield from self._create(item, item["object"], aid, when, loc)
        elif kind == "Announce":
            yield from self._announce(item, aid, when, loc)
        else:
            yield Skipped(loc, f"{kind} activity is not an interaction")

    def _create(
        self, item: dict[str, Any], obj: dict[str, Any], aid: str, when: datetime, loc: str
    ) -> Iterator[Record]:
        text = html_to_text(_str(obj.get("content")))
        thread = _str(obj.get("context")) or _str(obj.get("conversation")) or None
        mentioned = [acct for _, acct in _mentions(obj)]

        def rec(key: str, kind: str, accts: list[str]) -> InteractionRecord:
            people = [IdentityRef("mastodon", a, url=self.url_of.get(a)) for a in accts]
            return InteractionRecord(
                key, "mastodon", kind, "out", when, people, thread, None, text, loc
            )

        if self._is_direct(obj, item):
            # Mastodon addresses a direct status to exactly the accounts it
            # mentions; the tags carry their proper user@domain names.
            addressees = self._others(mentioned) or self._others(
                a for uri in _addressing(obj, item) if (a := self.acct_for_actor(uri))
            )
            if addressees:
                yield rec(f"mastodon:{aid}", "message", addressees)
            else:
                yield Skipped(loc, "direct message without a resolvable addressee")
            return

        # One record per person; the most specific kind wins for each.
        kinds: dict[str, str] = {}
        if target := self._status_author(_str(obj.get("inReplyTo")), obj):
            kinds[target] = "reply"
        quote = _str(obj.get("quote")) or _str(obj.get("quoteUri"))
        if quote and (quoted := self._status_author(quote, obj)):
            kinds.setdefault(quoted, "share")
        for acct in mentioned:
            kinds.setdefault(acct, "mention")
        people = self._others(kinds)
        for acct in people:
            key = f"mastodon:{aid}" + (f":{acct}" if len(people) > 1 else "")
            yield rec(key, kinds[acct], [acct])

    def _announce(
        self, item: dict[str, Any], aid: str, when: datetime, loc: str
    ) -> Iterator[Record]:
        obj = item.get("object")
        uri = _str(obj.get("id")) if isinstance(obj, dict) else _str(obj)
        m = _STATUS_RX.match(uri)
        candidates = [m.group(1)] if m else []
        # cc names the boosted author (and the owner's followers collection).
        candidates += [u for u in _addressing(item) if not self._is_collection(u)]
        for actor_uri in candidates:
            if actor_uri.rstrip("/") == self.owner_id:
                return  # a boost of the owner's own post
            if acct := self.acct_for_actor(actor_uri):
                if self._others([acct]):
                    yield InteractionRecord(
                        f"mastodon:{aid}",
                        "mastodon",
                        "share",
                        "out",
                        when,
                        [IdentityRef("mastodon", acct, url=actor_uri)],
                        None,
                        None,
                        None,
                        loc,
                    )
                return
        yield Skipped(loc, f"boost of {uri or '?'}: author has no user@host (numeric id?)")

    def acct_for_actor(self, uri: str) -> str | None:
        """``user@host`` of an actor URI, or ``None`` if it is numeric and unseen."""
        uri = uri.rstrip("/")
        if uri in self.known:
            return self.known[uri]
        if _NUMERIC_ACTOR_RX.match(uri):
            return None
        return mastodon_acct(uri)

    def _status_author(self, status_uri: str, obj: dict[str, Any]) -> str | None:
        """Author of someone else's status ``status_uri`` (``None`` for the owner's own)."""
        if not status_uri or status_uri.startswith(self.owner_id + "/"):
            return None
        m = _STATUS_RX.match(status_uri)
        if m and (acct := self.acct_for_actor(m.group(1))):
            return acct
        # Other servers' URIs (/notes/, /objects/) don't name the author: take
        # the one mention on the status's server, if there is exactly one.
        host = _host(status_uri)
        same_host = {a for href, a in _mentions(obj) if _host(href) == host}
        return same_host.pop() if len(same_host) == 1 else None

    def _is_direct(self, obj: dict[str, Any], item: dict[str, Any]) -> bool:
        addressed = _addressing(obj, item)
        return bool(addressed) and not any(
            u in _PUBLIC or self._is_collection(u) for u in addressed
        )

    def _is_collection(self, uri: str) -> bool:
        return uri in _PUBLIC or uri == self.followers or uri.endswith("/followers")

    def _others(self, accts: Iterable[str]) -> list[str]:
        """``accts`` without duplicates and without the owner's own accounts."""
        out: list[str] = []
        for a in accts:
            if a not in out and a not in self.owner_accts and not self.ctx.is_owner("mastodon", a):
                out.append(a)
        return out


def _mentions(obj: Any) -> list[tuple[str, str]]:
    """``(actor URI, user@host)`` of each Mention tag of a status."""
    tags = obj.get("tag") if isinstance(obj, dict) else None
    out: list[tuple[str, str]] = []
    for tag in tags if isinstance(tags, list) else []:
        if not isinstance(tag, dict) or tag.get("type") != "Mention":
            continue
        href, name = _str(tag.get("href")).rstrip("/"), _str(tag.get("name")).lstrip("@")
        acct = mastodon_acct(name)
        if acct is None and name and "@" not in name and (host := _host(href)):
            # Local accounts are mentioned as "@user": the host is the href's.
            acct = mastodon_acct(f"{name}@{host}")
        if acct is None and not _NUMERIC_ACTOR_RX.match(href):
            acct = mastodon_acct(href)
        if acct:
            out.append((href, acct))
    return out


def _addressing(*objs: dict[str, Any]) -> list[str]:
    """``to`` + ``cc`` of the first of ``objs`` that has any addressing."""
    for obj in objs:
        found = [u for f in ("to", "cc") for u in _as_list(obj.get(f)) if isinstance(u, str) and u]
        if found:
            return found
    return []


def _uri_only_collection(tree: ExportTree, name: str) -> Iterator[Record]:
    member = _member(tree, name)
    if member is None:
        return
    try:
        data = json.loads(tree.read_text(member))
        count = len(data.get("orderedItems") or [])
    except (ValueError, AttributeError, TypeError):
        yield RecordError(name, "not an ActivityStreams collection")
        return
    if count:
        yield Skipped(name, f"{count} statuses without a date; not imported as interactions")


def _parse_time(value: Any) -> datetime | None:
    """``2016-11-01T19:18:43Z`` -> aware UTC datetime (naive values are taken as UTC)."""
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    try:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset falls outside datetime's range
        return None


def _host(uri: str) -> str | None:
    """The host of a URI, or None; never raises (urlsplit does on ``https://[oops``)."""
    try:
        return urlsplit(uri).hostname
    except ValueError:
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
