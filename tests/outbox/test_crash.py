"""Kill the sender at every step: nothing is sent twice, nothing approved is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.outbox.helpers import T0, FileConnector, add_approved, email_policies
from warmly.connectors.base import FakeConnector
from warmly.outbox import dispatch, recover
from warmly.outbox.crash import EXIT_CODE, POINTS
from warmly.pacing import Governor, MemoryView
from warmly.store.models_outbox import Action

REPO = Path(__file__).resolve().parents[2]


def _child(url: str, remote: Path, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("WARMLY_CRASH_AT", None)
    if crash_at:
        env["WARMLY_CRASH_AT"] = crash_at
    cmd = [
        sys.executable,
        "-m",
        "tests.outbox.worker",
        url,
        str(remote),
        "1000",
        "1h",
        "1",
        "0",
        "w",
    ]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)


def _states(engine: object) -> dict[str, str]:
    with Session(engine) as s:  # type: ignore[call-overload]
        return {a.key: a.state for a in s.scalars(select(Action))}


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_every_step(workspace, tmp_path: Path, point: str) -> None:
    pol = email_policies()
    add_approved(workspace.engine, pol, 3)
    remote = tmp_path / "remote.txt"
    url = workspace.database_url
    crashed = _child(url, remote, point)
    assert crashed.returncode == EXIT_CODE, crashed.stderr
    delivered = FileConnector(remote).delivered()
    assert len(delivered) <= 1 and len(set(delivered)) == len(delivered)
    # restart: resolve what was in flight, then send the rest
    conn = FileConnector(remote)
    rep = recover(
        workspace.engine, {"email": conn}, T0 + timedelta(minutes=1), older_than=timedelta(0)
    )
    assert rep.uncertain == []
    dispatch(workspace.engine, {"email": conn}, Governor(pol, MemoryView()), T0, "restarted")
    delivered = FileConnector(remote).delivered()
    assert sorted(delivered) == ["a-0", "a-1", "a-2"]  # each exactly once
    assert set(_states(workspace.engine).values()) == {"sent"}


def test_unknown_delivery_is_never_resent_blindly(workspace, tmp_path: Path) -> None:
    pol = email_policies()
    add_approved(workspace.engine, pol, 2)
    remote = tmp_path / "remote.txt"
    assert _child(workspace.database_url, remote, "after_send").returncode == EXIT_CODE
    blind = FakeConnector()  # cannot say whether a key was delivered
    rep = recover(
        workspace.engine, {"email": blind}, T0 + timedelta(hours=1), older_than=timedelta(0)
    )
    assert len(rep.uncertain) == 1
    dispatch(workspace.engine, {"email": blind}, Governor(pol, MemoryView()), T0, "w2")
    states = _states(workspace.engine)
    stuck = [k for k, st in states.items() if st == "sending"]
    assert len(stuck) == 1 and stuck[0] in FileConnector(remote).delivered()
    # the other one was sent; the uncertain one stays `sending` for the user to confirm
    assert [m.key for m in blind.sent] == [k for k in states if k not in stuck]
    assert sorted(states.values()) == ["sending", "sent"]


def test_recover_leaves_a_live_workers_send_alone(workspace, tmp_path: Path) -> None:
    pol = email_policies()
    add_approved(workspace.engine, pol, 1)
    assert _child(workspace.database_url, tmp_path / "r.txt", "after_claim").returncode == EXIT_CODE
    rep = recover(workspace.engine, {"email": FileConnector(tmp_path / "r.txt")}, T0)
    assert rep.sent == [] and rep.retrying == [] and _states(workspace.engine) == {"a-0": "sending"}
