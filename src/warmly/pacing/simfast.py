"""The fast runner: the real governor over an in-memory mirror of the ledger.

Every decision is :meth:`Governor.decide` on a :class:`MemoryView` that receives
exactly what is written to the database (tested equal to the SQL view); each
evening the day's actions and signals are bulk-written to the workspace, where the
report and the checker read them. Fast enough for a year in well under a minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from warmly.pacing.governor import PENDING_RECHECK, Governor
from warmly.pacing.headroom import GovernorHeadroom
from warmly.pacing.ledger import MemoryView
from warmly.pacing.simrun import START, BaseRun
from warmly.pacing.simworld import Pair, draft
from warmly.store.models_outbox import Action, PlatformSignal


class FastRun(BaseRun):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.mem = MemoryView()
        self.gov = Governor(self.pol, self.mem)
        self.queue: dict[Pair, list[tuple[int, str, str, str, datetime]]] = {}
        self.hint: dict[Pair, datetime] = {}
        self.actions: list[dict[str, Any]] = []
        self.signals: list[dict[str, Any]] = []

    def _signal(
        self,
        platform: str,
        kind: str,
        at: datetime,
        *,
        until: datetime | None = None,
        action_id: int | None = None,
    ) -> None:
        self.mem.signal(platform, kind, at, until=until, action_id=action_id)
        self.signals.append(
            {
                "platform": platform,
                "kind": kind,
                "at": at,
                "until": until,
                "action_id": action_id,
                "value": None,
                "details": {},
            }
        )

    def day(self, d: int) -> None:
        start = START + timedelta(days=d)
        self.demand(d)
        for aid in self.stale_invites(start):
            self._signal("linkedin", "invite_withdrawn", start, action_id=aid)
        waiting = {k: len(q) for k, q in self.queue.items()}
        for c in self.choose(GovernorHeadroom(self.gov, waiting), start):
            name = f"{self.rng.choice(self.names)} {c.people[0]}"
            item = (c.people[0], c.key, name, draft(self.rng, name), start)
            self.queue.setdefault((c.platform, c.action), []).append(item)
        self._clock(start, start + timedelta(days=1))
        self._flush()
        self.note_pending(start + timedelta(hours=23))

    def _clock(self, now: datetime, end: datetime) -> None:
        while now < end:
            for p in self.plats.values():
                for e in p.due(now):
                    self._signal(e.platform, e.kind, e.at, action_id=e.action_id)
                    self.open_invites.pop(e.action_id, None)
            for pair, q in self.queue.items():
                while q and self.hint.get(pair, now) <= now:
                    self._try(pair, q, now)
            times = [self.hint.get(k, now) for k, q in self.queue.items() if q]
            times += [t for p in self.plats.values() if (t := p.next_event()) is not None]
            nxt = min([t for t in times if t > now], default=end)
            now = min(end, nxt)

    def _try(self, pair: Pair, q: list[tuple[int, str, str, str, datetime]], now: datetime) -> None:
        platform, kind = pair
        d = self.gov.decide(platform, kind, now)
        if not d.allowed:
            self.hint[pair] = d.not_before or now + PENDING_RECHECK
            return
        plat = self.plats[platform]
        if plat.mode == "auto" and plat.rng.random() < plat.throttle_rate:
            # A 429 with a reset: recorded as the outbox would, honoured by the governor.
            self._signal(platform, "rate_limited", now, until=now + timedelta(minutes=15))
            self.hint[pair] = now + timedelta(minutes=15)
            return
        aid, key, name, text, approved = q.pop(0)
        self.mem.record(platform, kind, now, aid)
        self.actions.append(
            {
                "id": aid,
                "key": key,
                "platform": platform,
                "kind": kind,
                "mode": plat.mode,
                "recipient": name,
                "text": text,
                "state": "sent",
                "guard_reasons": [],
                "attempts": 1,
                "created_at": approved,
                "approved_at": approved,
                "attempted_at": now,
                "sent_at": now,
            }
        )
        plat.after(kind, aid, now)
        if kind == "invite":
            self.open_invites[aid] = now

    def _flush(self) -> None:
        with self.engine.begin() as conn:
            if self.actions:
                conn.execute(insert(Action), self.actions)
            if self.signals:
                conn.execute(insert(PlatformSignal), self.signals)
        self.actions, self.signals = [], []
