"""Tweets of an X archive (``tweets.js``, older ``tweet.js``) -> interaction records.

A tweet is an interaction only when it points at someone else:

* a retweet (``RT @x: …``) -> ``share`` of the retweeted author's post;
* a reply to another account -> ``reply`` to that account;
* each account mentioned (other than the owner and the reply target) -> ``mention``;
* a link to someone else's status (the only trace of a quote tweet) -> ``share``.

Plain posts and replies to oneself (threads) yield nothing. Archives carry no
``retweeted_status``/``quoted_status`` objects, so text and URLs are all there is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warmly.identity.keys import x_handle
from warmly.importers.records import IdentityRef, InteractionRecord, Known, Record, RecordError
from warmly.importers.x_archive_parse import (
    account_id,
    parse_legacy_date,
    parse_tweet_date,
    screen_name,
)
from warmly.importers.x_archive_people import ArchiveOwner, HandleBook

# A quoted or linked status; ``i/web/status/…`` has no author.
_STATUS_RX = re.compile(
    r"https?://(?:(?:www|mobile)\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/\d+",
    re.I,
)
_NO_AUTHOR = frozenset(("i", "intent", "home", "search"))


class BadRecord(Exception):
    """A record that cannot be read; the message is the RecordError reason."""


@dataclass(slots=True)
class Tweet:
    """A tweet record that could be read, with what building its records needs."""

    loc: str
    tw: dict[str, Any]
    tid: str
    when: datetime
    text: str
    entities: dict[str, Any]
    mentions: list[dict[str, Any]]


def tweet_records(
    items: list[Any], fname: str, owner: ArchiveOwner, book: HandleBook
) -> list[Record]:
    """Interaction records and errors for one tweets file, in file order.

    Also teaches ``book`` every id/handle pair the tweets reveal. Counterparts
    are as the tweet names them; complete them with :meth:`HandleBook.complete`
    once every tweet file has been read.
    """
    tweets = read_tweets(items, fname)
    learn_handles(tweets, book)
    return list(iter_tweet_records(tweets, owner))


def read_tweets(items: list[Any], fname: str, legacy: bool = False) -> list[Tweet | RecordError]:
    """Check every record of one tweets file; the ones that cannot be read become errors.

    ``legacy``: the records are tweet objects of a 2012–2018 archive
    (:mod:`~warmly.importers.x_archive_legacy`), not wrapped in ``{"tweet": …}``.
    """
    return [read_tweet(item, f"{fname} record {n}", legacy) for n, item in enumerate(items, 1)]


def read_tweet(item: Any, loc: str, legacy: bool = False) -> Tweet | RecordError:
    """One record of a tweets file (see :func:`read_tweets`), or why it cannot be read."""
    try:
        return _read_tweet(item, loc, legacy)
    except BadRecord as exc:
        return RecordError(loc, str(exc))


def infer_owner_from_threads(tweets: list[Tweet | RecordError]) -> tuple[str, str | None] | None:
    """The account id (and handle) of the archive's owner from their own threads.

    Every tweet of an archive is the owner's, so a reply to one of them is a
    reply to the owner: its ``in_reply_to_user_id`` is the owner's id. For a
    ``tweets.js`` imported without ``account.js``, which would otherwise take
    the owner's self-replies for replies to another person. ``None`` unless
    such replies exist and all name one account.
    """
    own = {t.tid for t in tweets if isinstance(t, Tweet)}
    found: set[tuple[str, str | None]] = set()
    for t in tweets:
        if not isinstance(t, Tweet) or t.text.startswith("RT @"):
            continue
        tw = t.tw
        parent = account_id(tw.get("in_reply_to_status_id_str") or tw.get("in_reply_to_status_id"))
        uid = account_id(tw.get("in_reply_to_user_id_str") or tw.get("in_reply_to_user_id"))
        if parent in own and uid is not None:
            found.add((uid, screen_name(tw.get("in_reply_to_screen_name"))))
    ids = {uid for uid, _ in found}
    if len(ids) != 1:
        return None
    (uid,) = ids
    handles = {h for _, h in found if h}
    return uid, (handles.pop() if len(handles) == 1 else None)


def learn_handles(tweets: list[Tweet | RecordError], book: HandleBook) -> None:
    """Teach ``book`` every id/handle pair the readable tweets reveal, in file order.

    Done for every file before any record is built, so each record can be
    completed (:meth:`HandleBook.complete`) and handed on as soon as it is
    built. Per tweet, mentions come before the reply target; a retweet's reply
    fields are not its own; a record that cannot be read teaches nothing.
    """
    for t in tweets:
        if not isinstance(t, Tweet):
            continue
        for m in t.mentions:
            name = m.get("name")
            book.learn(
                account_id(m.get("id_str") or m.get("id")),
                screen_name(m.get("screen_name")),
                name if isinstance(name, str) else None,
            )
        if not t.text.startswith("RT @"):
            tw = t.tw
            book.learn(
                account_id(tw.get("in_reply_to_user_id_str") or tw.get("in_reply_to_user_id")),
                screen_name(tw.get("in_reply_to_screen_name")),
            )


def iter_tweet_records(tweets: list[Tweet | RecordError], owner: ArchiveOwner) -> Iterator[Record]:
    """The records of :func:`read_tweets`' output, one tweet at a time (errors as they are)."""
    for t in tweets:
        if not isinstance(t, Tweet):
            yield t
            continue
        out: list[Record] = []
        _records_of(t, owner, out)
        yield from out


def _read_tweet(item: Any, loc: str, legacy: bool) -> Tweet:
    tw = item if legacy else item.get("tweet") if isinstance(item, dict) else None
    if not isinstance(tw, dict):
        raise BadRecord("not a tweet" if legacy else "not a tweet record (no 'tweet' object)")
    tid = tw.get("id_str") or tw.get("id")
    if not isinstance(tid, str) or not tid:
        raise BadRecord("tweet without an id")
    created = tw.get("created_at")
    if not isinstance(created, str):
        raise BadRecord(f"tweet {tid}: no created_at")
    try:
        when = parse_legacy_date(created) if legacy else parse_tweet_date(created)
    except ValueError:
        raise BadRecord(f"tweet {tid}: bad created_at {created!r}") from None
    text = tw.get("full_text", tw.get("text"))
    if not isinstance(text, str):
        raise BadRecord(f"tweet {tid}: no full_text")
    if "&" in text:  # the archive keeps Twitter's HTML escaping (&amp; &lt; &gt;)
        text = html.unescape(text)
    entities = tw.get("entities") or {}
    mentions = (entities.get("user_mentions") or []) if isinstance(entities, dict) else None
    if not isinstance(mentions, list):
        raise BadRecord(f"tweet {tid}: malformed entities")
    if not all(isinstance(m, dict) for m in mentions):
        raise BadRecord(f"tweet {tid}: malformed entities.user_mentions")
    return Tweet(loc, tw, tid, when, text, entities, mentions)


def _records_of(t: Tweet, owner: ArchiveOwner, out: list[Record]) -> None:
    tw, tid, when, text, loc, entities, mentions = (
        t.tw,
        t.tid,
        t.when,
        t.text,
        t.loc,
        t.entities,
        t.mentions,
    )
    names: dict[str, str] = {}  # display names, for this tweet's counterparts
    for m in mentions:
        uid, name = account_id(m.get("id_str") or m.get("id")), m.get("name")
        if uid and isinstance(name, str) and name:
            names[uid] = name

    known = owner.ctx.known

    def emit(kind: str, uid: str | None, handle: str | None) -> None:
        key = f"x:tweet:{tid}:{kind}:{uid or handle}"
        if key in known:  # already in the ledger: recognised, not built
            out.append(Known(key))
            return
        ref = IdentityRef("x", handle, names.get(uid) if uid else None, external_id=uid)
        out.append(
            InteractionRecord(
                source_key=key,
                platform="x",
                kind=kind,
                direction="out",
                occurred_at=when,
                counterparts=[ref],
                text=text,
                location=loc,
            )
        )

    if text.startswith("RT @"):
        # A retweet: the first mention is the retweeted author. Later mentions
        # are the author's words, not the owner's, so they are not mentions.
        if mentions:
            first = mentions[0]
            uid = account_id(first.get("id_str") or first.get("id"))
            sn = screen_name(first.get("screen_name"))
        else:
            uid, sn = None, x_handle(text[4:].partition(":")[0])
        if (uid or sn) and not owner.is_owner(uid, sn):
            emit("share", uid, sn)
        return

    reply_uid = account_id(tw.get("in_reply_to_user_id_str") or tw.get("in_reply_to_user_id"))
    reply_sn = screen_name(tw.get("in_reply_to_screen_name"))
    skip_ids: set[str] = {owner.account_id} if owner.account_id else set()
    skip_handles: set[str] = {owner.handle} if owner.handle else set()
    if reply_uid or reply_sn:
        if not owner.is_owner(reply_uid, reply_sn):
            emit("reply", reply_uid, reply_sn)
        if reply_uid:
            skip_ids.add(reply_uid)
        if reply_sn:
            skip_handles.add(reply_sn)

    for m in mentions:
        uid, h = account_id(m.get("id_str") or m.get("id")), screen_name(m.get("screen_name"))
        if (uid is None and h is None) or uid in skip_ids or h in skip_handles:
            continue
        if owner.is_owner(uid, h):
            continue
        emit("mention", uid, h)
        if uid:  # mentioning someone twice is one mention
            skip_ids.add(uid)
        if h:
            skip_handles.add(h)

    quoted: set[str] = set()
    for u in entities.get("urls") or ():
        url = u.get("expanded_url") if isinstance(u, dict) else None
        # The substring test spares the regex on the many non-status links.
        if not isinstance(url, str) or "/status" not in url:
            continue
        status = _STATUS_RX.match(url)
        if status is None:
            continue
        h = status.group(1).lower()
        if h in _NO_AUTHOR or h in quoted or owner.is_owner(None, h):
            continue
        quoted.add(h)  # two links to one author's posts: one share
        emit("share", None, h)
