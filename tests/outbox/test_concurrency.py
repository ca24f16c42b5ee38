"""Several processes dispatching together never exceed a limit nor send twice."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.outbox.helpers import FileConnector, add_approved, email_policies
from tests.outbox.worker import run
from warmly.pacing.checker import check
from warmly.store.models_outbox import Action

WORKERS = 6


def test_workers_together_stay_within_the_window(workspace, tmp_path: Path) -> None:
    pol = email_policies(count=20, per="1h")
    add_approved(workspace.engine, pol, 100)
    workspace.engine.dispose()  # children open their own connections
    remote = tmp_path / "remote.txt"
    args = [
        (workspace.database_url, str(remote), 20, "1h", 8, 10.0, f"w{i}") for i in range(WORKERS)
    ]
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        per_worker = pool.starmap(run, args)
    delivered = FileConnector(remote).delivered()
    assert len(delivered) == len(set(delivered)) == sum(per_worker)  # no duplicate send
    assert 20 <= len(delivered) <= 40  # two windows' worth at most (ticks 0 and 60 min)
    with Session(workspace.engine) as s:
        rows = s.execute(
            select(Action.platform, Action.kind, Action.attempted_at).where(Action.state == "sent")
        ).all()
        claimed_by = set(s.scalars(select(Action.claimed_by).where(Action.state == "sent")))
    assert len(rows) == len(delivered)
    assert check([(p, k, t) for p, k, t in rows], pol)["email.email.windows[0]"] == 0
    assert len(claimed_by) > 1  # the work really was shared
