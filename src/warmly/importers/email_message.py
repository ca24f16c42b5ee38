"""One parsed email message -> one record: shared by the mbox and eml importers.

Decides what a message is: a notification from a network (see
:mod:`.notifications`), spam, a draft, bulk or list mail (skipped), a Google
Talk/Hangouts chat line saved to Gmail (a ``message`` interaction), or
personal mail to or from the owner (an ``email`` interaction). Parsing the
bytes is :mod:`.email_parse`'s job.

Options read from ``ImportContext.options``:

``include_bulk`` (bool, default False)
    Import mailing-list and other bulk mail as interactions instead of
    yielding :class:`~warmly.importers.records.Skipped` for them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from warmly.identity import keys
from warmly.importers import notifications
from warmly.importers.email_parse import (
    Headers,
    ParsedMessage,
    addresses,
    body_text,
    gmail_labels,
    message_ids,
    normalise_message_id,
    parse_date,
    received_date,
)
from warmly.importers.email_signature import signature_record
from warmly.importers.records import (
    FUTURE_SLACK,
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    Record,
    RecordError,
    Skipped,
)

# Gmail system labels as Takeout writes them, lower-cased, in a few UI languages
# (en, de, fr, es, it, nl, pt). User labels are free text and never match.
SENT_LABELS = frozenset(
    {
        "sent",
        "sent mail",
        "gesendet",
        "envoyés",
        "messages envoyés",
        "enviados",
        "inviati",
        "posta inviata",
        "verzonden",
        "enviadas",
    }
)
SPAM_LABELS = frozenset({"spam", "pourriel", "correo no deseado"})
# Google Talk / Hangouts chats that Gmail kept as mail: Takeout labels them "Chat"
# (shown as "Chats" in the web UI).
CHAT_LABELS = frozenset({"chat", "chats"})
TRASH_LABELS = frozenset(
    {
        "trash",
        "bin",
        "papierkorb",
        "corbeille",
        "papelera",
        "cestino",
        "prullenbak",
        "lixeira",
        "lixo",
    }
)
DRAFT_LABELS = frozenset(
    {
        "draft",
        "drafts",
        "entwürfe",
        "entwurf",
        "brouillons",
        "borradores",
        "bozze",
        "concepten",
        "rascunhos",
    }
)

_NOREPLY_RX = re.compile(
    r"^(?:.*no[-_.]?reply.*|.*do[-_.]?not[-_.]?reply.*|mailer-daemon|postmaster|"
    r"bounces?(?:[-+].*)?|newsletters?|notifications?|notify|alerts?|automated)@",
    re.I,
)


# --- classification --------------------------------------------------------


def bulk_reason(headers: Headers, labels: list[str], sender: str | None) -> str | None:
    """Why a message is bulk mail kept out of relationships, or None for personal mail."""
    if value := headers.text("list-id"):
        return f"mailing list (List-Id: {value})"
    if value := headers.text("mailing-list"):
        return f"mailing list (Mailing-List: {value})"
    if "list-unsubscribe" in headers:
        return "bulk mail (List-Unsubscribe)"
    precedence = (headers.raw("precedence") or "").lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    auto = (headers.raw("auto-submitted") or "no").lower()
    if auto.split(";")[0].strip() != "no":
        return f"automatic mail (Auto-Submitted: {auto})"
    if any(label in TRASH_LABELS for label in labels):
        return "in trash (X-Gmail-Labels)"
    if sender and _NOREPLY_RX.match(sender):
        return f"automated sender ({sender})"
    return None


def is_spam(labels: list[str]) -> bool:
    return any(label in SPAM_LABELS for label in labels)


def is_sent(labels: list[str]) -> bool:
    return any(label in SENT_LABELS for label in labels)


def is_chat(labels: list[str]) -> bool:
    return any(label in CHAT_LABELS for label in labels)


def message_id(headers: Headers) -> str | None:
    """The message's own Message-ID, normalised (``abc@example.org``)."""
    return normalise_message_id(headers.raw("message-id"))


def message_id_key(mid: str | None) -> str | None:
    """The source key of a message with a Message-ID, ``email:<id>``."""
    return f"email:{mid}" if mid else None


def fallback_key(sender: str | None, date: str | None, subject: str | None, *more: str) -> str:
    """Stable key for a message without Message-ID: sha1 of From, Date, Subject
    and ``more`` (what else tells such messages apart, e.g. a chat line's text)."""
    parts = (sender or "", date or "", subject or "", *more)
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
    return f"email:sha1:{digest}"


class OwnerEmails:
    """The owner's addresses, compared by :func:`keys.email_match_key` (Gmail dots, +tags)."""

    def __init__(self, addrs: Iterable[str] = ()) -> None:
        self._keys: set[str] = set()
        for addr in addrs:
            self.add(addr)

    def add(self, addr: str) -> bool:
        """Add ``addr``; True if it was new."""
        key = keys.email_match_key(addr)
        if key in self._keys:
            return False
        self._keys.add(key)
        return True

    def __contains__(self, addr: object) -> bool:
        return isinstance(addr, str) and keys.email_match_key(addr) in self._keys

    def __bool__(self) -> bool:
        return bool(self._keys)


class OwnerGuess:
    """Infer the owner's addresses from personal (non-bulk) mail.

    Evidence: the first ``Delivered-To`` (Takeout writes the account address
    there) and the From of messages labelled Sent. Bulk mail is ignored, so a
    list archive's ``Delivered-To: archiver@…`` never becomes the owner.
    """

    def __init__(self) -> None:
        self.delivered: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()

    def observe(self, headers: Headers) -> None:
        labels = gmail_labels(headers)
        sender = next((a for _, a in addresses(headers, "from")), None)
        if is_spam(labels) or bulk_reason(headers, labels, sender):
            return
        if is_sent(labels) and sender:
            self.sent[sender] += 1
        delivered = headers.raw("delivered-to")
        if delivered and (key := keys.email_key(delivered)):
            self.delivered[key] += 1

    def addresses(self) -> list[str]:
        found = [a for a, _ in self.sent.most_common()]
        if self.delivered:
            top = self.delivered.most_common(1)[0][0]
            if top not in found:
                found.insert(0, top)
        return found


class SignatureLinks:
    """Signature links of one import, each source key once.

    The same signature on fifty messages is one record: the ledger would drop
    the repeats by key anyway, but this keeps them out of the batches.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._pending: list[ContactRecord] = []

    def add(self, record: ContactRecord) -> None:
        if record.source_key not in self._seen:
            self._seen.add(record.source_key)
            self._pending.append(record)

    def drain(self) -> list[ContactRecord]:
        """The links added since the last call."""
        out, self._pending = self._pending, []
        return out


class ChatPeers:
    """Whom the owner chats with, per chat thread, for the owner's own chat lines.

    Takeout saves each chat line as a message naming only its sender (no To),
    so the owner's lines take their counterparts from the other senders of
    the same ``X-GM-THRID``. A line of the owner's seen before any other in
    its thread waits; :meth:`leftovers` reports those that never found one.
    """

    def __init__(self) -> None:
        self._peers: dict[str, list[IdentityRef]] = {}
        self._waiting: dict[str, list[InteractionRecord]] = {}

    def route(self, record: Record) -> list[Record]:
        """The records to yield now that ``record`` was read (none while it waits)."""
        if (
            not isinstance(record, InteractionRecord)
            or (record.platform, record.kind) != ("email", "message")
            or record.thread is None
        ):
            return [record]
        thread = record.thread
        peers = self._peers.setdefault(thread, [])
        if record.direction == "in":
            have = {(p.platform, p.handle) for p in peers}
            peers.extend(c for c in record.counterparts if (c.platform, c.handle) not in have)
            waiting = self._waiting.pop(thread, [])
            for line in waiting:
                line.counterparts = list(peers)
            return [record, *waiting]
        if record.counterparts:
            return [record]
        if peers:
            record.counterparts = list(peers)
            return [record]
        self._waiting.setdefault(thread, []).append(record)
        return []

    def leftovers(self) -> list[Skipped]:
        """The owner's chat lines in threads where nobody else wrote."""
        lines = [line for waiting in self._waiting.values() for line in waiting]
        self._waiting.clear()
        return [
            Skipped(line.location or line.source_key, "chat line of yours; nobody else in its chat")
            for line in lines
        ]


def owner_record(addrs: Iterable[str]) -> OwnerRecord:
    return OwnerRecord(identities=[IdentityRef("email", a) for a in addrs])


# --- the record ------------------------------------------------------------


def message_record(
    msg: ParsedMessage,
    *,
    location: str,
    owner: OwnerEmails,
    owner_keys: set[tuple[str, str]],
    fallback_date: datetime | None = None,
    include_bulk: bool = False,
    on_new_owner: Callable[[str], None] | None = None,
    on_signature: Callable[[ContactRecord], None] | None = None,
    now: datetime | None = None,
) -> Record:
    """The one record an email message yields: an interaction, Skipped or RecordError.

    ``owner`` may grow: the From of a message labelled Sent is the owner's;
    ``on_new_owner`` hears of each address so added. ``on_signature`` hears
    of the link an inbound personal message's own signature makes between
    its sender and a profile (see :mod:`.email_signature`); never for the
    owner's mail, bulk, spam or notifications. A chat line of the owner's
    that names no recipient comes with no counterparts: pass the records
    through :class:`ChatPeers`, which finds them. ``now`` (default: the
    clock) bounds the dates believed, see :func:`occurred_at`.
    """
    headers = msg.headers
    labels = gmail_labels(headers)
    senders = addresses(headers, "from") or addresses(headers, "sender")
    sender_name, sender = senders[0] if senders else ("", None)
    subject = headers.text("subject")
    mid = message_id(headers)
    date_raw = headers.raw("date")
    if is_spam(labels) and not include_bulk:
        return Skipped(location, "spam (X-Gmail-Labels)")  # whatever its date says
    if any(label in DRAFT_LABELS for label in labels):
        return Skipped(location, "draft (X-Gmail-Labels)")
    occurred = occurred_at(headers, fallback_date, now or datetime.now(UTC))
    if isinstance(occurred, str):
        return RecordError(location, occurred)

    body: list[str] = []  # computed at most once, only when needed

    def get_body() -> str:
        if not body:
            body.append(body_text(msg))
        return body[0]

    chat = is_chat(labels)
    thread = thread_of(headers, mid)
    if key := message_id_key(mid):
        base_key = key
    elif chat:
        # Chat lines have no Message-ID, Date or Subject: their time, thread and
        # text tell them apart (From, Date, Subject alone would make one key).
        base_key = fallback_key(sender, occurred.isoformat(), subject, thread or "", get_body())
    else:
        base_key = fallback_key(sender, date_raw, subject)

    network = notifications.network_of(sender, get_body) if sender else None
    if sender and network:
        text = get_body()[:6000]
        note = notifications.parse(
            network, subject or "", text, sender=sender, sender_name=sender_name, owner=owner_keys
        )
        if note is not None:
            return _notification_record(note, base_key, occurred, subject, location)
        if notifications.is_automated(sender) or bulk_reason(headers, labels, sender):
            return Skipped(location, f"{network} notification naming nobody ({subject or ''})")
        # else: a person writing from a network's domain; plain email below.

    reason = bulk_reason(headers, labels, sender)
    if reason and not include_bulk:
        return Skipped(location, reason)

    outgoing = sender is not None and (sender in owner or is_sent(labels))
    if outgoing and sender is not None:
        if owner.add(sender) and on_new_owner is not None:
            on_new_owner(sender)
        counterparts = _recipients(headers, owner)
        # A chat line names no recipient: ChatPeers takes them from its thread.
        if not counterparts and not (chat and thread):
            return Skipped(location, "no recipient other than you")
    elif sender is None:
        return RecordError(location, "no sender address in From")
    else:
        counterparts = [IdentityRef("email", sender, name=sender_name or None)]
        # A profile pasted into a chat is seldom the sender's own.
        personal = not (reason or network or chat or is_spam(labels))
        if personal and on_signature is not None:
            link = signature_record(sender, sender_name, get_body(), location)
            if link is not None:
                on_signature(link)
    return InteractionRecord(
        source_key=base_key,
        platform="email",
        kind="message" if chat else "email",
        direction="out" if outgoing else "in",
        occurred_at=occurred,
        counterparts=counterparts,
        thread=thread,
        subject=subject,
        text=get_body() or None,
        location=location,
    )


def occurred_at(headers: Headers, fallback: datetime | None, now: datetime) -> datetime | str:
    """When a message was sent: its Date, else ``fallback`` (the From_ line's
    date), else the topmost Received date; or why none will do.

    A date more than :data:`FUTURE_SLACK` after ``now`` is passed over: spam
    dates itself in 2099, and one such date would pass for the latest contact for decades.
    """
    latest = now + FUTURE_SLACK
    claimed = parse_date(headers.raw("date"))
    if claimed is not None and claimed <= latest:
        return claimed
    if fallback is not None and fallback <= latest:
        return fallback
    received = received_date(headers)
    if received is not None and received <= latest:
        return received
    late = [d for d in (claimed, fallback, received) if d is not None]
    if not late:
        return "no usable Date header or From_ line date"
    told = headers.raw("date") if claimed is not None else late[0].isoformat()
    return f"date in the future: {told} (and no earlier From_ line or Received date)"


def _notification_record(
    note: notifications.Notification,
    base_key: str,
    occurred: datetime,
    subject: str | None,
    location: str,
) -> InteractionRecord:
    return InteractionRecord(
        source_key=f"{base_key}:notif",
        platform=note.platform,
        kind=note.kind,
        direction="in",
        occurred_at=occurred,
        counterparts=[note.counterpart],
        subject=subject,
        text=note.text,
        location=location,
    )


def _recipients(headers: Headers, owner: OwnerEmails) -> list[IdentityRef]:
    # Bcc counts too: in the owner's sent copy it names people the owner wrote to.
    seen: set[str] = set()
    out: list[IdentityRef] = []
    for name, addr in addresses(headers, "to", "cc", "bcc"):
        if addr in owner or addr in seen:
            continue
        seen.add(addr)
        out.append(IdentityRef("email", addr, name=name or None))
    return out


def thread_of(headers: Headers, own_id: str | None) -> str | None:
    """X-GM-THRID (Takeout) > root of References > In-Reply-To > own Message-ID."""
    if thrid := (headers.raw("x-gm-thrid") or "").strip():
        return f"gmail:{thrid}"
    if refs := message_ids(headers.raw("references")):
        return refs[0]
    if reply := normalise_message_id(headers.raw("in-reply-to")):
        return reply
    return own_id
