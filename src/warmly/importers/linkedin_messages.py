"""LinkedIn messages.csv -> ``message`` InteractionRecords.

The file can reach tens of MB, so it is streamed twice rather than held: a
first pass (:func:`survey_messages`) learns which profile takes part in the
most conversations (the owner, unless configured) and each sender's display
name; the second (:func:`read_messages`) yields the records.

Quirks handled: 9 to 13 columns depending on the year (mapped by name); every
field quoted since 2026; multi-line CONTENT with LF or CRLF; comma-joined
``RECIPIENT PROFILE URLS``; ``TO`` joined with ", " although names contain
", " themselves (``Wren Hale, PhD``); sponsored InMail in HTML; drafts.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from warmly.identity.keys import linkedin_slug
from warmly.importers.linkedin_csv import iter_cells, parse_message_date, picker, stable_key, where
from warmly.importers.records import (
    IdentityRef,
    InteractionRecord,
    Known,
    Record,
    RecordError,
    Skipped,
)
from warmly.importers.source import ExportTree

EXPECTED = "CONVERSATION ID, FROM, DATE, CONTENT"

# What LinkedIn writes, without a profile URL, for anyone whose profile is
# hidden (docs/formats.md). It names nobody: keyed by that name, every hidden
# person in the file would become one fake person.
HIDDEN_MEMBER = "LinkedIn Member"
HIDDEN_ID_PREFIX = "hidden:"  # their external ids: how `warmly people` tells them apart

# Post-nominals that follow ", " inside one display name (``Wren Hale, PhD``).
_SUFFIXES = {
    "phd",
    "ph.d.",
    "md",
    "m.d.",
    "mba",
    "jr",
    "jr.",
    "sr",
    "sr.",
    "ii",
    "iii",
    "iv",
    "esq",
    "esq.",
    "cpa",
    "pmp",
    "cfa",
    "msc",
    "bsc",
    "ma",
    "ms",
    "dds",
    "rn",
    "pe",
}
_URL_SPLIT_RX = re.compile(r",\s*(?=(?:https?://|www\.))", re.I)
_TAG_RX = re.compile(r"<[^>]*>")
_BLOCK_END_RX = re.compile(r"<br\s*/?>|</(?:p|li|div|h\d)\s*>", re.I)
_LOOKS_HTML_RX = re.compile(r"^\s*<(?:p|div|ul|ol|br|span|h\d)\b[^>]*>", re.I)


# Profile URLs repeat on nearly every row of a large file.
_slug = lru_cache(maxsize=1 << 16)(linkedin_slug)


def is_messages_header(cols: set[str]) -> bool:
    return {"conversationid", "from", "date", "content"} <= cols


@dataclass(slots=True)
class MessageSurvey:
    """What the first pass learns: participation per profile and names by slug."""

    conversations: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # as sender: authoritative
    recipient_names: dict[str, str] = field(default_factory=dict)  # TO paired with URLs
    # 9-column era only (no recipient URLs): conversations by recipient display name.
    named: dict[str, set[str]] = field(default_factory=dict)
    # On a re-import, the rows as the survey read them (messages the ledger holds
    # already as Known), so that the second pass need not read the file again;
    # None when not kept (a first import, or too many new rows to hold).
    rows: list[tuple[int, list[str]] | RecordError | Known] | None = None
    header: list[str] = field(default_factory=list)

    def name(self, slug: str | None) -> str | None:
        """Display name of a profile, preferring how it signs its own messages."""
        if slug is None:
            return None
        return self.names.get(slug) or self.recipient_names.get(slug)

    def owner(self, hint_names: set[str]) -> str | None:
        """The profile in the most conversations; a tie is broken by ``hint_names``."""
        counts = Counter(
            {
                slug: len(convs | self.named.get(self.names.get(slug, ""), set()))
                for slug, convs in self.conversations.items()
            }
        )
        top = counts.most_common(1)
        if not top:
            return None
        best = [s for s, n in counts.items() if n == top[0][1]]
        if len(best) > 1:
            best = [s for s in best if (self.name(s) or "").casefold() in hint_names]
        return best[0] if len(best) == 1 else None

    def slugs_by_name(self) -> dict[str, str]:
        """Sender name -> slug, for names that belong to one profile only."""
        seen: dict[str, str | None] = {}
        for slug, name in self.names.items():
            seen[name] = None if name in seen else slug
        return {name: slug for name, slug in seen.items() if slug is not None}


def split_urls(value: str) -> list[str]:
    """``RECIPIENT PROFILE URLS`` split by URL shape (a comma before the next scheme)."""
    return [u.strip() for u in _URL_SPLIT_RX.split(value) if u.strip()]


def split_names(value: str, known: set[str]) -> list[str]:
    """Split ``TO`` into display names without cutting ``Wren Hale, PhD`` in two.

    Names seen as senders (``known``) are matched greedily first; other
    fragments are joined to the previous name when they are post-nominals.
    """
    parts = [p.strip() for p in value.split(", ")]
    names: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i + 1, -1):  # longest known name starting at i
            candidate = ", ".join(parts[i:j])
            if candidate in known:
                names.append(candidate)
                i = j
                break
        else:
            part = parts[i]
            if names and part.casefold() in _SUFFIXES and names[-1] not in known:
                names[-1] = f"{names[-1]}, {part}"
            elif part:
                names.append(part)
            i += 1
    return names


def html_to_text(content: str) -> str:
    """Plain text of a sponsored (HTML) message; ``%FIRSTNAME%`` placeholders stay."""
    if not _LOOKS_HTML_RX.match(content):
        return content
    text = _BLOCK_END_RX.sub("\n", content)
    text = html.unescape(_TAG_RX.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _text(content: str) -> str:
    """A CONTENT cell with LF line ends (exports mix LF and CRLF)."""
    return content.replace("\r\n", "\n").replace("\r", "\n") if "\r" in content else content


# Columns the passes read, in the order the picker returns them.
_READ_COLS = (
    "conversationid",
    "from",
    "senderprofileurl",
    "recipientprofileurls",
    "to",
    "date",
    "subject",
    "content",
    "folder",
    "ismessagedraft",
    "isconversationdraft",
)
# What the survey reads of a row (who takes part in which conversation), in
# the order it unpacks them, taken from the cells picked as in _READ_COLS.
_SURVEY_COLS = ("conversationid", "senderprofileurl", "recipientprofileurls", "from", "to")
_participants = itemgetter(*(_READ_COLS.index(c) for c in _SURVEY_COLS))


# The same participants recur on every message of a conversation, so the
# splitting of their cells is done once per distinct value.
@lru_cache(maxsize=1 << 16)
def _recipient_slugs(urls: str) -> tuple[str | None, ...]:
    return tuple(_slug(u) for u in split_urls(urls))


@lru_cache(maxsize=1 << 16)
def _to_names(to: str) -> tuple[str, ...]:
    return tuple(split_names(to, set())) if to else ()


# New rows a re-import's survey keeps for the second pass (about 1 KB each).
KEEP_NEW = 20_000


def _message_key(cells: tuple[str, ...]) -> str:
    """The source key of a message row, from its cells picked as in _READ_COLS."""
    conv, sender_name, sender_url, _urls, _to, date_cell, _subj, raw_content = cells[:8]
    sender = _slug(sender_url.strip()) or sender_name.strip()
    return stable_key("linkedin:msg:", conv.strip(), date_cell.strip(), sender, _text(raw_content))


def survey_messages(
    tree: ExportTree, member: str, in_ledger: frozenset[str] = frozenset()
) -> MessageSurvey:
    """First pass: who takes part in which conversation, and senders' names.

    With ``in_ledger`` (a re-import), the rows are kept too, messages already
    in the ledger only as :class:`Known`, unless more than :data:`KEEP_NEW`
    are new: :func:`read_messages` then works from them instead of the file.
    """
    survey = MessageSurvey()
    conversations, names = survey.conversations, survey.names
    recipient_names = survey.recipient_names
    header = survey.header
    pick = None
    rows: list[tuple[int, list[str]] | RecordError | Known] | None = [] if in_ledger else None
    new = 0
    # Every message of a conversation repeats its participant cells: collect the
    # distinct combinations (in first-seen order, so "first name wins" holds)
    # and work on those, a fraction of the rows.
    distinct: dict[tuple[str, ...], None] = {}
    for item in iter_cells(tree, member, is_messages_header, EXPECTED, header=header):
        if isinstance(item, RecordError):
            if rows is not None:
                rows.append(item)
            continue
        if pick is None:
            pick = picker(header, _READ_COLS)
        cells = pick(item[1])
        distinct[_participants(cells)] = None
        if rows is None:
            continue
        key = _message_key(cells)
        if key in in_ledger:
            rows.append(Known(key))
            continue
        new += 1
        rows.append(item)
        if new > KEEP_NEW:
            rows = None  # read the file again rather than hold it
    survey.rows = rows
    for conv, sender_url, urls, sender_name, to in distinct:
        conv = conv.strip()
        sender = _slug(sender_url.strip())
        recipients = _recipient_slugs(urls.strip())
        # get-then-add: setdefault(slug, set()) would build a set per call.
        if sender:
            convs = conversations.get(sender)
            if convs is None:
                convs = conversations[sender] = set()
            convs.add(conv)
            if sender not in names and (sender_name := sender_name.strip()):
                names[sender] = sender_name
        for slug in recipients:
            if slug:
                convs = conversations.get(slug)
                if convs is None:
                    convs = conversations[slug] = set()
                convs.add(conv)
        to_names = _to_names(to.strip())
        if not recipients:
            for name in to_names:
                survey.named.setdefault(name, set()).add(conv)
        elif len(to_names) == len(recipients):
            for slug, name in zip(recipients, to_names, strict=True):
                if slug and slug not in recipient_names:
                    recipient_names[slug] = name
    return survey


def hidden_member(conversation: str) -> IdentityRef:
    """The hidden profile(s) behind ``LinkedIn Member`` in one conversation.

    Keyed by the conversation, so hidden people in different conversations
    stay apart, with the same key on every import of the file. No name: the
    placeholder is nobody's, and as a name it would be evidence that two
    hidden people are one (the matcher merged two such people by it). The id
    is a hash because the ledger's ``external_id`` holds 100 characters.
    """
    return IdentityRef("linkedin", None, external_id=stable_key(HIDDEN_ID_PREFIX, conversation))


def _recipients(
    urls_cell: str,
    to: str,
    conv: str,
    survey: MessageSurvey,
    by_name: dict[str, str],
    known: set[str],
) -> list[IdentityRef]:
    urls = split_urls(urls_cell)
    names = split_names(to, known) if to else []
    if not urls:
        # The 9-column era has no recipient URLs: a name that sent messages
        # itself gets its profile back, the others stay name-only, but for
        # the hidden member, keyed by the conversation.
        return [
            hidden_member(conv)
            if n == HIDDEN_MEMBER
            else IdentityRef("linkedin", by_name.get(n), n)
            for n in names
        ]
    refs = []
    # TO and the URLs are in the same order; pair them only when the counts agree.
    paired = len(names) == len(urls)
    for i, url in enumerate(urls):
        slug = _slug(url)
        name = survey.names.get(slug or "") or (names[i] if paired else None)
        name = name or survey.recipient_names.get(slug or "")
        refs.append(IdentityRef("linkedin", slug, name, url=url))
    return refs


def read_messages(
    tree: ExportTree,
    member: str,
    survey: MessageSurvey,
    owner_slugs: set[str],
    owner_names: set[str],
    in_ledger: frozenset[str] = frozenset(),
) -> Iterator[Record]:
    """Second pass: one InteractionRecord per message, ``out`` when the owner sent it.

    Counterparts are every participant but the owner: the sender of an
    inbound message, the recipients of an outbound one. Sponsored InMail and
    ``LinkedIn Member`` senders (no profile URL) are kept as inbound messages
    for triage to flag; their HTML is reduced to text. A ``LinkedIn Member``
    is one person per conversation (:func:`hidden_member`). The caller makes sure
    ``owner_slugs`` is known whenever any message has a profile URL. A message
    whose key is in ``in_ledger`` is only recognised (:class:`Known`).
    """
    by_name = survey.slugs_by_name()
    known = set(by_name)
    # Counterparts depend only on the participant cells (the survey and the
    # owner are fixed for the pass), so each distinct set is worked out once.
    # IdentityRefs are frozen, so records may share them; each gets its own list.
    outbound_refs: dict[tuple[str, str, str], list[IdentityRef]] = {}
    inbound_refs: dict[tuple[str | None, str, str], list[IdentityRef]] = {}
    base = where(member)
    header: list[str] = survey.header if survey.rows is not None else []
    items = (
        survey.rows
        if survey.rows is not None
        else iter_cells(tree, member, is_messages_header, EXPECTED, header=header)
    )
    pick = None
    for item in items:
        if isinstance(item, (RecordError, Known)):
            yield item
            continue
        if pick is None:
            pick = picker(header, _READ_COLS)
        line, cells = item
        picked = pick(cells)
        (
            conv,
            sender_name,
            sender_url,
            urls,
            to,
            date_cell,
            subject,
            raw_content,
            folder,
            msg_draft,
            conv_draft,
        ) = picked
        loc = f"{base} line {line}"
        if "yes" in (msg_draft.strip().lower(), conv_draft.strip().lower()):
            yield Skipped(loc, "draft message (never sent)")
            continue
        if folder.strip().upper() == "SPAM":
            yield Skipped(loc, "message in LinkedIn's SPAM folder")
            continue
        source_key = _message_key(picked)
        if source_key in in_ledger:
            yield Known(source_key)
            continue
        date = date_cell.strip()
        conv, sender_name, sender_url = conv.strip(), sender_name.strip(), sender_url.strip()
        sender_slug = _slug(sender_url)
        content = _text(raw_content)
        try:
            when = parse_message_date(date)
        except ValueError as exc:
            yield RecordError(loc, f"DATE: {exc}")
            continue
        outbound = (
            (sender_slug in owner_slugs) if sender_slug else (sender_name.casefold() in owner_names)
        )
        # A hidden member is one per conversation (see hidden_member); without
        # a conversation id, one per message.
        hidden_in = conv or source_key
        if outbound:
            to = to.strip()
            # Refs to a hidden member depend on the conversation, others do not.
            key = (urls.strip(), to, hidden_in if HIDDEN_MEMBER in to else "")
            refs = outbound_refs.get(key)
            if refs is None:
                refs = outbound_refs[key] = [
                    r
                    for r in _recipients(key[0], key[1], hidden_in, survey, by_name, known)
                    if r.handle not in owner_slugs
                    and not (r.handle is None and (r.name or "").casefold() in owner_names)
                ]
        elif not sender_slug and sender_name == HIDDEN_MEMBER:
            refs = [hidden_member(hidden_in)]
        else:
            # Other senders without a URL (sponsored InMail) keep their name as
            # key: it is the advertiser's own, the same on each of its campaigns.
            ikey = (sender_slug, sender_name, sender_url)
            refs = inbound_refs.get(ikey)
            if refs is None:
                refs = inbound_refs[ikey] = [
                    IdentityRef(
                        "linkedin", sender_slug, sender_name or None, url=sender_url or None
                    )
                ]
        looks_html = "<" in content and _LOOKS_HTML_RX.match(content) is not None
        yield InteractionRecord(
            source_key=source_key,
            platform="linkedin",
            kind="message",
            direction="out" if outbound else "in",
            occurred_at=when,
            counterparts=list(refs),
            thread=conv or None,
            subject=subject.strip() or None,
            text=(html_to_text(content) if looks_html else content).strip() or None,
            location=loc,
            # A campaign InMail: HTML body from a sender without a profile.
            tags=["sponsored"] if looks_html and not sender_slug else [],
        )
