"""The SQL view answers exactly like the in-memory one, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from warmly.pacing import Governor, MemoryView, SqlView, load_policies
from warmly.store.models_outbox import Action, PlatformSignal

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_sql_and_memory_views_agree(workspace) -> None:
    pol = load_policies({"linkedin": {"account_created": "2020-01-01"}})
    rng = random.Random(7)
    mem = MemoryView()
    with Session(workspace.engine) as s, s.begin():
        for i in range(300):
            kind = rng.choice(["invite", "message", "thank", "email"])
            platform = "email" if kind == "email" else "linkedin"
            at = T0 - timedelta(minutes=rng.randint(0, 60 * 24 * 40))
            state = rng.choice(["sent", "sent", "sending", "failed", "approved"])
            s.add(
                Action(
                    id=i + 1,
                    key=f"k{i}",
                    platform=platform,
                    kind=kind,
                    state=state,
                    attempted_at=at,
                    created_at=at,
                    guard_reasons=[],
                    attempts=1,
                )
            )
            if state != "failed":
                mem.record(platform, kind, at, action_id=i + 1)
            if kind == "invite" and rng.random() < 0.3:
                sig = rng.choice(["invite_accepted", "invite_withdrawn"])
                s.add(
                    PlatformSignal(
                        platform="linkedin",
                        kind=sig,
                        at=at + timedelta(days=1),
                        action_id=i + 1,
                        details={},
                    )
                )
                mem.signal("linkedin", sig, at + timedelta(days=1), action_id=i + 1)
            if kind == "email" and rng.random() < 0.1:
                s.add(
                    PlatformSignal(
                        platform="email",
                        kind="bounce",
                        at=at + timedelta(minutes=5),
                        action_id=i + 1,
                        details={},
                    )
                )
                mem.signal("email", "bounce", at + timedelta(minutes=5), action_id=i + 1)
        s.add(
            PlatformSignal(
                platform="email",
                kind="rate_limited",
                at=T0 - timedelta(hours=1),
                until=T0 + timedelta(minutes=5),
                details={},
            )
        )
        mem.signal(
            "email", "rate_limited", T0 - timedelta(hours=1), until=T0 + timedelta(minutes=5)
        )
    with workspace.engine.connect() as conn:
        sql = Governor(pol, SqlView(conn))
        ram = Governor(pol, mem)
        for minutes in range(-600, 600, 37):
            t = T0 + timedelta(minutes=minutes)
            for platform, kind in [
                ("linkedin", "invite"),
                ("linkedin", "message"),
                ("linkedin", "thank"),
                ("email", "email"),
            ]:
                assert sql.decide(platform, kind, t) == ram.decide(platform, kind, t)
                assert sql.remaining(platform, kind, t.date()) == ram.remaining(
                    platform, kind, t.date()
                )
            assert sql.pending(
                "linkedin", "invite", pol.action("linkedin", "invite"), t
            ) == ram.pending(  # type: ignore[arg-type]
                "linkedin", "invite", pol.action("linkedin", "invite"), t
            )  # type: ignore[arg-type]
