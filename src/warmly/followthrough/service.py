"""Tasks as the CLI shows them: list, and mark done."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from warmly.errors import NotFoundError
from warmly.store.models import Person
from warmly.store.models_agenda import Task
from warmly.workspace import Workspace


def list_tasks(ws: Workspace, include_closed: bool = False) -> list[dict[str, Any]]:
    with ws.sessions() as s:
        q = select(Task, Person.display_name).join(
            Person, Person.id == Task.person_id, isouter=True
        )
        if not include_closed:
            q = q.where(Task.status == "open")
        q = q.order_by(Task.due_at.nulls_last(), Task.id)
        return [
            {
                "id": t.id,
                "person": name or "",
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
            for t, name in s.execute(q)
        ]


def mark_done(ws: Workspace, task_id: int, now: datetime | None = None) -> str:
    with ws.sessions.begin() as s:
        t = s.get(Task, task_id)
        if t is None:
            raise NotFoundError(f"no task {task_id}; see `warmly tasks`")
        if t.status != "open":
            return f"task {task_id} is already {t.status}"
        t.status, t.closed_at, t.close_reason = "done", now or datetime.now(UTC), "marked done"
        return f"task {task_id} done: {t.text}"
