"""Keep the ledger's tasks in step with the messages: promises and unanswered questions.

Derived tasks are upserted by their stable id (``source_key``), so syncing
again changes nothing; a promise kept by a later message closes its task, and
a task the user marked done stays done.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.followthrough.config import FollowThroughConfig
from warmly.followthrough.tasks import (
    ANSWERED_BY_LATER,
    KEPT_BY_LATER,
    WRITTEN_KINDS,
    Message,
    Task,
    derive_tasks,
)
from warmly.store.models import Interaction, Person
from warmly.store.models_agenda import Task as TaskRow
from warmly.store.session import lock_ledger
from warmly.triage.massmail import InMemoryMassMailOracle
from warmly.triage.signals import request_cue
from warmly.triage.text import unquoted
from warmly.triage.types import TriageConfig
from warmly.workspace import Workspace

HORIZON_DAYS = 120  # promises older than this are history, not tasks
_STATUS = {"open": "open", "kept": "kept", "superseded": "kept", "done": "done"}


@dataclass
class SyncReport:
    opened: int = 0
    closed: int = 0
    open_now: int = 0


def load_messages(s: Session, since: datetime) -> list[Message]:
    q = (
        select(
            Interaction.id,
            Interaction.person_id,
            Interaction.direction,
            Interaction.occurred_at,
            Interaction.text,
            Interaction.tags,
            Person.display_name,
        )
        .join(Person, Person.id == Interaction.person_id)
        .where(
            Interaction.kind.in_(WRITTEN_KINDS),
            Interaction.occurred_at >= since,
            Interaction.text.is_not(None),
            Person.is_owner.is_(False),
        )
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    return [
        Message(iid, pid, "out" if d == "out" else "in", at, text or "", name)
        for iid, pid, d, at, text, tags, name in s.execute(q)
        if not (tags and "sponsored" in tags)
    ]


def _mass_mail(ws: Workspace, msgs: list[Message]) -> set[Hashable]:
    """Inbound requests that several senders sent alike: campaigns, not questions to answer.

    Triage's thresholds (``[triage] mass_mail_min_senders`` senders, and
    ``mass_mail_min_words`` words) over an in-memory index of the messages the
    tasks are drawn from; triage itself asks the guard's index over its window,
    which costs an index sync this step, run after every import, should not.
    """
    tcfg = TriageConfig.from_mapping(ws.settings.triage)
    inbound = [(m, unquoted(m.text)) for m in msgs if m.direction == "in"]
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, text) for m, text in inbound)
    return {
        m.id
        for m, text in inbound
        if request_cue(text) is not None  # only what could become a question task
        and len(text.split()) >= tcfg.mass_mail_min_words
        and oracle.senders_with_similar(text) >= tcfg.mass_mail_min_senders
    }


def sync_tasks(ws: Workspace, now: datetime | None = None) -> SyncReport:
    """Derive tasks from recent messages and store them."""
    now = now or datetime.now(UTC)
    cfg = FollowThroughConfig.from_mapping(ws.settings.followthrough)
    rep = SyncReport()
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)  # runs right after imports: wait for one, rather than fail
        msgs = load_messages(s, now - timedelta(days=HORIZON_DAYS))
        rows = {
            r.source_key: r
            for r in s.scalars(select(TaskRow).where(TaskRow.source_key.is_not(None)))
        }
        done = {k for k, r in rows.items() if k and r.status in ("done", "dismissed")}
        platform = (
            dict(
                s.execute(
                    select(Interaction.id, Interaction.platform).where(
                        Interaction.id.in_([m.id for m in msgs])
                    )
                ).all()
            )
            if msgs
            else {}
        )
        derived = derive_tasks(
            msgs, msgs, now, cfg, ws.settings.profile.zone(), done=done, ignore=_mass_mail(ws, msgs)
        )
        for t in derived:
            row = rows.get(t.id)
            status = _STATUS.get(t.status, "open")
            if row is None:
                s.add(
                    TaskRow(
                        source_key=t.id,
                        person_id=int(t.person_id),  # type: ignore[call-overload]
                        kind="promise" if t.kind == "promise" else "question",
                        text=t.title,
                        platform=platform.get(int(t.message_id), "email"),  # type: ignore[call-overload]
                        due_at=t.due,
                        due_reason=t.reason,
                        interaction_id=int(t.message_id),  # type: ignore[call-overload]
                        status=status,
                        created_at=now,
                        closed_at=now if status != "open" else None,
                        close_reason=KEPT_BY_LATER if status == "kept" else None,
                    )
                )
                rep.opened += status == "open"
            elif row.status == "open" and status != "open":
                row.status, row.closed_at = status, now
                row.close_reason = KEPT_BY_LATER if status == "kept" else "done"
                rep.closed += 1
        rep.closed += _close_stale_questions(rows, derived, msgs, now)
        s.flush()
        rep.open_now = len(s.scalars(select(TaskRow.id).where(TaskRow.status == "open")).all())
    return rep


def _close_stale_questions(
    rows: dict[str | None, TaskRow], derived: list[Task], msgs: list[Message], now: datetime
) -> int:
    """Close open question tasks the messages no longer call for; how many were closed.

    Unlike a promise, a question task is derived only while it is open (answered
    questions are not kept as rows), so one that stops being derived would stay
    open for ever: the user answered, or the same person asked again and the
    newer question (one task per person) replaces it. A question whose message
    fell out of the horizon is left as it is: nothing says it was answered.
    """
    open_ids = {t.id for t in derived if t.kind == "unanswered" and t.status == "open"}
    asking = {t.person_id for t in derived if t.id in open_ids}
    by_id = {m.id: m for m in msgs}
    last_out: dict[object, datetime] = {}
    for m in msgs:
        if m.direction == "out":
            last_out[m.person_id] = max(m.at, last_out.get(m.person_id, m.at))
    closed = 0
    for key, row in rows.items():
        if row.status != "open" or not (key or "").startswith("unanswered:") or key in open_ids:
            continue
        asked = by_id.get(row.interaction_id)
        if asked is None:
            continue
        if asked.person_id in last_out and last_out[asked.person_id] > asked.at:
            row.status, row.close_reason = "kept", ANSWERED_BY_LATER
        elif asked.person_id in asking:
            row.status, row.close_reason = "dismissed", "their newer question replaces it"
        else:  # no longer reads as a question (e.g. the "?" was in quoted history)
            row.status, row.close_reason = "dismissed", "no longer an open question"
        row.closed_at = now
        closed += 1
    return closed
