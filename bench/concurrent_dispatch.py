"""8 workers on PostgreSQL dispatch 10,000 emails to a real SMTP server (aiosmtpd).

    pip install aiosmtpd==1.4.6
    python bench/concurrent_dispatch.py [--workers 8] [--actions 10000] [--limit 100 --per 5s]
        [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Creates a throw-away database, approves N email actions, starts an SMTP server in
this process, and runs W worker processes that each loop ``dispatch()`` on the wall
clock with the real SMTP connector (:class:`warmly.connectors.smtp.SmtpConnector`).
The policy is loose so the run is quick: ``--limit`` emails per ``--per`` sliding
window, no spacing. Then it reports, independently of the governor: window
violations (replaying the ledger with :func:`warmly.pacing.checker.check`),
duplicate sends (Message-IDs received twice by the server: the Message-ID is derived
from the action key), actions missing at the server, and throughput.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from warmly.connectors.smtp import SmtpConnector, message_id
from warmly.outbox import dispatch
from warmly.pacing import Governor, MemoryView, load_policies
from warmly.pacing.checker import check
from warmly.store.models_outbox import Action
from warmly.store.session import make_engine, migrate


class Inbox:
    """aiosmtpd handler: remembers every Message-ID it accepted."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.ids.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 OK"


def policies(limit: int, per: str) -> Any:
    return load_policies(
        {
            "email": {
                "working_hours": "",
                "email": {
                    "windows": [{"count": limit, "per": per, "source": "bench: loose on purpose"}],
                    "spacing_s": 0,
                    "jitter_s": 0,
                    "reputation": None,
                },
            }
        }
    )


def worker(url: str, port: int, limit: int, per: str, wid: str) -> int:
    engine = make_engine(url)
    pol = policies(limit, per)
    smtp = SmtpConnector("127.0.0.1", port, security="none", from_address="bench@example.org")
    gov = Governor(pol, MemoryView())
    hints: dict[str, datetime] = {}
    sent = 0
    while True:
        rep = dispatch(engine, {"email": smtp}, gov, datetime.now(UTC), wid, hints=hints)
        sent += len(rep.sent)
        with engine.connect() as conn:
            left = conn.execute(
                text("select count(*) from actions where state = 'approved'")
            ).scalar()
        if not left:
            break
        if not rep.sent:  # blocked: sleep until the window frees (at most 0.2 s)
            wake = rep.next_wakeup or datetime.now(UTC) + timedelta(seconds=0.05)
            time.sleep(min(0.2, max(0.005, (wake - datetime.now(UTC)).total_seconds())))
    engine.dispose()
    return sent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--actions", type=int, default=10_000)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--per", default="5s")
    args = ap.parse_args()
    name = f"warmly_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.admin_url).set(database=name).render_as_string(hide_password=False)
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        engine = make_engine(url)
        migrate(engine)
        now = datetime.now(UTC)
        rows = [
            {
                "key": f"bench-{i}",
                "platform": "email",
                "kind": "email",
                "mode": "auto",
                "recipient": f"r{i}@example.org",
                "subject": "hello",
                "text": f"message {i}",
                "state": "approved",
                "guard_reasons": [],
                "attempts": 0,
                "created_at": now,
                "approved_at": now,
            }
            for i in range(args.actions)
        ]
        with engine.begin() as conn:
            conn.execute(insert(Action), rows)
        t0 = time.perf_counter()
        wargs = [(url, port, args.limit, args.per, f"w{i}") for i in range(args.workers)]
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            per_worker = pool.starmap(worker, wargs)
        secs = time.perf_counter() - t0
        time.sleep(0.5)  # let the server finish its last DATA
        with engine.connect() as conn:
            ledger = conn.execute(
                select(Action.platform, Action.kind, Action.attempted_at, Action.key).where(
                    Action.state == "sent"
                )
            ).all()
        engine.dispose()
        got = Counter(inbox.ids)
        expected = {message_id(k) for *_, k in ledger}
        viol = check([(p, k, t) for p, k, t, _ in ledger], policies(args.limit, args.per))
        print(
            f"workers={args.workers} actions={args.actions} policy={args.limit}/{args.per} "
            f"time={secs:.1f}s throughput={len(ledger) / secs:.0f}/s"
        )
        print(f"sent per worker: {per_worker}")
        print(
            f"ledger sent={len(ledger)} smtp received={sum(got.values())} "
            f"distinct Message-IDs={len(got)}"
        )
        print(
            f"limit violations={sum(viol.values())} "
            f"duplicate sends={sum(n - 1 for n in got.values() if n > 1)} "
            f"missing at server={len(expected - set(got))} "
            f"unknown at server={len(set(got) - expected)}"
        )
    finally:
        ctl.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
