"""Mirror the ledger's messages into the guard's index, incrementally and idempotently.

Stream "out" holds what the user wrote to someone (party = recipient), stream "in"
the messages and e-mails they received (party = sender). Each stream keeps only its
window: the guard's ``window_days`` for "out", triage's look-back for "in". New rows
are found by a watermark on ``interactions.id`` (imports only ever add ids, whatever
the dates of the messages), so a sync with nothing new reads a few ``max()`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from warmly.errors import ConfigError
from warmly.guard.bandstore import IndexEntry
from warmly.guard.config import GuardConfig
from warmly.guard.context import IN_KINDS, OUT_KINDS, background_docs, tokens_for
from warmly.guard.mask import RecipientTokens
from warmly.guard.neardup import NearDupIndex
from warmly.guard.specificity import Background
from warmly.guard.sqlstore import SqlBandStore
from warmly.store.models import Interaction, MergeEvent, Note, Person, Position
from warmly.store.models_guard import GuardSignature, GuardState
from warmly.workspace import Workspace

# warmly.triage.inbox.WINDOW_DAYS: triage looks this far back for unanswered mail, so
# the mass-mail oracle needs the senders of that long (a test keeps the two equal).
IN_WINDOW_DAYS = 60.0
# [guard] keys read here rather than by GuardConfig (facts about the user's account).
SERVICE_KEYS = ("linkedin_premium",)
# Word rarity is a soft statistic: a table up to a day old, or built before the network
# grew by 5 %, scores drafts the same; rebuilding it scans every contact's context.
BACKGROUND_MAX_AGE = timedelta(days=1)
BACKGROUND_GROWTH = 0.05
_PAGE = 5_000  # interactions signed per numpy batch
ANALYZE_AFTER = 1_000  # rows added in one sync before SQLite's statistics are refreshed
SYNC_KEY, BACKGROUND_KEY = "sync", "background"


@dataclass(frozen=True)
class SyncReport:
    """What one :func:`sync_index` did."""

    indexed_out: int = 0
    indexed_in: int = 0
    pruned: int = 0
    background_docs: int | None = None  # contacts counted, when the Background was rebuilt


def guard_config(ws: Workspace) -> GuardConfig:
    """The workspace's ``[guard]`` table as a :class:`GuardConfig` (ConfigError if bad)."""
    data = {k: v for k, v in ws.settings.guard.items() if k not in SERVICE_KEYS}
    try:
        return GuardConfig.from_mapping(data)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{ws.config_path}: [guard]: {exc}") from exc


def horizons(config: GuardConfig) -> dict[str, float]:
    """Days each stream is kept: what the guard and the mass-mail oracle look back over."""
    return {"out": config.window_days, "in": IN_WINDOW_DAYS}


def get_state(s: Session, key: str) -> dict[str, Any] | None:
    row = s.get(GuardState, key)
    return dict(row.value) if row is not None else None


def put_state(s: Session, key: str, value: dict[str, Any], now: datetime) -> None:
    row = s.get(GuardState, key)
    if row is None:
        s.add(GuardState(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def load_background(s: Session) -> Background:
    """The stored Background (empty, so every word counts as rare, before the first sync)."""
    data = get_state(s, BACKGROUND_KEY)
    return Background.from_dict(data) if data else Background()


def owner_tokens(s: Session, ws: Workspace) -> RecipientTokens:
    """The user's own names and handles: masked in received mail ("Hi Jordan, ...")."""
    ids = list(s.scalars(select(Person.id).where(Person.is_owner.is_(True))))
    found = tokens_for(s, ids).values()
    names = {ws.settings.profile.name, *(n for t in found for n in t.names)}
    return RecipientTokens(
        names=tuple(sorted(n for n in names if n)),
        handles=tuple(sorted({h for t in found for h in t.handles})),
        emails=tuple(sorted({e for t in found for e in t.emails})),
    )


def sync_index(ws: Workspace, now: datetime | None = None) -> SyncReport:
    """Bring the guard's index and Background up to date with the ledger (idempotent)."""
    now = now or datetime.now(UTC)
    config = guard_config(ws)
    days = horizons(config)
    with ws.writing() as s:
        state = get_state(s, SYNC_KEY) or {}
        top = int(s.scalar(select(func.max(Interaction.id))) or 0)
        fingerprint = [
            top,
            int(s.scalar(select(func.max(MergeEvent.id))) or 0),
            int(s.scalar(select(func.max(Person.id))) or 0),
            int(s.scalar(select(func.max(Position.id))) or 0),
            int(s.scalar(select(func.max(Note.id))) or 0),
        ]
        last = int(state.get("last_id", 0))
        kept = state.get("horizons", {})
        if any(days[k] > float(kept.get(k, 0.0)) for k in days):
            last = 0  # a longer window than last time: re-read what was pruned
        store = SqlBandStore(s)
        pruned = _prune(s, store, days, now)
        if fingerprint[1] != state.get("fingerprint", [0, 0])[1]:
            _follow_merges(s, store)
        n_out, n_in = _index_new(s, ws, config, store, last, top, days, now)
        if ws.is_sqlite and n_out + n_in >= ANALYZE_AFTER:
            _analyze_sqlite(s)
        docs = _maybe_rebuild_background(s, days, now, state)
        new = {"last_id": top, "horizons": days, "fingerprint": fingerprint}
        if new != {k: state.get(k) for k in new} or docs is not None:
            put_state(s, SYNC_KEY, {**state, **new}, now)
    return SyncReport(n_out, n_in, pruned, docs)


def _analyze_sqlite(s: Session) -> None:
    """Refresh SQLite's planner statistics for the guard tables (PostgreSQL autovacuums).

    Without them SQLite reads every row of the window for ``by_bands`` instead of
    probing ``guard_bands`` by key: it cannot know a band key matches a handful of rows.
    ``analysis_limit`` samples each index, so this stays cheap on a large index.
    """
    s.execute(text("PRAGMA analysis_limit=1000"))
    s.execute(text("ANALYZE guard_signatures"))
    s.execute(text("ANALYZE guard_bands"))


def _prune(s: Session, store: SqlBandStore, days: dict[str, float], now: datetime) -> int:
    pruned = 0
    for stream, d in days.items():
        cut = now - timedelta(days=d)
        # Probe first (index on stream, at) so a sync with nothing to do never writes.
        old = select(GuardSignature.message_id).where(
            GuardSignature.stream == stream, GuardSignature.at < cut
        )
        if s.scalar(old.limit(1)) is not None:
            pruned += store.prune(stream, cut)
    return pruned


def _follow_merges(s: Session, store: SqlBandStore) -> None:
    """After merges and unmerges, re-point parties and drop rows of vanished interactions."""
    person = (
        select(cast(Interaction.person_id, String))
        .where(Interaction.id == GuardSignature.message_id)
        .scalar_subquery()
    )
    s.execute(update(GuardSignature).where(GuardSignature.party != person).values(party=person))
    gone = ~exists().where(Interaction.id == GuardSignature.message_id)
    store.remove(s.scalars(select(GuardSignature.message_id).where(gone)).all())


def _index_new(
    s: Session,
    ws: Workspace,
    config: GuardConfig,
    store: SqlBandStore,
    last: int,
    top: int,
    days: dict[str, float],
    now: datetime,
) -> tuple[int, int]:
    """Sign and store interactions with ``last < id <= top`` inside their stream's window."""
    i = Interaction
    wanted = or_(
        and_(
            i.direction == "out",
            i.kind.in_(OUT_KINDS),
            i.occurred_at >= now - timedelta(days=days["out"]),
        ),
        and_(
            i.direction == "in",
            i.kind.in_(IN_KINDS),
            i.occurred_at >= now - timedelta(days=days["in"]),
        ),
    )
    base = (
        select(i.id, i.person_id, i.platform, i.kind, i.direction, i.occurred_at, i.text)
        .join(Person, Person.id == i.person_id)
        .where(i.id <= top, i.text.is_not(None), Person.is_owner.is_(False), wanted)
        .order_by(i.id)
        .limit(_PAGE)
    )
    indexes = {st: NearDupIndex(store, config, stream=st) for st in ("out", "in")}
    mine = owner_tokens(s, ws)
    counts = {"out": 0, "in": 0}
    cursor = last
    while True:
        rows = s.execute(base.where(i.id > cursor)).all()
        if not rows:
            break
        cursor = rows[-1].id
        rows = [r for r in rows if (r.text or "").strip()]
        theirs = tokens_for(s, [r.person_id for r in rows if r.direction == "out"])
        for stream in ("out", "in"):
            batch = [r for r in rows if r.direction == stream]
            if not batch:
                continue
            # Sent mail is masked with the recipient's merge fields, received mail with the
            # user's own name (the sender greets the user, not themselves).
            toks = [theirs[r.person_id] if stream == "out" else mine for r in batch]
            index = indexes[stream]
            prepared = index.prepare_many([(r.text, t) for r, t in zip(batch, toks, strict=True)])
            index.put(
                [
                    IndexEntry(
                        r.id,
                        str(r.person_id),
                        r.occurred_at,
                        p.exact_key,
                        p.signature,
                        stream,
                        r.platform,
                        r.kind,
                    )
                    for r, p in zip(batch, prepared, strict=True)
                ]
            )
            counts[stream] += len(batch)
    return counts["out"], counts["in"]


def _maybe_rebuild_background(
    s: Session, days: dict[str, float], now: datetime, state: dict[str, Any]
) -> int | None:
    """Rebuild the Background when missing, a day old, or the network grew; else None."""
    live = int(
        s.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.merged_into.is_(None), Person.is_owner.is_(False))
        )
        or 0
    )
    built = state.get("background_at")
    was = int(state.get("background_people", -1))
    fresh = (
        built is not None
        and s.get(GuardState, BACKGROUND_KEY) is not None
        and now - datetime.fromisoformat(built) < BACKGROUND_MAX_AGE
        and abs(live - was) < max(1.0, BACKGROUND_GROWTH * was)
    )
    if fresh:
        return None
    since = now - timedelta(days=max(days.values()))
    bg = Background.from_texts(background_docs(s, since))
    put_state(s, BACKGROUND_KEY, bg.to_dict(), now)
    state["background_at"], state["background_people"] = now.isoformat(), live
    return bg.n_docs
