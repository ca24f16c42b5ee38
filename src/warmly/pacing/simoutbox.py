"""The full runner: every action goes through ``approve`` and ``dispatch`` (claims, locks,
connectors, confirmation). Slower (a few seconds a simulated day) but it exercises
the whole outbox; the fast runner covers a year."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.outbox import approve, confirm, create_action, dispatch
from warmly.pacing.governor import Governor
from warmly.pacing.headroom import GovernorHeadroom, queued
from warmly.pacing.ledger import MemoryView, SqlView
from warmly.pacing.simrun import START, BaseRun
from warmly.pacing.simworld import draft
from warmly.store.models_outbox import Action, PlatformSignal


class OutboxRun(BaseRun):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.gov = Governor(self.pol, MemoryView())  # only its policies: claims re-decide
        self.hints: dict[str, datetime] = {}

    def day(self, d: int) -> None:
        start = START + timedelta(days=d)
        self.demand(d)
        self._withdraw(start)
        with self.engine.connect() as conn:
            room = GovernorHeadroom(Governor(self.pol, SqlView(conn)), queued(conn))
            chosen = self.choose(room, start)
        with Session(self.engine) as s, s.begin():
            for c in chosen:
                name = f"{self.rng.choice(self.names)} {c.people[0]}"
                a = create_action(
                    s,
                    key=c.key,
                    platform=c.platform,
                    kind=c.action,
                    now=start,
                    policies=self.pol,
                    recipient=name,
                    text=draft(self.rng, name),
                )
                approve(s, a, policies=self.pol, now=start)
        self._clock(start, start + timedelta(days=1))
        self.note_pending(start + timedelta(hours=23))

    def _clock(self, now: datetime, end: datetime) -> None:
        while now < end:
            for p in self.plats.values():
                p.clock = now
            self._signals(now)
            rep = dispatch(self.engine, self.plats, self.gov, now, "sim", hints=self.hints)
            done = list(rep.sent)
            if rep.assisted:  # the simulated user does it at once and confirms
                with Session(self.engine) as s, s.begin():
                    for aid, _link, _text in rep.assisted:
                        confirm(s, aid, now)
                        done.append(aid)
            if done:
                with self.engine.connect() as conn:
                    rows = conn.execute(
                        select(Action.id, Action.platform, Action.kind).where(Action.id.in_(done))
                    ).all()
                for aid, platform, kind in rows:
                    self.plats[platform].after(kind, aid, now)
                    if kind == "invite":
                        self.open_invites[aid] = now
            times = [
                t
                for t in (rep.next_wakeup, *(p.next_event() for p in self.plats.values()))
                if t is not None
            ]
            now = min(end, max(min(times, default=end), now + timedelta(seconds=1)))

    def _signals(self, now: datetime) -> None:
        due = [e for p in self.plats.values() for e in p.due(now)]
        if due:
            with Session(self.engine) as s, s.begin():
                for e in due:
                    s.add(
                        PlatformSignal(
                            platform=e.platform,
                            kind=e.kind,
                            at=e.at,
                            action_id=e.action_id,
                            details={},
                        )
                    )
                    self.open_invites.pop(e.action_id, None)

    def _withdraw(self, now: datetime) -> None:
        old = self.stale_invites(now)
        if old:
            with Session(self.engine) as s, s.begin():
                for aid in old:
                    s.add(
                        PlatformSignal(
                            platform="linkedin",
                            kind="invite_withdrawn",
                            at=now,
                            action_id=aid,
                            details={},
                        )
                    )
