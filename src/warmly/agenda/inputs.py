"""From the ledger to the reason engines' inputs: a few set-based queries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from warmly.agenda.people import Known
from warmly.engine.circles import CircleInput, CirclesConfig, Placement, circles
from warmly.engine.gaps import typical_gap_days
from warmly.engine.reasons import (
    Engagement,
    Inbound,
    Invitation,
    LifeEvent,
    ReasonsConfig,
    Task,
    Who,
)
from warmly.engine.reasons_giver import Ask, Offer
from warmly.followthrough.tasks import task_what
from warmly.store.models import Identity, Interaction, Organisation, Person, Position
from warmly.store.models_agenda import Pin
from warmly.store.models_agenda import Task as TaskRow

_CHUNK = 2000


def _latest(s: Session, ids: Iterable[int], *where: Any) -> list[Any]:
    """Per person in ``ids``, the newest interaction matching ``where``.

    A correlated subquery per person walks the (person_id, occurred_at) index
    backwards and stops at the first match, so the cost follows the people
    asked about, never how much history each one has; a chunk of people is one
    round trip rather than one query each.
    """
    cols = (
        Interaction.id,
        Interaction.person_id,
        Interaction.platform,
        Interaction.occurred_at,
        Interaction.subject,
        Interaction.text,
        Interaction.tags,
        Interaction.kind,
    )
    newest = (
        select(Interaction.id)
        .where(Interaction.person_id == Person.id, *where)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
    wanted = sorted(set(ids))
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        found = [
            iid
            for iid in s.scalars(select(newest).where(Person.id.in_(wanted[i : i + _CHUNK])))
            if iid is not None
        ]
        if found:
            rows = s.execute(select(*cols).where(Interaction.id.in_(found))).all()
            out.extend(sorted(rows, key=lambda r: r[1]))
    return out


def _not_sponsored() -> Any:
    return or_(Interaction.tags.is_(None), Interaction.tags.not_like("%sponsored%"))


# Where to reach someone when nothing says otherwise: the channels people answer.
CHANNEL_ORDER = ("email", "linkedin", "x", "mastodon", "bluesky")
_WORD = re.compile(r"[A-Za-z][A-Za-z+#.-]{2,}")


_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|hallo|moin|good (?:morning|afternoon))\b[^,\n!.]*[,!.\n]\s*", re.I
)
_FILLER = re.compile(
    r"^\s*(?:thanks|thank you|great|ok|okay|sure|sounds good|perfect|cool)\b[^.!?\n]*[.!?\n]\s*",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?\n]+")


def topic_of(subject: str | None, text: str | None, words: int = 8) -> str | None:
    """A few words saying what a message was about: its subject, else its first real sentence.

    Greetings ("Hi Jordan,") and pleasantries ("Thanks, that sounds good.") are
    skipped, since a draft that says "your message about Hi Jordan" helps nobody.
    """
    if subject and subject.strip():
        topic = re.sub(r"^(?:(?:re|fwd?|aw|wg)\s*:\s*)+", "", subject.strip(), flags=re.I)
        if topic:
            return topic[:80]
    if not text:
        return None
    body = _GREETING.sub("", text, count=1)
    for _ in range(2):
        rest = _FILLER.sub("", body, count=1)
        if rest.strip():
            body = rest
    m = _SENTENCE.search(body)
    if not m:
        return None
    sentence = m.group(0).split()
    if not sentence:
        return None
    if len(sentence) < 2:
        return None  # a lone word after the pleasantries is usually the signature
    first = " ".join(sentence[:words]).rstrip(",;:")
    return first + ("…" if len(sentence) > words else "")


def _wrote_since(known: Mapping[int, Known], since: datetime, *, unanswered: bool) -> list[int]:
    """Who can have an inbound interaction after ``since`` (and, if asked, no answer
    after it), by their tie state alone: nobody else is worth an index lookup."""
    out = []
    for pid, k in known.items():
        last_in, last_out = k.tie.last_in_at, k.tie.last_out_at
        if last_in is None or last_in < since:
            continue
        if unanswered and last_out is not None and last_out >= last_in:
            continue
        out.append(pid)
    return out


def latest_inbound(s: Session, ids: Iterable[int], since: datetime, now: datetime) -> list[Any]:
    """Each person's newest message or email to the user in the window (not mass mail).

    Remembered on the session for the same people and window: the unanswered and
    introduction reasons both read it.
    """
    wanted = frozenset(ids)
    memo = s.info.setdefault("latest_inbound", {})
    key = (wanted, since, now)
    if key not in memo:
        memo[key] = _fetch_latest_inbound(s, wanted, since, now)
    return memo[key]  # type: ignore[no-any-return]


def _fetch_latest_inbound(
    s: Session, ids: Iterable[int], since: datetime, now: datetime
) -> list[Any]:
    return _latest(
        s,
        ids,
        Interaction.direction == "in",
        Interaction.kind.in_(("message", "email")),
        Interaction.occurred_at >= since,
        Interaction.occurred_at <= now,
        _not_sponsored(),
    )


def unanswered(
    s: Session, known: Mapping[int, Known], now: datetime, cfg: ReasonsConfig
) -> list[Inbound]:
    """The latest inbound message per person, when nothing went back after it."""
    since = now - timedelta(days=cfg.inbound_stale_days * 2)
    latest: dict[int, tuple[int, str, datetime, str | None]] = {}
    # sponsored InMail is mass mail: triage handles it, the agenda does not chase it
    ids = _wrote_since(known, since, unanswered=False)  # the same read as asks_and_offers
    for iid, pid, platform, at, subject, text, *_ in latest_inbound(s, ids, since, now):
        latest[pid] = (iid, platform, at, topic_of(subject, text))
    out = []
    for pid, (iid, platform, at, topic) in latest.items():
        k = known.get(pid)
        if k is None or (k.tie.last_out_at is not None and k.tie.last_out_at >= at):
            continue
        out.append(Inbound(str(iid), pid, k.name, platform, at, k.strength.score, topic))
    return out


def engagements(
    s: Session, known: Mapping[int, Known], now: datetime, cfg: ReasonsConfig
) -> list[Engagement]:
    """Shares, comments, replies and mentions of the user's posts, not yet thanked."""
    since = now - timedelta(days=cfg.thanks_window_days)
    kinds = ("share", "comment", "reply", "mention")
    newest = _latest(
        s,
        _wrote_since(known, since, unanswered=True),
        Interaction.direction == "in",
        Interaction.kind.in_(kinds),
        Interaction.occurred_at >= since,
        Interaction.occurred_at <= now,
    )
    rows = [(r[0], r[1], r[2], r[7], r[3], r[5]) for r in newest]
    out = []
    for iid, pid, platform, kind, at, text in rows:
        k = known.get(pid)
        if k is None or (k.tie.last_out_at is not None and k.tie.last_out_at >= at):
            continue
        out.append(
            Engagement(
                str(iid),
                pid,
                k.name,
                platform,
                kind,
                at,
                k.strength.score,
                topic_of(None, text, 10),
            )
        )
    return out


def open_tasks(s: Session, known: Mapping[int, Known], now: datetime) -> list[Task]:
    q = select(TaskRow).where(
        TaskRow.status == "open", TaskRow.due_at.is_not(None), TaskRow.person_id.is_not(None)
    )
    out = []
    for t in s.scalars(q):
        k = known.get(t.person_id or 0)
        name = k.name if k else "someone"
        assert t.due_at is not None and t.person_id is not None
        # Derived titles start "send for Ana Berg: ": the item names Ana already.
        text = t.text if t.kind == "manual" else task_what(t.text)
        out.append(
            Task(str(t.id), t.person_id, name, t.platform or "email", text, t.due_at, kind=t.kind)
        )
    return out


def waiting_invitations(
    s: Session, known: Mapping[int, Known], now: datetime, cfg: ReasonsConfig
) -> list[Invitation]:
    since = now - timedelta(days=cfg.invitation_stale_days)
    # Invitations are rare: read the recent ones through the (kind, time) index.
    q = select(
        Interaction.id,
        Interaction.person_id,
        Interaction.platform,
        Interaction.occurred_at,
        Interaction.text,
    ).where(
        Interaction.kind == "invitation",
        Interaction.direction == "in",
        Interaction.occurred_at >= since,
        Interaction.occurred_at <= now,
    )
    latest: dict[int, Any] = {}
    for row in s.execute(q):
        if row[1] in known and (row[1] not in latest or row[3] > latest[row[1]][3]):
            latest[row[1]] = row
    rows = list(latest.values())
    answered = _connected_since(s, {r[1]: r[3] for r in rows})
    out = []
    for iid, pid, platform, at, text in rows:
        k = known.get(pid)
        name = k.name if k else "Someone"
        if pid in answered or (k and k.tie.last_out_at and k.tie.last_out_at >= at):
            continue
        out.append(
            Invitation(
                str(iid), pid, name, platform, at, k.strength.score if k else 0.0, text or None
            )
        )
    return out


def _connected_since(s: Session, since: Mapping[int, datetime]) -> set[int]:
    if not since:
        return set()
    newest = _latest(s, since, Interaction.kind == "connection")
    return {r[1] for r in newest if r[3] >= since[r[1]]}


def life_event_people(s: Session, today: date, cfg: ReasonsConfig) -> set[int]:
    """Who has a birthday close to today or started a job recently (before loading them)."""
    ids = {
        pid
        for pid, born in s.execute(
            select(Person.id, Person.birthday).where(Person.birthday.is_not(None))
        )
        if born is not None and _near_anniversary(born, today, cfg.birthday_window_days)
    }
    since = today - timedelta(days=cfg.job_change_window_days)
    q = select(Position.person_id).where(Position.started >= since, Position.started <= today)
    return ids | set(s.scalars(q))


def _near_anniversary(born: date, today: date, window: int) -> bool:
    for year in (today.year - 1, today.year):
        try:
            day = born.replace(year=year)
        except ValueError:  # 29 February in a common year
            day = date(year, 3, 1)
        if 0 <= (today - day).days <= window:
            return True
    return False


def life_events(
    s: Session, known: Mapping[int, Known], today: date, cfg: ReasonsConfig
) -> list[LifeEvent]:
    """Birthdays where known; job changes from positions that started recently."""
    out = [
        LifeEvent(k.id, k.name, "email", "birthday", k.birthday, k.strength.score)
        for k in known.values()
        if k.birthday is not None
    ]
    since = today - timedelta(days=cfg.job_change_window_days)
    q = (
        select(Position.person_id, Position.started, Position.title, Organisation.name)
        .join(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.started.is_not(None), Position.started >= since, Position.started <= today)
    )
    for pid, started, title, org in s.execute(q):
        k = known.get(pid)
        if k is not None and started is not None:
            what = f"{title} at {org}" if title else org
            out.append(
                LifeEvent(pid, k.name, "linkedin", "job_change", started, k.strength.score, what)
            )
    return out


def circle_placements(
    s: Session, known: Mapping[int, Known], now: datetime, cfg: CirclesConfig
) -> list[Placement]:
    pins = dict(s.execute(select(Pin.person_id, Pin.layer)).all())
    people = [
        CircleInput(
            k.id,
            k.strength.score,
            k.tie.last_at,
            typical_gap_days(k.tie.first_at, k.tie.last_at, k.tie.n_in + k.tie.n_out),
            pins.get(k.id),
        )
        for k in known.values()
    ]
    return circles(people, now, cfg)


def best_channels(s: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """The network each person was last in touch on (else the best one they have).

    The newest conversational interaction per person, read through the
    (person_id, occurred_at) index from the newest end: the strongest ties hold
    the most history, and a per-person aggregate would read all of it.
    """
    ids = list(person_ids)
    conversational = ("message", "email", "reply", "mention", "comment", "call", "meeting")
    out = {r[1]: r[2] for r in _latest(s, ids, Interaction.kind.in_(conversational))}
    missing = [p for p in ids if p not in out]
    rank = {p: n for n, p in enumerate(CHANNEL_ORDER)}
    for i in range(0, len(missing), _CHUNK):
        have: dict[int, str] = {}
        q = select(Identity.person_id, Identity.platform).where(
            Identity.person_id.in_(missing[i : i + _CHUNK])
        )
        for pid, platform in s.execute(q):
            if platform in rank and (pid not in have or rank[platform] < rank[have[pid]]):
                have[pid] = platform
        out.update(have)
    return out


def who(
    known: Mapping[int, Known], channels: Mapping[int, str], ids: Iterable[int]
) -> dict[int, Who]:
    return {i: Who(known[i].name, channels.get(i, "email")) for i in ids if i in known}


_ASK = re.compile(
    r"\b(?:looking for|hiring|need(?:s|ing)? (?:a|an|some)|searching for)\s+([^.?!\n]{3,80})", re.I
)
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "who",
        "that",
        "our",
        "your",
        "you",
        "are",
        "new",
        "good",
        "great",
        "some",
        "any",
    ]
)


def tags_of(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)


def asks_and_offers(
    s: Session, known: Mapping[int, Known], now: datetime, cfg: ReasonsConfig
) -> tuple[list[Ask], list[Offer]]:
    """Asks: recent inbound "looking for …"; offers: what a contact's title says they do."""
    since = now - timedelta(days=cfg.introduce_window_days)
    window = now - timedelta(days=cfg.inbound_stale_days * 2)  # the same read as `unanswered`
    rows = [
        (r[0], r[1], r[2], r[3], r[5], r[6])
        for r in latest_inbound(s, _wrote_since(known, window, unanswered=False), window, now)
        if r[3] >= since
    ]
    asks = []
    for iid, pid, platform, at, text, tags in rows:
        k = known.get(pid)
        m = _ASK.search(text or "")
        if k is None or m is None or (tags and "sponsored" in tags):
            continue
        asks.append(
            Ask(
                str(iid),
                pid,
                k.name,
                platform,
                tags_of(m.group(1)),
                m.group(1).strip(),
                at,
                k.strength.score,
            )
        )
    offers = [
        Offer(k.id, k.name, tags_of(k.title), k.title, k.strength.score)
        for k in known.values()
        if k.title and k.strength.score >= cfg.introduce_min_strength
    ]
    return asks, offers
