"""Tasks as the CLI shows them: list, and mark done."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from warmly.errors import NotFoundError
from warmly.store.models import Person
from warmly.store.models_agenda import Task
from warmly.workspace import Workspace


def _row(t: Task, person: str | None) -> dict[str, Any]:
    return {
        "id": t.id,
        "person": person or "",
        "person_id": t.person_id,
        "kind": t.kind,
        "status": t.status,
        "text": t.text,
        "platform": t.platform,
        "due_at": t.due_at.isoformat() if t.due_at else None,
        "due_reason": t.due_reason,
        "closed_at": t.closed_at.isoformat() if t.closed_at else None,
        "close_reason": t.close_reason,
    }


def list_tasks(ws: Workspace, include_closed: bool = False) -> list[dict[str, Any]]:
    with ws.sessions() as s:
        q = select(Task, Person.display_name).join(
            Person, Person.id == Task.person_id, isouter=True
        )
        if not include_closed:
            q = q.where(Task.status == "open")
        q = q.order_by(Task.due_at.nulls_last(), Task.id)
        return [_row(t, name) for t, name in s.execute(q)]


def mark_done(ws: Workspace, task_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Close an open task as done: the task as ``list_tasks`` shows it, plus ``changed``.

    A task already closed (done, kept, ...) stays as it is, with ``changed`` false.
    """
    with ws.writing() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise NotFoundError(f"no task {task_id}; see `warmly tasks`")
        changed = t.status == "open"
        if changed:
            t.status, t.closed_at, t.close_reason = "done", now or datetime.now(UTC), "marked done"
        person = s.get(Person, t.person_id) if t.person_id is not None else None
        return {**_row(t, person.display_name if person else None), "changed": changed}
