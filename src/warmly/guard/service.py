"""The guard on the ledger: check drafts, and serve the outbox and triage.

The engine (:func:`warmly.guard.check`) is pure; this module fills its inputs from the
ledger: the recipient's context (:mod:`warmly.guard.context`), the network's word
rarity and the index of everything sent (:mod:`warmly.guard.sync`, kept in SQL by
:class:`~warmly.guard.sqlstore.SqlBandStore`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from warmly.agenda.do_not_contact import do_not_contact
from warmly.errors import WarmlyError
from warmly.guard.bandstore import IndexEntry, MemoryBandStore
from warmly.guard.config import GuardConfig
from warmly.guard.context import best_platform, recipient_context, tokens_for
from warmly.guard.mask import RecipientTokens
from warmly.guard.model import KINDS, Draft, Kind, Verdict
from warmly.guard.neardup import Match, NearDupIndex
from warmly.guard.sqlstore import OverlayBandStore, SqlBandStore
from warmly.guard.sync import (
    IN_WINDOW_DAYS,
    SyncReport,
    guard_config,
    load_background,
    owner_tokens,
    sync_index,
)
from warmly.guard.verdict import GuardContext, check
from warmly.ledger.queries import find_person
from warmly.pacing.policy import PLATFORMS
from warmly.store.models import Interaction, Person
from warmly.store.models_outbox import Action
from warmly.workspace import Workspace

__all__ = [
    "GuardMassMailOracle",
    "SyncReport",
    "check_draft",
    "describe_matches",
    "guard_config",
    "guard_for_outbox",
    "mass_mail_oracle",
    "normalise_kind",
    "recipient_context",
    "sync_index",
]

OutboxGuard = Callable[[Action], "tuple[str, list[str]]"]
_KIND_ALIASES = {
    "invitation note": "invitation_note",
    "invitation-note": "invitation_note",
    "invitation": "invitation_note",
    "invite": "invitation_note",
    "note": "invitation_note",
    "dm": "message",
    "comment": "reply",
}
# Outbox action kinds (warmly.pacing.policy.KINDS) that put words in front of a person.
_OUTBOX_KINDS = {
    "invite": "invitation_note",
    "message": "message",
    "reply": "reply",
    "mention": "mention",
    "email": "email",
    "comment": "reply",
}
_PUBLIC = ("x", "mastodon", "bluesky")  # a thank-you there is a public mention
# "Near-same" inbound text. Stricter than the outbound template threshold (0.55): filing
# a real person's reply as mass mail costs more than missing a campaign. On the demo
# (seed 7) every threshold from 0.55 to 0.9 labels the planted spray alike, but 0.55
# triples mass_mail among unplanted replies that merely share a stock sentence; 0.8
# matches the in-memory oracle's token Jaccard.
MASS_MAIL_THRESHOLD = 0.8


class GuardError(WarmlyError):
    """A draft cannot be checked as asked (unknown kind, no text)."""


def normalise_kind(kind: str) -> Kind:
    """``"invitation note"`` → ``"invitation_note"``; GuardError for unknown kinds."""
    k = kind.strip().lower()
    k = _KIND_ALIASES.get(k, k.replace(" ", "_").replace("-", "_"))
    if k not in KINDS:
        raise GuardError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return k  # type: ignore[return-value]  # checked against KINDS just above


def check_draft(
    ws: Workspace,
    person_ref: str,
    text: str,
    platform: str | None = None,
    kind: str = "message",
    now: datetime | None = None,
    subject: str | None = None,
    *,
    sync: bool = True,
) -> Verdict:
    """Judge a draft to a person (id, handle or name) against everything already sent.

    ``platform`` defaults to the one last used with them, else e-mail, LinkedIn or X.
    Syncs the index first unless ``sync=False`` (cheap when nothing is new).
    """
    if not text.strip():
        raise GuardError("nothing to check: the draft is empty")
    now = now or datetime.now(UTC)
    draft_kind = normalise_kind(kind)
    if sync:
        sync_index(ws, now)
    config = guard_config(ws)
    with ws.sessions() as s:
        person = find_person(s, person_ref)
        plat = (platform or best_platform(s, person.id)).strip().lower()
        if plat not in PLATFORMS:
            raise GuardError(f"unknown platform {platform!r}; use one of: {', '.join(PLATFORMS)}")
        draft = Draft(text, str(person.id), plat, draft_kind, subject)
        return _check(s, ws, config, draft, now, SqlBandStore(s))


def _check(
    s: Session,
    ws: Workspace,
    config: GuardConfig,
    draft: Draft,
    now: datetime,
    store: SqlBandStore | OverlayBandStore,
) -> Verdict:
    notes = None
    if draft.platform == "linkedin" and draft.kind == "invitation_note":
        notes = _notes_this_month(s, now)
    ctx = GuardContext(
        recipient_context(s, int(draft.to), now),
        load_background(s),
        linkedin_premium=bool(ws.settings.guard.get("linkedin_premium", False)),
        linkedin_notes_this_month=notes,
        describe=_describer(s),
        holds=tuple(h.why for h in do_not_contact(s, [int(draft.to)]).get(int(draft.to), [])),
    )
    return check(draft, ctx, NearDupIndex(store, config, stream="out"), now, config)


def _notes_this_month(s: Session, now: datetime) -> int:
    """LinkedIn invitations with a note sent since the 1st of this (UTC) month."""
    first = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    q = (
        select(func.count())
        .select_from(Interaction)
        .where(
            Interaction.platform == "linkedin",
            Interaction.kind == "invitation",
            Interaction.direction == "out",
            Interaction.text.is_not(None),
            Interaction.occurred_at >= first,
            Interaction.occurred_at <= now,
        )
    )
    return int(s.scalar(q) or 0)


def _describer(s: Session) -> Callable[[str], str]:
    names: dict[str, str] = {}

    def name(party: str) -> str:
        if party not in names:
            person = s.get(Person, int(party)) if party.isdigit() else None
            names[party] = (person.display_name if person else "") or f"person {party}"
        return names[party]

    return name


def describe_matches(
    ws: Workspace, matches: tuple[Match, ...] | list[Match]
) -> list[dict[str, Any]]:
    """The matched messages in words: who, when, how alike, and the start of the text."""
    out: list[dict[str, Any]] = []
    with ws.sessions() as s:
        name = _describer(s)
        ids = [m.message_id for m in matches if m.message_id > 0]
        q = select(Interaction.id, Interaction.text).where(Interaction.id.in_(ids))
        texts = {mid: text for mid, text in s.execute(q).all()} if ids else {}
        for m in matches:
            text = texts.get(m.message_id) or ""
            out.append(
                {
                    "message_id": m.message_id,
                    "to": name(m.party),
                    "person_id": m.party,
                    "at": m.at.isoformat(),
                    "platform": m.platform,
                    "kind": m.kind,
                    "similarity": m.similarity,
                    "exact": m.exact,
                    "same_person": m.same_party,
                    "text": " ".join(text.split())[:160],
                }
            )
    return out


@dataclass
class GuardMassMailOracle:
    """A triage ``MassMailOracle`` over the guard's "in" stream (messages received).

    Counts distinct senders of near-same text in the window, the message's own sender
    included (it is indexed like every other received message).
    """

    index: NearDupIndex
    now: datetime
    tokens: RecipientTokens = field(default_factory=RecipientTokens)
    window: timedelta = timedelta(days=IN_WINDOW_DAYS)
    threshold: float | None = None  # estimated Jaccard; None = the guard's template_threshold

    def senders_with_similar(self, text: str) -> int:
        """Distinct senders whose received text equals or nearly equals ``text``."""
        matches = self.index.query(
            text, self.tokens, self.now, self.window, threshold=self.threshold
        )
        return len({m.party for m in matches})


def mass_mail_oracle(
    ws: Workspace, session: Session, now: datetime | None = None
) -> GuardMassMailOracle:
    """The mass-mail oracle for :func:`warmly.triage.inbox.run_triage` (sync first)."""
    index = NearDupIndex(SqlBandStore(session), guard_config(ws), stream="in")
    now = now or datetime.now(UTC)
    return GuardMassMailOracle(index, now, owner_tokens(session, ws), threshold=MASS_MAIL_THRESHOLD)


def outbox_kind(action: Action) -> Kind | None:
    """The guard's kind for an outbox action; None when it says nothing to anyone."""
    if action.platform == "email":
        return "email" if action.kind in (*_OUTBOX_KINDS, "thank") else None
    if action.kind == "thank":
        return "mention" if action.platform in _PUBLIC else "message"
    kind = _OUTBOX_KINDS.get(action.kind)
    return kind  # type: ignore[return-value]  # values of _OUTBOX_KINDS are Kinds


def guard_for_outbox(ws: Workspace, now: datetime | None = None) -> OutboxGuard:
    """A guard for :func:`warmly.outbox.approve`: ``(action) -> (verdict, reasons)``.

    Syncs once, up front, so the returned callable only reads: it runs inside the
    outbox's own transaction (through the action's session) and must not write
    beside it. Approved actions not yet sent count as sent, so approving twenty
    copies of one template in a row is caught at the third, not after sending.
    """
    sync_index(ws, now or datetime.now(UTC))
    config = guard_config(ws)

    def guard(action: Action) -> tuple[str, list[str]]:
        kind = outbox_kind(action)
        if kind is None or action.person_id is None or not (action.text or "").strip():
            return "ok", [f"nothing for the guard to read in a {action.platform} {action.kind}"]
        at = now or datetime.now(UTC)
        with _session_of(ws, action) as s:
            pending = _pending(s, config, at, skip=action.id)
            draft = Draft(
                action.text or "", str(action.person_id), action.platform, kind, action.subject
            )
            v = _check(s, ws, config, draft, at, OverlayBandStore(SqlBandStore(s), pending))
        failing = [r.message for r in v.reasons if r.severity == "fail"]
        return v.verdict, failing + [r.message for r in v.reasons if r.severity != "fail"]

    return guard


@contextmanager
def _session_of(ws: Workspace, action: Action) -> Iterator[Session]:
    own = object_session(action)
    if own is not None:
        yield own  # the outbox's transaction: sees its unflushed rows, takes no second lock
    else:
        with ws.sessions() as s:
            yield s


def _pending(s: Session, config: GuardConfig, now: datetime, skip: int | None) -> MemoryBandStore:
    """Approved (or sending) actions in the window, as index rows with negative ids.

    Negative ids keep them apart from ``interactions.id``; once sent, an action becomes
    an interaction and leaves this set.
    """
    q = select(Action).where(
        Action.state.in_(("approved", "sending")),
        Action.person_id.is_not(None),
        Action.text.is_not(None),
        Action.approved_at >= now - config.window,
    )
    actions = [a for a in s.scalars(q) if a.id != skip and outbox_kind(a) is not None]
    store = MemoryBandStore()
    if actions:
        toks = tokens_for(s, [a.person_id for a in actions if a.person_id is not None])
        index = NearDupIndex(store, config, stream="out")
        prepared = index.prepare_many([(a.text or "", toks[a.person_id or 0]) for a in actions])
        index.put(
            [
                IndexEntry(
                    -a.id,
                    str(a.person_id),
                    a.approved_at or now,
                    p.exact_key,
                    p.signature,
                    "out",
                    a.platform,
                    outbox_kind(a) or "",
                )
                for a, p in zip(actions, prepared, strict=True)
            ]
        )
    return store
