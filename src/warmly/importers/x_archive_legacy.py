"""Legacy X / Twitter archives (2012–2018, "Grailbird"), zip or folder.

Layout (``shared/formats/README.md``, section b)::

    tweets.csv
    data/js/user_details.js        var user_details = { "screen_name", "full_name", "id", … }
    data/js/tweet_index.js         var tweet_index = [ { "file_name", "year", "month", … } ]
    data/js/tweets/2013_01.js      Grailbird.data.tweets_2013_01 = [ { tweet }, … ]

The monthly files hold whole tweet objects as the API served them then:
``created_at`` as ``2013-01-31 22:13:41 +0000``, mentions with account ids,
reply targets with screen names, the author in ``user``. They become the same
interactions as a current archive's tweets (:mod:`~warmly.importers.x_archive_tweets`),
under the same source keys, so importing an old archive and a newer one adds
each tweet's interactions once. ``tweets.csv`` repeats those tweets with ids
only (mentions appear only in the text, so they are keyed by screen name and
a newer archive adds them again) and is read only when the monthly files are
missing. These archives hold no direct messages and no followers.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from typing import Any, ClassVar

from warmly.errors import ImportFileError
from warmly.gc_pause import gc_paused
from warmly.importers.base import ImportContext
from warmly.importers.records import InteractionRecord, OwnerRecord, Record, RecordError
from warmly.importers.source import READ_ERRORS, ExportTree, unreadable
from warmly.importers.x_archive_parse import (
    account_id,
    base_name,
    load_js,
    member_head,
    parse_js_assignment,
    screen_name,
    text_value,
)
from warmly.importers.x_archive_people import ArchiveOwner, HandleBook
from warmly.importers.x_archive_tweets import (
    Tweet,
    infer_owner_from_threads,
    iter_tweet_records,
    learn_handles,
    read_tweet,
    read_tweets,
)

_MONTH_FILE = re.compile(r"(?:.*/)?data/js/tweets/(\d{4})_(\d{2})\.js", re.I)
_USER_DETAILS = re.compile(r"(?:.*/)?data/js/user_details\.js", re.I)
_CSV = re.compile(r"(?:.*/)?tweets\.csv", re.I)
_CSV_HEADER = ("tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp")
# An @-name in a tweet's text, not inside an address or a longer word.
_AT = re.compile(r"(?<![\w@])@(\w{1,15})\b")


class XLegacyArchiveImporter:
    """X / Twitter archive of 2012–2018 (``data/js/tweets/YYYY_MM.js``, ``tweets.csv``)."""

    name: ClassVar[str] = "x-legacy"
    known_prefixes: ClassVar[tuple[str, ...]] = ("x:tweet:",)
    description: ClassVar[str] = (
        "legacy X / Twitter archive (2012-2018, zip or folder with data/js/tweets/*.js "
        "or tweets.csv): replies, mentions, retweets, quotes"
    )

    def detect(self, tree: ExportTree) -> bool:
        """True for monthly ``Grailbird`` files, ``user_details.js`` or a legacy ``tweets.csv``."""
        for member in tree.members():
            if _MONTH_FILE.fullmatch(member):
                if member_head(tree, member, 256).startswith("Grailbird.data.tweets_"):
                    return True
                tree.verify(member)
            elif _USER_DETAILS.fullmatch(member):
                if member_head(tree, member, 256).startswith("var user_details"):
                    return True
                tree.verify(member)
            elif _CSV.fullmatch(member) and _is_legacy_csv(member_head(tree, member, 256)):
                return True
        return False

    def read(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        """Yield the owner, then the interactions of every tweet, newest month first."""
        with gc_paused():  # as for a current archive: JSON holds no cycles
            yield from self._records(tree, ctx)

    def _records(self, tree: ExportTree, ctx: ImportContext) -> Iterator[Record]:
        owner = ArchiveOwner(ctx=ctx)
        details = [m for m in tree.members() if _USER_DETAILS.fullmatch(m)]
        if details:
            _read_user_details(tree, min(details, key=_depth), owner)
        months = _month_files(tree)
        tweets: list[Tweet | RecordError] = []
        guesses: list[tuple[Tweet, str]] = []  # tweets.csv replies and the name they start with
        if months:
            for member in months:
                items = load_js(tree, member)
                if not isinstance(items, list):
                    raise ImportFileError(tree.display(member), "expected a JSON array of tweets")
                tweets += read_tweets(items, base_name(member), legacy=True)
        else:
            csvs = sorted((m for m in tree.members() if _CSV.fullmatch(m)), key=_depth)
            if not csvs:
                raise ImportFileError(
                    tree.path, "no tweets: neither data/js/tweets/*.js nor tweets.csv"
                )
            tweets, guesses = _read_csv(tree, csvs[0])
        if owner.account_id is None and owner.handle is None:
            _owner_from_tweets(tweets, owner)
        _name_reply_targets(guesses, owner)
        if (ident := owner.identity()) is not None:
            yield OwnerRecord(identities=[ident], name=owner.name)
        book = HandleBook()
        learn_handles(tweets, book)
        for rec in iter_tweet_records(tweets, owner):
            if isinstance(rec, InteractionRecord):
                rec.counterparts = [book.complete(c) for c in rec.counterparts]
            yield rec


def _month_files(tree: ExportTree) -> list[str]:
    """The monthly files of the shallowest archive in the tree, newest month first.

    Newest first, as a current archive lists its tweets: the handle book keeps
    the first screen name it sees for an account, which should be the latest.
    """
    found = [m for m in tree.members() if _MONTH_FILE.fullmatch(m)]
    if not found:
        return []
    top = min(_depth(m) for m in found)
    return sorted((m for m in found if _depth(m) == top), key=base_name, reverse=True)


def _read_user_details(tree: ExportTree, member: str, owner: ArchiveOwner) -> None:
    text = tree.read_text(member)
    try:
        value = parse_js_assignment(text.lstrip().removeprefix("var ").lstrip())
    except ValueError as exc:
        raise ImportFileError(tree.display(member), str(exc)) from exc
    if not isinstance(value, dict):
        raise ImportFileError(tree.display(member), "expected a JSON object")
    owner.account_id = account_id(value.get("id")) or account_id(value.get("id_str"))
    owner.handle = screen_name(value.get("screen_name"))
    owner.name = text_value(value.get("full_name")) or text_value(value.get("name"))


def _owner_from_tweets(tweets: list[Tweet | RecordError], owner: ArchiveOwner) -> None:
    """Without ``user_details.js``: every tweet's ``user`` is the owner; else their threads."""
    for t in tweets:
        user = t.tw.get("user") if isinstance(t, Tweet) else None
        if not isinstance(user, dict):
            continue
        uid = account_id(user.get("id_str")) or account_id(user.get("id"))
        handle = user.get("screen_name")
        if uid or screen_name(handle):
            owner.account_id, owner.handle = uid, screen_name(handle)
            owner.name = text_value(user.get("name"))
            return
    found = infer_owner_from_threads(tweets)
    if found is not None:
        owner.account_id, owner.handle = found


def _read_csv(
    tree: ExportTree, member: str
) -> tuple[list[Tweet | RecordError], list[tuple[Tweet, str]]]:
    """``tweets.csv``: each row as the tweet object it abbreviates (mentions from its text);
    and each reply with the @-name its text starts with (see _name_reply_targets)."""
    fname = base_name(member)
    out: list[Tweet | RecordError] = []
    guesses: list[tuple[Tweet, str]] = []
    try:
        # Closed when reading stops early too: a refused file is not left to the collector.
        with closing(tree.open_text(member)) as lines:
            rows = csv.reader(lines)
            header = [h.strip().lower() for h in next(rows, [])]
            if tuple(header[: len(_CSV_HEADER)]) != _CSV_HEADER:
                raise ImportFileError(
                    tree.display(member), f"not a legacy X tweets.csv (header {header[:4]})"
                )
            for row in rows:
                line = rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                loc = f"{fname} line {line}"
                if len(row) != len(header):
                    out.append(
                        RecordError(loc, f"{len(row)} fields where the header has {len(header)}")
                    )
                    continue
                tweet, reply_name = _csv_tweet(dict(zip(header, row, strict=True)))
                read = read_tweet(tweet, loc, legacy=True)
                out.append(read)
                if reply_name is not None and isinstance(read, Tweet):
                    guesses.append((read, reply_name))
    except csv.Error as exc:
        raise ImportFileError(tree.display(member), f"line {rows.line_num}: {exc}") from exc
    except READ_ERRORS as exc:
        raise ImportFileError(tree.path, unreadable(member, exc)) from exc
    return out, guesses


def _csv_tweet(row: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """A ``tweets.csv`` row in the shape of a tweet object (``read_tweets(legacy=True)``),
    and for a reply the @-name its text starts with (a guess)."""
    text = row.get("text", "")
    handles = list(dict.fromkeys(h.lower() for h in _AT.findall(text)))
    mentions: list[dict[str, Any]] = [{"screen_name": h} for h in handles]
    rt_uid = row.get("retweeted_status_user_id", "").strip()
    if rt_uid and text.startswith("RT @") and mentions:
        mentions[0]["id_str"] = rt_uid  # the retweeted author: the first name in "RT @x:"
    reply_uid = row.get("in_reply_to_user_id", "").strip()
    tweet: dict[str, Any] = {
        "id_str": row.get("tweet_id", "").strip(),
        "text": text,
        "entities": {
            "user_mentions": mentions,
            "urls": [{"expanded_url": u} for u in row.get("expanded_urls", "").split(",") if u],
        },
    }
    if stamp := row.get("timestamp", "").strip():
        tweet["created_at"] = stamp
    if reply_uid:
        tweet["in_reply_to_user_id_str"] = reply_uid
        tweet["in_reply_to_status_id_str"] = row.get("in_reply_to_status_id", "").strip() or None
        # An old-style reply starts with the @-name of the account it answers
        # (a guess, checked in _name_reply_targets).
        if text.startswith("@") and handles:
            return tweet, handles[0]
    return tweet, None


def _name_reply_targets(replies: list[tuple[Tweet, str]], owner: ArchiveOwner) -> None:
    """Give a ``tweets.csv`` reply its target's screen name, now that the owner is known.

    The row has the target's id and, in its text, the name it starts with: a
    guess. In a thread the id is the owner's while the text may start with
    someone else's name (``@bob 2/ …``), and a reply to Alice may start with
    "@bob @alice". A wrong pair gives one person another's account (or the
    user's: a contact merged into the user), so a pair is kept only for a
    reply to someone else, and only if the whole file pairs that name with
    that one id and that id with that one name.
    """
    guesses: list[tuple[Tweet, str, str]] = []
    ids_of: dict[str, set[str]] = defaultdict(set)
    names_of: dict[str, set[str]] = defaultdict(set)
    for t, handle in replies:
        uid = t.tw.get("in_reply_to_user_id_str")
        if uid is None or owner.is_owner(uid, None) or owner.is_owner(None, handle):
            continue
        guesses.append((t, handle, uid))
        ids_of[handle].add(uid)
        names_of[uid].add(handle)
    for t, handle, uid in guesses:
        if len(ids_of[handle]) != 1 or len(names_of[uid]) != 1:
            continue
        t.tw["in_reply_to_screen_name"] = handle
        for m in t.mentions:
            if m.get("screen_name") == handle:
                m["id_str"] = uid


def _is_legacy_csv(head: str) -> bool:
    first = head.partition("\n")[0].strip("\r")
    cells = next(csv.reader([first]), [])
    return tuple(c.strip().lower() for c in cells[: len(_CSV_HEADER)]) == _CSV_HEADER


def _depth(member: str) -> int:
    return member.count("/")
