"""Direct messages of an X archive -> ``message`` interaction records.

``direct-messages.js`` holds 1:1 conversations (id ``"<idA>-<idB>"``),
``direct-messages-group.js`` group conversations. Messages carry only account
ids; handles come from the :class:`HandleBook` filled from tweets.

Entries are listed newest first. Records are keyed by message id, so the order
matters only for who was in a group when the owner wrote to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from warmly.importers.records import (
    Direction,
    InteractionRecord,
    Known,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.x_archive_parse import parse_iso_date
from warmly.importers.x_archive_people import HandleBook

# Entries of a group conversation that name people: (field naming one person who
# is present, field listing several). Only messageCreate is a message; the rest
# are events (README.txt of the archive).
_PEOPLE_FIELDS: dict[str, tuple[str | None, str | None]] = {
    "messageCreate": ("senderId", None),
    "joinConversation": ("initiatingUserId", "participantsSnapshot"),
    "participantsJoin": ("initiatingUserId", "userIds"),
    "participantsLeave": (None, "userIds"),
    "conversationNameUpdate": ("initiatingUserId", None),
}
_MANY_STATE = {
    "joinConversation": "present",
    "participantsJoin": "joined",
    "participantsLeave": "left",
}


def conversation_ids(files: Iterable[list[Any]]) -> Iterator[str]:
    """The ``conversationId`` of every well-formed conversation in the given files."""
    for items in files:
        for item in items:
            conv = item.get("dmConversation") if isinstance(item, dict) else None
            if isinstance(conv, dict) and isinstance(cid := conv.get("conversationId"), str):
                yield cid


def infer_owner_id(one_to_one: Iterable[list[Any]]) -> str | None:
    """The one account id present in every 1:1 conversation id, if exactly one is.

    Used when the archive lacks ``account.js`` and ``manifest.js``; with a single
    conversation both ids qualify, and the owner stays unknown.
    """
    common: set[str] | None = None
    for cid in conversation_ids(one_to_one):
        ids = cid.split("-")
        if len(ids) != 2:
            continue
        common = set(ids) if common is None else common & set(ids)
    return next(iter(common)) if common is not None and len(common) == 1 else None


def dm_records(
    items: list[Any],
    fname: str,
    owner_id: str | None,
    book: HandleBook,
    *,
    group: bool,
    known: frozenset[str] = frozenset(),
) -> Iterator[Record]:
    """Records for one DM file; control events (joins, leaves, renames) yield nothing.

    A message whose source key is in ``known`` (already in the ledger) is only recognised.
    """
    if owner_id is None:
        if items:
            yield RecordError(
                fname,
                "cannot tell which account is yours (no account.js or manifest.js); "
                "direct messages skipped",
            )
        return
    for n, item in enumerate(items, 1):
        conv = item.get("dmConversation") if isinstance(item, dict) else None
        cid = conv.get("conversationId") if isinstance(conv, dict) else None
        messages = conv.get("messages") if isinstance(conv, dict) else None
        if not isinstance(cid, str) or not isinstance(messages, list):
            yield RecordError(f"{fname} conversation {n}", "no conversationId or messages")
            continue
        audience = _group_audience(messages, owner_id) if group else {}
        others = [p for p in cid.split("-") if p != owner_id]
        for k, entry in enumerate(messages, 1):
            msg = entry.get("messageCreate") if isinstance(entry, dict) else None
            if msg is None:
                continue  # a group event, or a kind of entry we do not import
            loc = f"{fname} conversation {n} message {k}"
            if not isinstance(msg, dict):
                yield RecordError(loc, "malformed messageCreate")
                continue
            to = audience.get(k - 1, []) if group else others
            yield _message(msg, cid, loc, owner_id, to, book, group, known)


def _message(
    msg: dict[str, Any],
    cid: str,
    loc: str,
    owner_id: str,
    others: list[str],
    book: HandleBook,
    group: bool,
    known: frozenset[str],
) -> Record:
    """One messageCreate; ``others`` are the group audience or the 1:1 partner."""
    mid, sender, created = msg.get("id"), msg.get("senderId"), msg.get("createdAt")
    if not mid or not sender or not isinstance(created, str):
        return RecordError(loc, "message without id, senderId or createdAt")
    if (key := f"x:dm:{mid}") in known:
        return Known(key)
    try:
        when = parse_iso_date(created)
    except ValueError:
        return RecordError(loc, f"message {mid}: bad createdAt {created!r}")
    direction: Direction
    if sender == owner_id:
        direction = "out"
        if group:
            ids = others
        else:
            recipient = msg.get("recipientId") or (others[0] if len(others) == 1 else None)
            ids = [recipient] if recipient and recipient != owner_id else []
        if not ids:
            if group:
                return Skipped(loc, f"message {mid}: no other known participant in the group")
            return RecordError(loc, f"message {mid}: no recipient")
    else:
        direction = "in"
        if not group and owner_id not in (msg.get("recipientId"), *cid.split("-")):
            return RecordError(loc, f"message {mid}: neither sender nor recipient is you")
        ids = [sender]
    return InteractionRecord(
        source_key=key,
        platform="x",
        kind="message",
        direction=direction,
        occurred_at=when,
        counterparts=[book.ref(i) for i in ids],
        thread=cid,
        text=msg.get("text") or None,
        location=loc,
    )


def _group_audience(messages: list[Any], owner_id: str) -> dict[int, list[str]]:
    """Who else was in the group at each of the owner's messages, by message index.

    Everyone the conversation names (senders, joiners, leavers, snapshots)
    counts, except people who had left and not come back, and people added
    later. Entries are newest first (archive README), so the walk is reversed.
    Without events (they may be missing after deletions) everyone counts.
    """
    everyone: dict[str, None] = {}
    first: dict[str, str] = {}  # id -> state at first (oldest) appearance
    for entry in reversed(messages):
        for state, ids in _entry_people(entry):
            for uid in ids:
                first.setdefault(uid, state)
    for entry in messages:  # first-seen order of the file, for stable output
        for _, ids in _entry_people(entry):
            everyone.update(dict.fromkeys(ids))
    everyone.pop(owner_id, None)
    absent = {uid for uid, state in first.items() if state == "joined"}
    audience: dict[int, list[str]] = {}
    for idx in range(len(messages) - 1, -1, -1):
        for state, ids in _entry_people(messages[idx]):
            if state == "left":
                absent.update(ids)
            else:
                absent.difference_update(ids)
        msg = messages[idx].get("messageCreate") if isinstance(messages[idx], dict) else None
        if isinstance(msg, dict) and msg.get("senderId") == owner_id:
            audience[idx] = [uid for uid in everyone if uid not in absent]
    return audience


def _entry_people(entry: Any) -> Iterator[tuple[str, list[str]]]:
    """``(state, ids)`` an entry reveals: ``present``, ``joined`` (added) or ``left``."""
    if not isinstance(entry, dict):
        return
    for kind, body in entry.items():
        if not isinstance(body, dict):
            continue
        one, many = _PEOPLE_FIELDS.get(kind, (None, None))
        if one and isinstance(uid := body.get(one), str):
            yield "present", [uid]
        if many and isinstance(uids := body.get(many), list):
            ids = [u for u in uids if isinstance(u, str)]
            yield _MANY_STATE[kind], ids
