"""X / Twitter archive importer ("Download an archive of your data"), zip or folder.

Reads ``data/*.js`` (see ``shared/formats/README.md``, section b):

* ``account.js`` (or ``manifest.js`` ``userInfo``) -> the owner;
* ``tweets.js``/``tweets-partN.js`` (older ``tweet.js``) -> replies, mentions,
  retweets and quotes (:mod:`~warmly.importers.x_archive_tweets`);
* ``direct-messages.js``, ``direct-messages-group.js`` -> messages
  (:mod:`~warmly.importers.x_archive_dms`);
* ``follower.js``, ``following.js`` -> contacts tagged ``x:follower`` /
  ``x:following``. They carry no follow date, so no ``follow`` interaction is
  made: an undated one would distort recency;
* ``block.js``, ``mute.js`` -> contacts tagged ``x:blocked`` / ``x:muted``
  (ids only, like the follows), which the agenda never suggests;
* ``like.js`` -> one :class:`Skipped` per like: likes carry neither the liked
  author nor the time of the like.

Every file is read before the first record is yielded, so an unreadable file
fails the import before anything is written. The records of an archive are
held in memory at once (about 150 MB for 100,000 tweets and 50,000 DMs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, TypeVar

from warmly.errors import ImportFileError
from warmly.gc_pause import gc_paused
from warmly.importers.base import ImportContext
from warmly.importers.records import (
    ContactRecord,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree
from warmly.importers.x_archive_dms import dm_records, infer_owner_id
from warmly.importers.x_archive_parse import (
    base_name,
    load_js,
    load_js_array,
    member_head,
    screen_name,
    text_value,
)
from warmly.importers.x_archive_people import ArchiveOwner, HandleBook
from warmly.importers.x_archive_tweets import (
    infer_owner_from_threads,
    iter_tweet_records,
    learn_handles,
    read_tweets,
)

# Files that identify an archive, and how each must begin.
_SIGNATURES = {
    "manifest.js": "window.__THAR_CONFIG",
    "account.js": "window.YTD.",
    "tweets.js": "window.YTD.",
    "tweet.js": "window.YTD.",
}
# Data types read, by their global name (``YTD.<type>.partN``).
_TYPES = (
    "account",
    "tweets",
    "tweet",
    "direct_messages",
    "direct_messages_group",
    "follower",
    "following",
    "block",
    "mute",
    "like",
)
# Account lists (ids only): data type -> (keys a record may wrap its account
# in, tag). block.js and mute.js wrap it in "blocking" / "muting" (a published
# block.js, gist webster/fe93f200857d8ea375d01b8315be0f99, and the
# twitter-archive crate's structs::block and ::mute), where the follow files
# use their own type name; both spellings are read. smartblock.js is not: X's
# Safety mode made those blocks, for days, not the user.
_ACCOUNT_LISTS: dict[str, tuple[tuple[str, ...], str]] = {
    "follower": (("follower",), "x:follower"),
    "following": (("following",), "x:following"),
    "block": (("blocking", "block"), "x:blocked"),
    "mute": (("muting", "mute"), "x:muted"),
}
_FILE_RX = re.compile(r"([a-z0-9-]+?)(?:-part(\d+))?\.js")
_GLOBAL_RX = re.compile(r"YTD\.(\w+)\.part(\d+)")


class XArchiveImporter:
    """X / Twitter data archive: owner, tweet interactions, DMs, follows, blocks, mutes."""

    name: ClassVar[str] = "x"
    known_prefixes: ClassVar[tuple[str, ...]] = ("x:tweet:", "x:dm:")
    description: ClassVar[str] = (
        "X / Twitter archive (zip or folder with data/*.js): replies, mentions, "
        "retweets, quotes, direct messages, followers and followings, blocks and mutes"
    )

    def detect(self, tree: ExportTree) -> bool:
        """True if the tree holds ``manifest.js``, ``account.js`` or ``tweets.js`` of an archive."""
        return find_data_dir(tree) is not None

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield the owner, then tweet, DM, follow, block and mute records, then skipped likes."""
        data_dir = find_data_dir(tree)
        if data_dir is None:
            raise ImportFileError(tree.path, "not an X archive: no data/manifest.js or tweets.js")
        # Everything is parsed and turned into records with the cyclic GC paused:
        # JSON and records hold no cycles, and freeing each file's JSON before
        # the GC runs again spares it scanning millions of objects (3x faster).
        with gc_paused():
            yield from self._records(tree, ctx, data_dir)

    def _records(self, tree: ExportTree, ctx: ImportContext, data_dir: str) -> Iterator[Record]:
        manifest = _load_manifest(tree, data_dir)
        files = data_files(tree, data_dir, manifest)
        owner = ArchiveOwner(ctx=ctx)
        owner_errors = _read_owner(tree, files["account"], manifest, owner)

        def load_dms() -> Iterator[tuple[str, list[Any], bool]]:
            for kind in ("direct_messages", "direct_messages_group"):
                for m in files[kind]:
                    yield base_name(m), load_js_array(tree, m), kind == "direct_messages_group"

        # DMs are read first only when they must name the owner (no account.js);
        # otherwise one file at a time once the tweets' records are out, like
        # the follows and likes, so that the writer starts sooner. A file that
        # cannot be read still fails the import whole: the writer's one
        # transaction rolls back.
        early: list[tuple[str, list[Any], bool]] | None = None
        if owner.account_id is None:
            early = list(load_dms())
            owner.account_id = infer_owner_id(items for _, items, group in early if not group)
        # Every tweets file is read before the first record: the book needs them all.
        tweets = [
            (base_name(m), read_tweets(load_js_array(tree, m), base_name(m)))
            for m in files["tweets"] + files["tweet"]
        ]
        if owner.account_id is None and owner.handle is None:
            # tweets.js alone: the owner's replies to their own tweets name them.
            found = infer_owner_from_threads([t for _, parsed in tweets for t in parsed])
            if found is not None:
                owner.account_id, owner.handle = found
        if (ident := owner.identity()) is not None:
            yield OwnerRecord(identities=[ident], name=owner.name)
        yield from owner_errors
        # Tweets first: they teach the book the handles that DMs and follows lack.
        # A first pass learns them all, so that each record is complete, and on
        # its way to the writer, as soon as it is built.
        book = HandleBook()
        for _fname, parsed in tweets:
            learn_handles(parsed, book)
        # Each file's JSON is freed once its records are out, the GC still paused.
        for _fname, parsed in _drain(tweets):
            for rec in iter_tweet_records(parsed, owner):
                if isinstance(rec, InteractionRecord):
                    rec.counterparts = [book.complete(c) for c in rec.counterparts]
                yield rec
        parsed = []  # the last file's, before the DMs are read
        for fname, items, group in _drain(early) if early is not None else load_dms():
            yield from dm_records(
                items, fname, owner.account_id, book, group=group, known=ctx.known
            )
        items = []  # the last file's
        for kind in _ACCOUNT_LISTS:
            for m in files[kind]:
                yield from _account_records(load_js_array(tree, m), base_name(m), kind, owner, book)
        for m in files["like"]:
            fname, n_likes = base_name(m), len(load_js_array(tree, m))
            yield from (
                Skipped(f"{fname} record {n}", "likes carry no author and no date")
                for n in range(1, n_likes + 1)
            )


T = TypeVar("T")


def _drain(items: list[T]) -> Iterator[T]:
    """The items of a list, each removed from it as it is handed out."""
    items.reverse()
    while items:
        yield items.pop()


def find_data_dir(tree: ExportTree) -> str | None:
    """The folder prefix (``data/``, ``x-2024/data/`` or ``""``) of the archive's data files.

    The shallowest signature file wins, so an archive nested in another is
    ignored. Only files that begin like X's own are accepted.
    """
    candidates = sorted(
        (m for m in tree.members() if base_name(m).lower() in _SIGNATURES),
        key=lambda m: (m.count("/"), m),
    )
    for m in candidates:
        if member_head(tree, m).startswith(_SIGNATURES[base_name(m).lower()]):
            return m[: m.rfind("/") + 1]
        tree.verify(m)  # X's file name but not its start: damaged, or someone else's file
    return None


def data_files(tree: ExportTree, data_dir: str, manifest: Any) -> dict[str, list[str]]:
    """Members to read for each data type, ordered by part number.

    The manifest's ``dataTypes`` name each file and its global name; files it
    lists but that are absent (partial or trimmed archives) are simply not read.
    Files present but not listed, or every file when there is no manifest, are
    found by name (``tweets.js``, ``tweets-part1.js``, …).
    """
    members = set(tree.members())
    present = {
        m[len(data_dir) :].lower(): m
        for m in members
        if m.startswith(data_dir) and "/" not in m[len(data_dir) :] and m.lower().endswith(".js")
    }
    found: dict[str, dict[str, int]] = {t: {} for t in _TYPES}
    # Manifest file names are relative to the archive root, the parent of data/.
    root = data_dir[:-5] if data_dir == "data/" or data_dir.endswith("/data/") else data_dir
    for fname, gname in _manifest_files(manifest):
        g = _GLOBAL_RX.fullmatch(gname.removeprefix("window."))
        member = root + fname if root + fname in members else present.get(base_name(fname).lower())
        if g and g.group(1) in found and member:
            found[g.group(1)].setdefault(member, int(g.group(2)))
    for name, member in present.items():
        f = _FILE_RX.fullmatch(name)
        if f and (kind := f.group(1).replace("-", "_")) in found:
            found[kind].setdefault(member, int(f.group(2) or 0))
    return {t: sorted(parts, key=lambda m: (parts[m], m)) for t, parts in found.items()}


def _manifest_files(manifest: Any) -> Iterator[tuple[str, str]]:
    """``(fileName, globalName)`` of every file the manifest lists."""
    types = manifest.get("dataTypes") if isinstance(manifest, dict) else None
    for entry in types.values() if isinstance(types, dict) else ():
        files = entry.get("files") if isinstance(entry, dict) else None
        for f in files if isinstance(files, list) else ():
            if isinstance(f, dict):
                fname, gname = f.get("fileName"), f.get("globalName")
                if isinstance(fname, str) and isinstance(gname, str):
                    yield fname, gname


def _load_manifest(tree: ExportTree, data_dir: str) -> Any:
    member = next(
        (m for m in tree.find("manifest.js") if m.lower() == data_dir.lower() + "manifest.js"),
        None,
    )
    if member is None:
        return None
    manifest = load_js(tree, member)
    if not isinstance(manifest, dict):
        raise ImportFileError(tree.display(member), "expected a JSON object")
    return manifest


def _read_owner(
    tree: ExportTree, accounts: list[str], manifest: Any, owner: ArchiveOwner
) -> list[Record]:
    """Fill ``owner`` from account.js, then from the manifest; return bad-record errors.

    The account e-mail address is deliberately not read (personal data we do not need).
    """
    errors: list[Record] = []
    for member in accounts:
        for n, item in enumerate(load_js_array(tree, member), 1):
            acc = item.get("account") if isinstance(item, dict) else None
            uid = acc.get("accountId") if isinstance(acc, dict) else None
            if not isinstance(acc, dict) or not isinstance(uid, str) or not uid:
                loc = f"{base_name(member)} record {n}"
                errors.append(RecordError(loc, "account without accountId"))
                continue
            if owner.account_id is None:
                owner.account_id = uid
                owner.handle = screen_name(acc.get("username"))
                owner.name = text_value(acc.get("accountDisplayName"))
    info = manifest.get("userInfo") if isinstance(manifest, dict) else None
    if isinstance(info, dict) and owner.account_id in (None, info.get("accountId")):
        owner.account_id = owner.account_id or text_value(info.get("accountId"))
        owner.handle = owner.handle or screen_name(info.get("userName"))
        owner.name = owner.name or text_value(info.get("displayName"))
    return errors


def _account_records(
    items: list[Any], fname: str, kind: str, owner: ArchiveOwner, book: HandleBook
) -> Iterator[Record]:
    """One contact per account of a follower, following, block or mute list."""
    wrappers, tag = _ACCOUNT_LISTS[kind]
    for n, item in enumerate(items, 1):
        loc = f"{fname} record {n}"
        body = (
            next((item[w] for w in wrappers if w in item), None) if isinstance(item, dict) else None
        )
        uid = body.get("accountId") if isinstance(body, dict) else None
        if not isinstance(body, dict) or not isinstance(uid, str) or not uid:
            yield RecordError(loc, f"{kind} without accountId")
            continue
        if uid == owner.account_id:
            continue
        ref = book.ref(uid, url=text_value(body.get("userLink")))
        yield ContactRecord(
            source_key=f"{tag}:{uid}",
            identities=[ref],
            name=ref.name,
            tags=[tag],
            location=loc,
        )
