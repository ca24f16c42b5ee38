"""Tasks as the CLI shows them: list, and mark done."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.errors import NotFoundError
from warmly.followthrough.tasks import ANSWERED_BY_LATER, KEPT_BY_LATER
from warmly.store.models import Interaction, Person
from warmly.store.models_agenda import Task
from warmly.workspace import Workspace

_MAX_ID = 2**31 - 1


def _row(t: Task, person: str | None, tz: tzinfo) -> dict[str, Any]:
    """A task for display: times in the user's zone (``tz``), as the due reason states them."""

    def local(at: datetime | None) -> str | None:
        return _aware(at).astimezone(tz).isoformat() if at is not None else None

    return {
        "id": t.id,
        "person": person or "",
        "person_id": t.person_id,
        "kind": t.kind,
        "status": t.status,
        "text": t.text,
        "platform": t.platform,
        "due_at": local(t.due_at),
        "due_reason": t.due_reason,
        "closed_at": local(t.closed_at),
        "close_reason": t.close_reason,
    }


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # stored as UTC


def list_tasks(ws: Workspace, include_closed: bool = False) -> list[dict[str, Any]]:
    """Open tasks (every task with ``include_closed``), soonest due first."""
    tz = ws.settings.profile.zone()
    with ws.sessions() as s:
        q = select(Task, Person.display_name).join(
            Person, Person.id == Task.person_id, isouter=True
        )
        if not include_closed:
            q = q.where(Task.status == "open")
        q = q.order_by(Task.due_at.nulls_last(), Task.id)
        return [_row(t, name, tz) for t, name in s.execute(q)]


def mark_done(ws: Workspace, task_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Close an open task as done: the task as ``list_tasks`` shows it, plus ``changed``.

    A task already closed (done, kept, ...) stays as it is, with ``changed`` false.
    """
    with ws.writing() as s:
        # Ids are 32-bit INTEGER on PostgreSQL: a bigger number is no task, not a DataError.
        t = s.get(Task, task_id) if 0 < task_id <= _MAX_ID else None
        if t is None:
            raise NotFoundError(f"no task {task_id}; see `warmly tasks`")
        changed = t.status == "open"
        if changed:
            t.status, t.closed_at, t.close_reason = "done", now or datetime.now(UTC), "marked done"
        person = s.get(Person, t.person_id) if t.person_id is not None else None
        row = _row(t, person.display_name if person else None, ws.settings.profile.zone())
        return {**row, "changed": changed}


def close_by_message(s: Session, person_id: int, at: datetime, now: datetime) -> int:
    """Close the person's open promises and questions from before a message sent ``at``.

    What ``sync_tasks`` would conclude at the next import (a later message keeps a
    promise and answers a question), done at once so that `warmly done` and
    `warmly log` do not leave a task to resurface in tomorrow's plan. How many closed.
    """
    rows = s.scalars(
        select(Task)
        .join(Interaction, Interaction.id == Task.interaction_id)
        .where(
            Task.person_id == person_id,
            Task.status == "open",
            Task.kind.in_(("promise", "question")),
            Interaction.occurred_at < at,
        )
    ).all()
    for t in rows:
        t.status, t.closed_at = "kept", now
        t.close_reason = ANSWERED_BY_LATER if t.kind == "question" else KEPT_BY_LATER
    return len(rows)
