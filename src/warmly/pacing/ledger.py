"""What the governor reads: counts over the action ledger and platform signals.

Two views with the same semantics: :class:`SqlView` (bounded, indexed queries on
``actions(platform, kind, attempted_at)`` and ``platform_signals(platform, kind, at)``)
and :class:`MemoryView` (for tests and simulations). An action *counts* from the
moment it is attempted unless it definitely did not happen: states ``approved``
(an assisted action shown to the user, or an auto action waiting to retry),
``sending`` and ``sent`` with ``attempted_at`` set; ``failed``/``cancelled`` do not.
Counts have no upper time bound, so an action stamped slightly in the future by
another worker's clock is still counted.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Integer, and_, bindparam, func, select
from sqlalchemy.engine import Connection

from warmly.store.models_outbox import Action, PlatformSignal
from warmly.store.types import UTCDateTime

COUNTED_STATES: tuple[str, ...] = ("approved", "sending", "sent")

_A = Action.__table__.c
_S = PlatformSignal.__table__.c


class LedgerView(Protocol):
    """Read-only questions the governor asks about the past."""

    def count(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        """Counted actions with ``attempted_at > since``."""
        ...

    def nth_newest(
        self, platform: str, kinds: Sequence[str], n: int, since: datetime
    ) -> datetime | None:
        """The ``n``-th newest counted ``attempted_at`` after ``since`` (1 = newest)."""
        ...

    def first_attempt(self, platform: str, kind: str) -> datetime | None: ...

    def outcomes(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, int]:
        """(actions attempted in (since, until], how many of them got one of ``signals``)."""
        ...

    def outcome_counts(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, dict[str, int]]:
        """Like ``outcomes`` with the hits per signal kind."""
        ...

    def last_signal(
        self, platform: str, kind: str, since: datetime
    ) -> tuple[datetime, datetime | None, int | None] | None:
        """The newest signal of ``kind`` after ``since`` as (at, until, value)."""
        ...

    def signals_since(self, platform: str, kinds: Sequence[str], since: datetime) -> int: ...

    def max_until(self, platform: str, kind: str, since: datetime) -> datetime | None:
        """The latest ``until`` of signals of ``kind`` recorded after ``since``."""
        ...


def _counted(until: bool = False) -> list[Any]:
    out = [
        _A.platform == bindparam("p"),
        _A.kind.in_(bindparam("kinds", expanding=True)),
        _A.attempted_at > bindparam("since", type_=UTCDateTime()),
        _A.state.in_(COUNTED_STATES),
    ]
    if until:
        out.append(_A.attempted_at <= bindparam("until", type_=UTCDateTime()))
    return out


# Built once: per call only the parameters change, so SQLAlchemy reuses the compiled SQL.
_COUNT = select(func.count()).where(*_counted())
_NTH = (
    select(_A.attempted_at)
    .where(*_counted())
    .order_by(_A.attempted_at.desc())
    .limit(1)
    .offset(bindparam("off", type_=Integer))
)
_FIRST = select(func.min(_A.attempted_at)).where(
    _A.platform == bindparam("p"), _A.kind == bindparam("k")
)
_OUT_N = select(func.count()).where(*_counted(until=True))
# Signals come after their action, so the signal range is bounded by ``since`` too.
_OUT_HIT = (
    select(_S.kind, func.count(func.distinct(_S.action_id)))
    .select_from(
        PlatformSignal.__table__.join(
            Action.__table__, and_(_S.action_id == _A.id, *_counted(True))
        )
    )
    .where(
        _S.platform == bindparam("p"),
        _S.kind.in_(bindparam("sk", expanding=True)),
        _S.at > bindparam("since", type_=UTCDateTime()),
    )
    .group_by(_S.kind)
)
_SIG_WHERE = [_S.platform == bindparam("p"), _S.at > bindparam("since", type_=UTCDateTime())]
_LAST_SIG = (
    select(_S.at, _S.until, _S.value)
    .where(*_SIG_WHERE, _S.kind == bindparam("k"))
    .order_by(_S.at.desc())
    .limit(1)
)
_SIG_COUNT = select(func.count()).where(*_SIG_WHERE, _S.kind.in_(bindparam("sk", expanding=True)))
_MAX_UNTIL = select(func.max(_S.until)).where(*_SIG_WHERE, _S.kind == bindparam("k"))


@dataclass
class SqlView:
    """The ledger through one connection (inside the claim's transaction when locking)."""

    conn: Connection

    def count(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        args = {"p": platform, "kinds": list(kinds), "since": since}
        return int(self.conn.execute(_COUNT, args).scalar_one())

    def nth_newest(
        self, platform: str, kinds: Sequence[str], n: int, since: datetime
    ) -> datetime | None:
        args = {"p": platform, "kinds": list(kinds), "since": since, "off": n - 1}
        return self.conn.execute(_NTH, args).scalar()

    def first_attempt(self, platform: str, kind: str) -> datetime | None:
        return self.conn.execute(_FIRST, {"p": platform, "k": kind}).scalar()

    def outcomes(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, int]:
        n, hits = self.outcome_counts(platform, kind, signals, since, until)
        return n, sum(hits.values())

    def outcome_counts(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, dict[str, int]]:
        """Like :meth:`outcomes`, with the hits per signal kind (one query for several)."""
        args = {"p": platform, "kinds": [kind], "since": since, "until": until}
        n = int(self.conn.execute(_OUT_N, args).scalar_one())
        if n == 0:
            return 0, {}
        rows = self.conn.execute(_OUT_HIT, {**args, "sk": list(signals)}).all()
        return n, {k: int(c) for k, c in rows}

    def last_signal(
        self, platform: str, kind: str, since: datetime
    ) -> tuple[datetime, datetime | None, int | None] | None:
        row = self.conn.execute(_LAST_SIG, {"p": platform, "k": kind, "since": since}).first()
        return None if row is None else (row[0], row[1], row[2])

    def signals_since(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        args = {"p": platform, "sk": list(kinds), "since": since}
        return int(self.conn.execute(_SIG_COUNT, args).scalar_one())

    def max_until(self, platform: str, kind: str, since: datetime) -> datetime | None:
        return self.conn.execute(_MAX_UNTIL, {"p": platform, "k": kind, "since": since}).scalar()


class _Fenwick:
    """Prefix sums with O(log n) point updates: signal hits per action position."""

    def __init__(self) -> None:
        self.tree: list[int] = [0]

    def grow(self) -> None:
        n = len(self.tree)  # new 1-based index n; its node covers (n - lowbit(n), n]
        low = n & -n
        self.tree.append(self.prefix(n - 1) - self.prefix(n - low))

    def add(self, pos: int) -> None:
        i = pos + 1
        while i < len(self.tree):
            self.tree[i] += 1
            i += i & -i

    def prefix(self, n: int) -> int:
        """Sum of positions [0, n)."""
        total = 0
        while n > 0:
            total += self.tree[n]
            n -= n & -n
        return total


@dataclass
class _Series:
    times: list[datetime] = field(default_factory=list)
    ids: list[int | None] = field(default_factory=list)
    hits: dict[str, _Fenwick] = field(default_factory=dict)


@dataclass
class MemoryView:
    """An in-memory ledger with the same answers; ``record``/``signal`` append to it.

    Actions should be recorded in time order (as a clock produces them); then every
    question is a binary search or a Fenwick-tree prefix sum, fast enough for a
    simulated year.
    """

    series: dict[tuple[str, str], _Series] = field(default_factory=dict)
    where: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    signals: dict[tuple[str, str], list[tuple[datetime, datetime | None, int | None]]] = field(
        default_factory=dict
    )
    seen: set[tuple[int, str]] = field(default_factory=set)

    def record(self, platform: str, kind: str, at: datetime, action_id: int | None = None) -> None:
        ser = self.series.setdefault((platform, kind), _Series())
        if ser.times and at < ser.times[-1]:  # out of order (tests): insert and rebuild
            pos = bisect.bisect_right(ser.times, at)
            ser.times.insert(pos, at)
            ser.ids.insert(pos, action_id)
            self._rebuild(platform, kind, ser)
            return
        ser.times.append(at)
        ser.ids.append(action_id)
        for fw in ser.hits.values():
            fw.grow()
        if action_id is not None:
            self.where[action_id] = (platform, kind, len(ser.times) - 1)

    def _rebuild(self, platform: str, kind: str, ser: _Series) -> None:
        ser.hits = {}
        for pos, aid in enumerate(ser.ids):
            if aid is not None:
                self.where[aid] = (platform, kind, pos)
        for aid, sk in self.seen:
            if aid in self.where and self.where[aid][:2] == (platform, kind):
                self._hit(ser, sk, self.where[aid][2])

    @staticmethod
    def _hit(ser: _Series, kind: str, pos: int) -> None:
        if kind not in ser.hits:
            fw = ser.hits[kind] = _Fenwick()
            for _ in ser.times:
                fw.grow()
        ser.hits[kind].add(pos)

    def signal(
        self,
        platform: str,
        kind: str,
        at: datetime,
        *,
        until: datetime | None = None,
        value: int | None = None,
        action_id: int | None = None,
    ) -> None:
        sigs = self.signals.setdefault((platform, kind), [])
        bisect.insort(sigs, (at, until, value), key=lambda s: s[0])
        if action_id is not None and action_id in self.where and (action_id, kind) not in self.seen:
            self.seen.add((action_id, kind))
            p, k, pos = self.where[action_id]
            self._hit(self.series[(p, k)], kind, pos)

    def _after(self, platform: str, kinds: Sequence[str], since: datetime) -> list[datetime]:
        out: list[datetime] = []
        for k in kinds:
            ts = self.series[(platform, k)].times if (platform, k) in self.series else []
            out.extend(ts[bisect.bisect_right(ts, since) :])
        return out if len(kinds) == 1 else sorted(out)

    def count(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        total = 0
        for k in kinds:
            ts = self.series[(platform, k)].times if (platform, k) in self.series else []
            total += len(ts) - bisect.bisect_right(ts, since)
        return total

    def nth_newest(
        self, platform: str, kinds: Sequence[str], n: int, since: datetime
    ) -> datetime | None:
        ts = self._after(platform, kinds, since)
        return ts[-n] if len(ts) >= n else None

    def first_attempt(self, platform: str, kind: str) -> datetime | None:
        ser = self.series.get((platform, kind))
        return ser.times[0] if ser and ser.times else None

    def _range(self, platform: str, kind: str, since: datetime, until: datetime) -> tuple[int, int]:
        ts = self.series[(platform, kind)].times if (platform, kind) in self.series else []
        return bisect.bisect_right(ts, since), bisect.bisect_right(ts, until)

    def outcome_counts(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, dict[str, int]]:
        a, b = self._range(platform, kind, since, until)
        ser = self.series.get((platform, kind))
        hits: dict[str, int] = {}
        for sk in signals:
            fw = ser.hits.get(sk) if ser else None
            if fw is not None and b > a:
                n = fw.prefix(b) - fw.prefix(a)
                if n:
                    hits[sk] = n
        return b - a, hits

    def outcomes(
        self, platform: str, kind: str, signals: Sequence[str], since: datetime, until: datetime
    ) -> tuple[int, int]:
        n, hits = self.outcome_counts(platform, kind, signals, since, until)
        return n, sum(hits.values())  # distinct when an action gets one of these kinds

    def _sigs(
        self, platform: str, kind: str, since: datetime
    ) -> list[tuple[datetime, datetime | None, int | None]]:
        sigs = self.signals.get((platform, kind), [])
        return sigs[bisect.bisect_right(sigs, since, key=lambda s: s[0]) :]

    def last_signal(
        self, platform: str, kind: str, since: datetime
    ) -> tuple[datetime, datetime | None, int | None] | None:
        got = self._sigs(platform, kind, since)
        return got[-1] if got else None

    def signals_since(self, platform: str, kinds: Sequence[str], since: datetime) -> int:
        return sum(len(self._sigs(platform, k, since)) for k in kinds)

    def max_until(self, platform: str, kind: str, since: datetime) -> datetime | None:
        us = [u for _, u, _ in self._sigs(platform, kind, since) if u is not None]
        return max(us) if us else None
