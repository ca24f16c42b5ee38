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
from typing import Any

from warmly.identity.keys import x_handle
from warmly.importers.records import IdentityRef, InteractionRecord, Record, RecordError
from warmly.importers.x_archive_parse import parse_tweet_date
from warmly.importers.x_archive_people import ArchiveOwner, HandleBook

# A quoted or linked status; ``i/web/status/…`` has no author.
_STATUS_RX = re.compile(
    r"https?://(?:(?:www|mobile)\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/\d+",
    re.I,
)
_NO_AUTHOR = frozenset(("i", "intent", "home", "search"))


class BadRecord(Exception):
    """A record that cannot be read; the message is the RecordError reason."""


def tweet_records(
    items: list[Any], fname: str, owner: ArchiveOwner, book: HandleBook
) -> list[Record]:
    """Interaction records and errors for one tweets file, in file order.

    Also teaches ``book`` every id/handle pair the tweets reveal. Counterparts
    are as the tweet names them; complete them with :meth:`HandleBook.complete`
    once every tweet file has been read (or :func:`learn_handles` first).
    """
    return list(iter_tweet_records(items, fname, owner, book))


def iter_tweet_records(
    items: list[Any], fname: str, owner: ArchiveOwner, book: HandleBook
) -> Iterator[Record]:
    """:func:`tweet_records`, one tweet at a time."""
    for n, item in enumerate(items, 1):
        out: list[Record] = []
        try:
            _one_tweet(item, f"{fname} record {n}", owner, book, out)
        except BadRecord as exc:
            out.append(RecordError(f"{fname} record {n}", str(exc)))
        yield from out


def learn_handles(items: list[Any], book: HandleBook) -> None:
    """Teach ``book`` what the tweets reveal, in the order :func:`tweet_records` would.

    A first, cheap pass: with the book complete before any record is built,
    records can be completed and handed on one by one instead of all at the end.
    Mentions come before the reply target, as in ``_one_tweet``; retweets teach
    only their mentions; a record too malformed to read teaches nothing more.
    """
    for item in items:
        tw = item.get("tweet") if isinstance(item, dict) else None
        if not isinstance(tw, dict):
            continue
        entities = tw.get("entities") or {}
        mentions = entities.get("user_mentions") if isinstance(entities, dict) else None
        for m in mentions if isinstance(mentions, list) else ():
            if not isinstance(m, dict):
                break
            name = m.get("name")
            book.learn(
                _id(m.get("id_str") or m.get("id")),
                _handle(m.get("screen_name")),
                name if isinstance(name, str) else None,
            )
        text = tw.get("full_text", tw.get("text"))
        if isinstance(text, str) and not text.startswith("RT @"):
            book.learn(
                _id(tw.get("in_reply_to_user_id_str") or tw.get("in_reply_to_user_id")),
                _handle(tw.get("in_reply_to_screen_name")),
            )


def _one_tweet(
    item: Any, loc: str, owner: ArchiveOwner, book: HandleBook, out: list[Record]
) -> None:
    tw = item.get("tweet") if isinstance(item, dict) else None
    if not isinstance(tw, dict):
        raise BadRecord("not a tweet record (no 'tweet' object)")
    tid = tw.get("id_str") or tw.get("id")
    if not isinstance(tid, str) or not tid:
        raise BadRecord("tweet without an id")
    created = tw.get("created_at")
    if not isinstance(created, str):
        raise BadRecord(f"tweet {tid}: no created_at")
    try:
        when = parse_tweet_date(created)
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

    names: dict[str, str] = {}  # display names, for this tweet's counterparts
    for m in mentions:
        if not isinstance(m, dict):
            raise BadRecord(f"tweet {tid}: malformed entities.user_mentions")
        uid, name = _id(m.get("id_str") or m.get("id")), m.get("name")
        book.learn(uid, _handle(m.get("screen_name")), name if isinstance(name, str) else None)
        if uid and isinstance(name, str) and name:
            names[uid] = name

    def emit(kind: str, uid: str | None, handle: str | None) -> None:
        ref = IdentityRef("x", handle, names.get(uid) if uid else None, external_id=uid)
        out.append(
            InteractionRecord(
                source_key=f"x:tweet:{tid}:{kind}:{uid or handle}",
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
            uid, sn = _id(first.get("id_str") or first.get("id")), _handle(first.get("screen_name"))
        else:
            uid, sn = None, x_handle(text[4:].partition(":")[0])
        if (uid or sn) and not owner.is_owner(uid, sn):
            emit("share", uid, sn)
        return

    reply_uid = _id(tw.get("in_reply_to_user_id_str") or tw.get("in_reply_to_user_id"))
    reply_sn = _handle(tw.get("in_reply_to_screen_name"))
    book.learn(reply_uid, reply_sn)
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
        uid, h = _id(m.get("id_str") or m.get("id")), _handle(m.get("screen_name"))
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
        m = _STATUS_RX.match(url)
        if m is None:
            continue
        h = m.group(1).lower()
        if h in _NO_AUTHOR or h in quoted or owner.is_owner(None, h):
            continue
        quoted.add(h)  # two links to one author's posts: one share
        emit("share", None, h)


def _id(value: Any) -> str | None:
    """An account id as a string (archives write them as strings; tolerate numbers)."""
    if isinstance(value, str):
        return value or None
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _handle(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) and value else None
