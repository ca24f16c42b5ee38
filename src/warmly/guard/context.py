"""What the ledger knows about recipients, in the guard's terms.

:class:`~warmly.guard.mask.RecipientTokens` (what a mail merge fills in, masked before
comparing) and :class:`~warmly.guard.specificity.ContextItem` (what a genuine message
could mention). Everything is loaded for many people at once, one query per table,
so the Background over the whole network costs a handful of queries, not one per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from warmly.guard.mask import RecipientTokens
from warmly.guard.specificity import ContextItem, RecipientContext
from warmly.pacing.policy import PLATFORMS
from warmly.store.models import Identity, Interaction, Note, Organisation, Person, Position

# Interactions the user wrote to someone (guard "out" stream) and received ("in" stream).
OUT_KINDS = ("message", "email", "reply", "mention", "comment", "invitation")
IN_KINDS = ("message", "email")
# What they wrote that is about them rather than to the user: a post, a public reply.
_POST_KINDS = ("share", "mention", "comment", "reply")
RECENT_MESSAGES = 20  # per person: enough to name what is current, bounded for the Background
_BATCH = 1_000  # person ids per IN (...) list


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def tokens_for(s: Session, person_ids: Sequence[int]) -> dict[int, RecipientTokens]:
    """Merge fields per person: names, organisations, handles, e-mails and profile URLs."""
    names: dict[int, set[str]] = defaultdict(set)
    orgs: dict[int, set[str]] = defaultdict(set)
    handles: dict[int, set[str]] = defaultdict(set)
    emails: dict[int, set[str]] = defaultdict(set)
    urls: dict[int, set[str]] = defaultdict(set)
    for part in _batches(sorted(set(person_ids))):
        for pid, name, org in s.execute(
            select(Person.id, Person.display_name, Person.organisation).where(Person.id.in_(part))
        ):
            names[pid].add(name or "")
            orgs[pid].add(org or "")
        q = select(
            Identity.person_id,
            Identity.platform,
            Identity.handle,
            Identity.display_name,
            Identity.url,
        ).where(Identity.person_id.in_(part))
        for pid, platform, handle, shown, url in s.execute(q):
            names[pid].add(shown or "")
            urls[pid].add(url or "")
            if handle.startswith("~"):  # a name-only placeholder, not a handle
                continue
            (emails if platform == "email" else handles)[pid].add(handle)
        q2 = (
            select(Position.person_id, Organisation.name)
            .join(Organisation, Organisation.id == Position.organisation_id)
            .where(Position.person_id.in_(part))
        )
        for pid, org in s.execute(q2):
            orgs[pid].add(org)

    def clean(values: set[str]) -> tuple[str, ...]:
        return tuple(sorted(v for v in values if v.strip()))

    return {
        pid: RecipientTokens(
            names=clean(names[pid]),
            companies=clean(orgs[pid]),
            handles=clean(handles[pid]),
            emails=clean(emails[pid]),
            other=clean(urls[pid]),
        )
        for pid in set(person_ids)
    }


def _item_kind(direction: str, kind: str) -> str:
    if kind in _POST_KINDS and direction == "in":
        return "post"
    if kind == "note":
        return "note"
    return "message_in" if direction == "in" else "message_out"


def items_for(
    s: Session, person_ids: Sequence[int], since: datetime | None = None
) -> dict[int, list[ContextItem]]:
    """Context per person: role, positions, notes, and recent messages and posts both ways."""
    out: dict[int, list[ContextItem]] = defaultdict(list)
    for part in _batches(sorted(set(person_ids))):
        for pid, title, org in s.execute(
            select(Person.id, Person.title, Person.organisation).where(Person.id.in_(part))
        ):
            if title or org:
                out[pid].append(ContextItem("title", " at ".join(x for x in (title, org) if x)))
        q = (
            select(Position.person_id, Position.title, Organisation.name, Position.started)
            .join(Organisation, Organisation.id == Position.organisation_id)
            .where(Position.person_id.in_(part))
        )
        for pid, title, org, started in s.execute(q):
            text = " at ".join(x for x in (title, org) if x)
            since_year = f" since {started:%Y}" if started else ""
            out[pid].append(ContextItem("profile", text + since_year))
        for pid, text, at in s.execute(
            select(Note.person_id, Note.text, Note.created_at).where(Note.person_id.in_(part))
        ):
            out[pid].append(ContextItem("note", text, at))
        # The newest messages per person, ranked in SQL (window functions: SQLite >= 3.25).
        rank = func.row_number().over(
            partition_by=Interaction.person_id,
            order_by=(Interaction.occurred_at.desc(), Interaction.id.desc()),
        )
        cond: list[ColumnElement[bool]] = [
            Interaction.person_id.in_(part),
            Interaction.text.is_not(None),
        ]
        if since is not None:
            cond.append(Interaction.occurred_at >= since)
        inner = (
            select(
                Interaction.person_id,
                Interaction.direction,
                Interaction.kind,
                Interaction.subject,
                Interaction.text,
                Interaction.occurred_at,
                rank.label("n"),
            )
            .where(*cond)
            .subquery()
        )
        q3 = select(inner).where(inner.c.n <= RECENT_MESSAGES)
        for pid, direction, kind, subject, text, at, _n in s.execute(q3):
            body = f"{subject}\n{text}" if subject else text
            if body.strip():
                out[pid].append(ContextItem(_item_kind(direction, kind), body, at))
    return out


def recipient_context(s: Session, person_id: int, now: datetime | None = None) -> RecipientContext:
    """Tokens and context items for one person (``now`` bounds nothing yet: all history)."""
    del now  # the newest RECENT_MESSAGES are taken whatever their age
    tokens = tokens_for(s, [person_id])[person_id]
    return RecipientContext(str(person_id), tokens, tuple(items_for(s, [person_id])[person_id]))


def background_docs(s: Session, since: datetime) -> Iterator[str]:
    """One text per live contact (role, positions, notes, recent messages): the IDF corpus."""
    live = select(Person.id).where(Person.merged_into.is_(None), Person.is_owner.is_(False))
    ids = list(s.scalars(live.order_by(Person.id)))
    for part in _batches(ids):
        items = items_for(s, part, since)
        for pid in part:
            if items.get(pid):
                yield "\n".join(i.text for i in items[pid])


def best_platform(s: Session, person_id: int) -> str:
    """The platform last used with them, else email, LinkedIn or X, whichever they have.

    Only platforms a draft can go out on count: a text logged by hand on "phone"
    says how they last spoke, not where the draft is sent.
    """
    last = s.scalar(
        select(Interaction.platform)
        .where(
            Interaction.person_id == person_id,
            Interaction.kind.in_(OUT_KINDS),
            Interaction.platform.in_(PLATFORMS),
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(1)
    )
    if last:
        return str(last)
    have = set(s.scalars(select(Identity.platform).where(Identity.person_id == person_id)))
    return next((p for p in ("email", "linkedin", "x") if p in have), "email")
