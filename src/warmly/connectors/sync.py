"""Read a platform's notifications into the ledger, continuing where the last sync stopped.

The same path as a file import (:mod:`warmly.ledger.pipeline`): one
:class:`~warmly.store.models.ImportRun` per sync (``format`` =
``"<platform>-api"``, ``path`` = the connector's ``source``), records written
by :class:`~warmly.ledger.writer.LedgerWriter` inside one transaction. Each
record keeps its stable source key, so a sync that sees a notification again
adds nothing. The run's ``details["cursor"]`` is where the next sync starts.

The network call happens *before* the transaction opens: a slow server never
holds a database lock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from warmly.connectors.base import ConnectorError
from warmly.connectors.feed import NotificationSource
from warmly.ledger.owner import ensure_owner
from warmly.ledger.writer import LedgerWriter
from warmly.store.models import ImportRun
from warmly.store.session import lock_ledger
from warmly.workspace import Workspace


@dataclass
class SyncReport:
    """What one sync did: the numbers to print, plus where the next one starts."""

    source: str
    format: str
    since: str | None
    cursor: str | None
    read: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    ignored: int = 0
    people_added: int = 0
    pages: int = 0
    complete: bool = True
    problems: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def api_format(platform: str) -> str:
    """The ``ImportRun.format`` of API syncs: ``mastodon-api``, ``bluesky-api``."""
    return f"{platform}-api"


def last_cursor(ws: Workspace, source: str, fmt: str) -> str | None:
    """The cursor stored by the newest successful sync of ``source``."""
    query = (
        select(ImportRun.details)
        .where(ImportRun.path == source, ImportRun.format == fmt, ImportRun.status == "ok")
        .order_by(ImportRun.id.desc())
        .limit(1)
    )
    with ws.sessions.begin() as s:
        details = s.scalars(query).first()
    cursor = (details or {}).get("cursor")
    return str(cursor) if cursor else None


def sync_notifications(
    ws: Workspace, connector: NotificationSource, *, full: bool = False
) -> SyncReport:
    """Fetch notifications newer than the last sync's cursor and write them.

    ``full`` ignores the stored cursor (re-reads what paging allows; nothing is
    written twice). A :class:`ConnectorError` while fetching is recorded as a
    failed run and raised again; nothing is written then.
    """
    fmt = api_format(connector.platform)
    source = connector.source
    started = datetime.now(UTC)
    since = None if full else last_cursor(ws, source, fmt)
    try:
        batch = connector.fetch_notifications(since)
    except ConnectorError as exc:
        with ws.sessions.begin() as s:
            s.add(
                ImportRun(
                    path=source,
                    format=fmt,
                    started_at=started,
                    finished_at=datetime.now(UTC),
                    status="failed",
                    details={"reason": str(exc)[:2000], "since": since},
                )
            )
        raise
    with ws.sessions.begin() as s:
        lock_ledger(s, ws.on_wait)  # an import of its own: one at a time
        owner = ensure_owner(s, ws.settings.profile)
        run = ImportRun(path=source, format=fmt, started_at=started)
        s.add(run)
        s.flush()
        writer = LedgerWriter(s, ws.settings, run.id, owner)
        for rec in batch.records:
            writer.add(rec)
        counts = writer.finish()
        run.finished_at = datetime.now(UTC)
        run.status = "ok"
        run.read, run.added, run.skipped, run.errors = (
            counts.read,
            counts.added,
            counts.skipped,
            counts.errors,
        )
        run.details = {
            "cursor": batch.cursor,
            "since": since,
            "pages": batch.pages,
            "complete": batch.complete,
            "ignored": batch.ignored,
            "unchanged": counts.unchanged,
            "people_added": counts.people_added,
            "merged": counts.merged,
            "problems": [list(p) for p in counts.problems],
        }
    return SyncReport(
        source=source,
        format=fmt,
        since=since,
        cursor=batch.cursor,
        read=counts.read,
        added=counts.added,
        unchanged=counts.unchanged,
        skipped=counts.skipped,
        errors=counts.errors,
        ignored=batch.ignored,
        people_added=counts.people_added,
        pages=batch.pages,
        complete=batch.complete,
        problems=[{"kind": k, "where": w, "why": y} for k, w, y in counts.problems],
    )


def sync_configured(ws: Workspace, *, full: bool = False) -> list[dict[str, Any]]:
    """Sync every configured network that can list notifications (Mastodon, Bluesky).

    A network without a usable ``[connectors.*]`` section is reported with the
    reason instead; a fetch error is reported for that network (with
    ``retry_after`` when the server said when to come back) and the others
    still sync. New messages feed the follow-through tasks, as after an import.
    """
    from warmly.connectors.registry import build_connectors
    from warmly.followthrough.sync import sync_tasks

    out: list[dict[str, Any]] = []
    for platform, conn in sorted(build_connectors(ws.settings).items()):
        if platform not in ("mastodon", "bluesky"):
            continue
        if not hasattr(conn, "fetch_notifications"):
            why = getattr(conn, "reason", None) or "not configured"
            if platform in ws.settings.connectors:
                # Configured but unusable (its secret's variable unset in a cron job's
                # environment, say): a failure to notice, not a network left out.
                out.append(
                    {"platform": platform, "status": "failed", "message": why, "retry_after": None}
                )
            else:
                out.append({"platform": platform, "status": "skipped", "message": why})
            continue
        try:
            rep = sync_notifications(ws, conn, full=full)  # type: ignore[arg-type]
        except ConnectorError as exc:
            out.append(_failed(ws, platform, exc))
            continue
        finally:
            close = getattr(conn, "close", None)
            if close is not None:
                close()
        out.append({"platform": platform, "status": "ok", **rep.as_dict()})
    if any(r.get("added") for r in out):
        sync_tasks(ws)  # a question that came in by DM is a task like an imported one
    return out


def _failed(ws: Workspace, platform: str, exc: ConnectorError) -> dict[str, Any]:
    """A failed network's row; a 429 or 503 says when to try again (in the user's zone)."""
    message, when = str(exc), exc.retry_after
    if when is not None:
        local = when.astimezone(ws.settings.profile.zone())
        message += f"; try again after {local:%Y-%m-%d %H:%M %Z}"
    return {
        "platform": platform,
        "status": "failed",
        "message": message,
        "retry_after": when.isoformat() if when is not None else None,
    }
