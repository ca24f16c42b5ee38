"""Bluesky repository export (``repo.car``, Settings → Account → Export my data).

The repository holds only what the owner wrote, so every interaction is
outbound: replies, mentions, quotes, reposts, likes and follows. Only
``app.bsky.*`` collections are read; other apps share the repository
(``sh.tangled.*``, ``pub.leaflet.*`` …). A block (``app.bsky.graph.block``,
public by design) is a contact tagged ``bluesky:blocked``, with no
interaction; a block of a whole moderation list (``listblock``) is
:class:`Skipped`, as its members are not in the repository, and mutes are
private to the user's server and not in it at all. Handles are not in the
repository (they live in the DID document), so people are known by DID.

``createdAt`` is client-asserted RFC 3339, usually with milliseconds and
``Z``, sometimes with second precision or an offset. A value without an offset
is taken as UTC: every official client writes ``Z``, and dropping the record
would lose more than the guess risks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

from warmly.errors import ImportFileError
from warmly.identity.keys import bluesky_key
from warmly.importers.base import ImportContext
from warmly.importers.bluesky_car import BlockError, CarError, Repo, header_roots, read_repo
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

__all__ = ["BlueskyImporter"]

_PROFILE = "app.bsky.actor.profile/self"
_MENTION = "app.bsky.richtext.facet#mention"
# Most specific first: a reply that also mentions its parent's author is a reply.
_PRECEDENCE = ("reply", "share", "mention")


class BlueskyImporter:
    """Owner, outbound interactions, follows and blocks from an atproto repository CAR."""

    name: ClassVar[str] = "bluesky"
    description: ClassVar[str] = "Bluesky repository export (repo.car)"

    def detect(self, tree: ExportTree) -> bool:
        if not tree.is_file:
            return False
        with tree.open_bytes(tree.members()[0]) as f:
            head = f.read(4096)
        # DAG-CBOR sorts map keys by length, so a CAR v1 header always opens
        # with a 2-entry map whose first key is "roots".
        if b"\xa2\x65roots" not in head[:12]:
            return False
        try:
            header_roots(head)
        except CarError:
            return False
        return True

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        member = tree.members()[0]
        try:
            repo = read_repo(tree.read_bytes(member))
            keys = list(repo.records())
        except CarError as exc:
            raise ImportFileError(tree.display(member), str(exc)) from exc
        reader = _RecordReader(repo, ctx)
        yield reader.owner(dict(keys).get(_PROFILE))
        for key, cid in keys:
            collection, _, rkey = key.partition("/")
            if not collection.startswith("app.bsky.") or key == _PROFILE:
                continue
            if not rkey:
                yield RecordError(key, "MST key is not <collection>/<rkey>")
                continue
            try:
                value = repo.decode(cid)
            except BlockError as exc:
                yield RecordError(key, str(exc))
                continue
            if not isinstance(value, dict):
                yield RecordError(key, "record is not a map")
                continue
            yield from reader.record(collection, key, value)


class _RecordReader:
    def __init__(self, repo: Repo, ctx: ImportContext) -> None:
        self.repo = repo
        self.did = repo.did
        self.ctx = ctx

    def owner(self, profile_cid: bytes | None) -> OwnerRecord:
        """The owner's DID, with display name and bio from the profile record if any."""
        profile: Any = None
        if profile_cid is not None:
            try:
                profile = self.repo.decode(profile_cid)
            except BlockError:
                profile = None  # a broken profile costs the name, not the import
        if not isinstance(profile, dict):
            profile = {}
        name = _str(profile.get("displayName")).strip() or None
        summary = _str(profile.get("description")).strip() or None
        return OwnerRecord([IdentityRef("bluesky", self.did, name)], name=name, summary=summary)

    def record(self, collection: str, key: str, value: dict[str, Any]) -> Iterator[Record]:
        if collection == "app.bsky.graph.block":
            # A block stands whatever its date: createdAt is not required.
            yield from self._block(key, value)
            return
        if collection == "app.bsky.graph.listblock":
            yield Skipped(key, "blocks a moderation list, whose members the repository lacks")
            return
        handler = {
            "app.bsky.feed.post": self._post,
            "app.bsky.feed.repost": self._subject_post,
            "app.bsky.feed.like": self._subject_post,
            "app.bsky.graph.follow": self._follow,
        }.get(collection)
        if handler is None:
            return  # lists, threadgates, feed generators …: not interactions
        when = _parse_time(value.get("createdAt"))
        if when is None:
            yield RecordError(key, f"missing or invalid createdAt: {value.get('createdAt')!r}")
            return
        yield from handler(collection, key, value, when)

    def _post(self, _c: str, key: str, post: dict[str, Any], when: datetime) -> Iterator[Record]:
        kinds: dict[str, str] = {}
        reply = post.get("reply")
        if isinstance(reply, dict) and (parent := self._author(_uri(reply.get("parent")))):
            kinds[parent] = "reply"
        if quoted := self._author(_quote_uri(post.get("embed"))):
            kinds.setdefault(quoted, "share")
        for facet in _as_list(post.get("facets")):
            for feature in _as_list(facet.get("features") if isinstance(facet, dict) else None):
                is_mention = isinstance(feature, dict) and feature.get("$type") == _MENTION
                if is_mention and (did := self._other(feature.get("did"))):
                    kinds.setdefault(did, "mention")
        people = sorted(kinds, key=lambda d: _PRECEDENCE.index(kinds[d]))
        thread = _uri(reply.get("root")) if isinstance(reply, dict) else None
        text = _str(post.get("text")) or None
        for did in people:
            yield InteractionRecord(
                self._key(key, did if len(people) > 1 else None),
                "bluesky",
                kinds[did],
                "out",
                when,
                [IdentityRef("bluesky", did)],
                thread or None,
                None,
                text,
                key,
            )

    def _subject_post(
        self, collection: str, key: str, value: dict[str, Any], when: datetime
    ) -> Iterator[Record]:
        subject = value.get("subject")
        uri = _uri(subject)
        author = self._author(uri)
        if author is None:
            if not uri.startswith(f"at://{self.did}/"):  # own posts are no interaction
                yield RecordError(key, f"subject is not an at:// URI: {uri or subject!r}")
            return
        kind = "like" if collection == "app.bsky.feed.like" else "share"
        yield InteractionRecord(
            self._key(key),
            "bluesky",
            kind,
            "out",
            when,
            [IdentityRef("bluesky", author)],
            None,
            None,
            None,
            key,
        )

    def _follow(self, _c: str, key: str, value: dict[str, Any], when: datetime) -> Iterator[Record]:
        did = self._other(value.get("subject"))
        if did is None:
            yield RecordError(key, f"follow subject is not a DID: {value.get('subject')!r}")
            return
        person = IdentityRef("bluesky", did)
        yield InteractionRecord(
            self._key(key), "bluesky", "follow", "out", when, [person], location=key
        )
        yield ContactRecord(
            f"bluesky:following:{did}", [person], tags=["bluesky:following"], location=key
        )

    def _block(self, key: str, value: dict[str, Any]) -> Iterator[Record]:
        did = self._other(value.get("subject"))
        if did is None:
            yield RecordError(key, f"block subject is not a DID: {value.get('subject')!r}")
            return
        yield ContactRecord(
            f"bluesky:blocked:{did}",
            [IdentityRef("bluesky", did)],
            tags=["bluesky:blocked"],
            location=key,
        )

    def _key(self, key: str, counterpart: str | None = None) -> str:
        return f"bluesky:{self.did}/{key}" + (f":{counterpart}" if counterpart else "")

    def _author(self, uri: str) -> str | None:
        """The account behind ``at://<did or handle>/…``, unless it is the owner."""
        if not uri.startswith("at://"):
            return None
        return self._other(uri[5:].split("/", 1)[0])

    def _other(self, value: Any) -> str | None:
        """``value`` as a Bluesky key if it names someone other than the owner."""
        key = bluesky_key(value) if isinstance(value, str) else None
        if key is None or key == self.did or self.ctx.is_owner("bluesky", key):
            return None
        return key


def _quote_uri(embed: Any) -> str:
    """URI of a quoted record: ``embed.record`` or, with media, ``embed.record.record``."""
    if not isinstance(embed, dict):
        return ""
    kind = embed.get("$type")
    rec = embed.get("record")
    if kind == "app.bsky.embed.recordWithMedia" and isinstance(rec, dict):
        rec = rec.get("record")
    return _uri(rec) if kind in ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia") else ""


def _uri(strong_ref: Any) -> str:
    return _str(strong_ref.get("uri")) if isinstance(strong_ref, dict) else ""


def _parse_time(value: Any) -> datetime | None:
    """RFC 3339 (ms, s or µs precision; ``Z`` or offset) -> aware UTC datetime."""
    if not isinstance(value, str):
        return None
    try:
        # RFC 3339 allows a lower-case "t" and "z"; fromisoformat does not.
        dt = datetime.fromisoformat(value.strip().upper())
    except ValueError:
        return None
    try:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset falls outside datetime's range
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
