"""A dispatch worker run in a child process (crash tests, concurrency tests).

``python -m tests.outbox.worker URL REMOTE_FILE COUNT PER STEPS STEP_MIN WORKER_ID``
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from tests.outbox.helpers import T0, FileConnector, email_policies
from warmly.outbox import dispatch
from warmly.pacing import Governor, MemoryView
from warmly.store.session import make_engine


def run(url: str, remote: str, count: int, per: str, steps: int, step_min: float, wid: str) -> int:
    """Dispatch at ``steps`` clock ticks; returns how many this worker sent."""
    engine = make_engine(url)
    pol = email_policies(count=count, per=per)
    conn = {"email": FileConnector(Path(remote))}
    sent = 0
    try:
        for i in range(steps):
            now = T0 + timedelta(minutes=step_min * i)
            sent += len(dispatch(engine, conn, Governor(pol, MemoryView()), now, wid).sent)
    finally:
        engine.dispose()
    return sent


if __name__ == "__main__":
    a = sys.argv[1:]
    print(run(a[0], a[1], int(a[2]), a[3], int(a[4]), float(a[5]), a[6]))
