"""The pacing governor: is this action safe now, and if not, from when (or never)?

Its state is derived from the ledger (a :class:`~warmly.pacing.ledger.LedgerView`),
never kept in memory, so a restart or a second process loses nothing. Windows are
sliding: at most ``count`` in any (t − per, t]. When a window is full, the slot frees
when the ``count``-th newest action leaves it. Adaptive rules (pending invitations,
acceptance rate, bounces and complaints, a platform's 429) tighten the policy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar, cast

from warmly.pacing.hours import day_window, jitter, next_open
from warmly.pacing.ledger import LedgerView
from warmly.pacing.policy import ActionPolicy, Policies

RATE_LIMIT_HORIZON = timedelta(days=2)  # a platform's reset is never further away (X: 24 h)
PENDING_RECHECK = timedelta(hours=1)  # pending invitations fall as answers arrive
CLOSE_SIGNALS = ("invite_accepted", "invite_withdrawn")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Decision:
    """allowed; or not before ``not_before``; or ``never`` — with the rule that decided."""

    allowed: bool
    not_before: datetime | None = None
    never: bool = False
    rule: str = ""
    reasons: list[str] = field(default_factory=list)
    source: str = ""


@dataclass(frozen=True, slots=True)
class _Block:
    at: datetime
    rule: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class WindowUse:
    """One window's state at a time, for ``warmly limits``."""

    rule: str
    used: int
    limit: int
    per: str
    source: str


@dataclass
class SlowCache:
    """Adaptive inputs (factors over 30-60 days, pending invitations) per (platform, kind),
    reused for ``ttl`` of ledger time. Windows, spacing and 429 resets are never cached.

    Safe because these inputs move slowly: within 60 s at most one more invitation can
    be sent (spacing ≥ 120 s), far inside the 50 between ``stop_at`` and the cap.
    """

    ttl: timedelta = timedelta(seconds=60)
    data: dict[tuple[str, str, str], tuple[datetime, Any]] = field(default_factory=dict)

    def get(self, key: tuple[str, str, str], t: datetime, compute: Callable[[], T]) -> T:
        hit = self.data.get(key)
        if hit is not None and abs(t - hit[0]) < self.ttl:
            return cast(T, hit[1])
        value = compute()
        self.data[key] = (t, value)
        return value


class Governor:
    """Answers :meth:`decide` from ``policies`` and the ledger ``view``.

    Pass a shared :class:`SlowCache` to reuse the slow adaptive inputs across
    decisions in one process (the claim does, per engine).
    """

    def __init__(
        self, policies: Policies, view: LedgerView, cache: SlowCache | None = None
    ) -> None:
        self.policies = policies
        self.view = view
        self.tz = policies.zone()
        self.cache = cache

    # -- factors ---------------------------------------------------------------------

    def factor(
        self, platform: str, kind: str, pol: ActionPolicy, t: datetime
    ) -> tuple[float, list[str]]:
        """Ramp-up × adaptive slow-downs, with the reasons for each one below 1."""
        if self.cache is not None:
            key = ("factor", platform, kind)
            return self.cache.get(key, t, lambda: self._factor(platform, kind, pol, t))
        return self._factor(platform, kind, pol, t)

    def _factor(
        self, platform: str, kind: str, pol: ActionPolicy, t: datetime
    ) -> tuple[float, list[str]]:
        f, why = 1.0, []
        if pol.ramp_up is not None:
            created = self.policies.platforms[platform].account_created
            origin = (
                datetime.combine(created, time(0), tzinfo=UTC)
                if created
                else self.view.first_attempt(platform, kind) or t
            )
            age = max(0.0, (t - origin).total_seconds() / 86400)
            r = pol.ramp_up
            if age < r.days:
                f *= r.start_factor + (1 - r.start_factor) * age / r.days
                if created:
                    why.append(f"ramp-up: account day {age:.0f} of {r.days:g} ({r.source})")
                else:  # counted from warmly's first use: an older account need not wait
                    why.append(
                        f"ramp-up: day {age:.0f} of {r.days:g} since warmly's first {kind} "
                        f"({r.source}); set [pacing.{platform}] account_created if the "
                        "account is older"
                    )
        if pol.acceptance is not None:
            a = pol.acceptance
            n, ok = self.view.outcomes(
                platform,
                kind,
                ("invite_accepted",),
                t - timedelta(days=a.lookback_days),
                t - timedelta(days=a.age_days),
            )
            if n >= a.min_sample and ok / n < a.min_rate:
                f *= a.factor
                why.append(f"acceptance {ok}/{n} < {a.min_rate:.0%}: ×{a.factor:g} ({a.source})")
        if pol.reputation is not None:
            r2 = pol.reputation
            since = t - timedelta(days=r2.lookback_days)
            n, hits = self.view.outcome_counts(platform, kind, ("bounce", "complaint"), since, t)
            bounced, complained = hits.get("bounce", 0), hits.get("complaint", 0)
            if n >= r2.min_sample and (
                bounced / n > r2.bounce_max or complained / n > r2.complaint_max
            ):
                f *= r2.factor
                why.append(
                    f"bounces {bounced}/{n}, complaints {complained}/{n}: "
                    f"×{r2.factor:g} ({r2.source})"
                )
        return f, why

    @staticmethod
    def limit(count: int, f: float) -> int:
        """A window's count under factor ``f`` (never below 1 unless it was 0)."""
        return 0 if count == 0 else max(1, math.floor(count * f + 1e-9))

    def pending(self, platform: str, kind: str, pol: ActionPolicy, t: datetime) -> int:
        """Open invitations: sent and neither accepted nor withdrawn (nor expired).

        An imported ``invitations_pending`` count signal, when newer, is the base.
        """
        if self.cache is not None:
            key = ("pending", platform, kind)
            return self.cache.get(key, t, lambda: self._pending(platform, kind, pol, t))
        return self._pending(platform, kind, pol, t)

    def _pending(self, platform: str, kind: str, pol: ActionPolicy, t: datetime) -> int:
        assert pol.pending is not None
        since = t - timedelta(days=pol.pending.expire_days)
        base = self.view.last_signal(platform, "invitations_pending", since)
        if base is not None and base[2] is not None:
            at = base[0]
            sent = self.view.count(platform, (kind,), at)
            return max(0, base[2] + sent - self.view.signals_since(platform, CLOSE_SIGNALS, at))
        n, closed = self.view.outcomes(
            platform, kind, CLOSE_SIGNALS, since, t + timedelta(days=3650)
        )
        return n - closed

    # -- the decision ----------------------------------------------------------------

    def decide(self, platform: str, action: str, t: datetime) -> Decision:
        """May ``action`` happen on ``platform`` at ``t``? See :class:`Decision`."""
        kind = self.policies.kind(action)
        rule = f"{platform}.{kind}"
        pol = self.policies.action(platform, action)
        if pol is None:
            return Decision(False, never=True, rule=rule, reasons=[f"no pacing policy for {rule}"])
        if not pol.allowed:
            return Decision(False, never=True, rule=rule, reasons=[pol.source], source=pol.source)
        f, why = self.factor(platform, kind, pol, t)
        blocks: list[_Block] = []
        until = self.view.max_until(platform, "rate_limited", t - RATE_LIMIT_HORIZON)
        if until is not None and until > t:
            blocks.append(
                _Block(
                    until,
                    f"{platform}.rate_limited",
                    f"{platform} said to wait until {until:%Y-%m-%d %H:%M} UTC",
                    "the platform's 429 / rate-limit reset headers",
                )
            )
        if pol.pending is not None:
            n = self.pending(platform, kind, pol, t)
            if n >= pol.pending.stop_at:
                blocks.append(
                    _Block(
                        t + PENDING_RECHECK,
                        f"{rule}.pending",
                        f"{n} invitations pending ≥ {pol.pending.stop_at} (withdraw old ones)",
                        pol.pending.source,
                    )
                )
        used: list[str] = []
        for i, w in enumerate(pol.windows):
            lim, length = self.limit(w.count, f), w.length
            wrule = f"{rule}.windows[{i}] {lim}/{w.per}"
            if lim == 0:
                return Decision(False, never=True, rule=wrule, reasons=[w.source], source=w.source)
            x = self.view.nth_newest(platform, w.kinds or (kind,), lim, t - length)
            if x is not None:
                blocks.append(_Block(x + length, wrule, f"{lim} in {w.per} used", w.source))
            else:
                used.append(f"under {lim}/{w.per}")
        gap = (pol.spacing_s + pol.jitter_s) / f
        if gap > 0:
            last = self.view.nth_newest(platform, (kind,), 1, t - timedelta(seconds=gap))
            if last is not None:
                j = jitter(pol.jitter_s, platform, kind, last.isoformat())
                at = last + timedelta(seconds=(pol.spacing_s + j) / f)
                if at > t:
                    blocks.append(
                        _Block(
                            at,
                            f"{rule}.spacing",
                            f"{(pol.spacing_s + j) / f:.0f} s after the previous one",
                            pol.source,
                        )
                    )
        hours = self.policies.hours(platform, kind)
        earliest = max([t, *(b.at for b in blocks)])
        start = next_open(earliest, hours, self.tz)
        if start > earliest or (not blocks and start > t):
            blocks.append(
                _Block(
                    start,
                    f"{rule}.working_hours",
                    "outside working hours",
                    "working hours (policies.toml)",
                )
            )
        if not blocks:
            return Decision(True, rule=rule, reasons=why + used, source=pol.source)
        binding = max(blocks, key=lambda b: b.at)
        return Decision(
            False,
            not_before=max(start, binding.at),
            rule=binding.rule,
            reasons=why + [b.reason for b in blocks],
            source=binding.source,
        )

    # -- headroom and reporting --------------------------------------------------------

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        """How many more may happen on local ``day`` (estimated at the end of its hours)."""
        kind = self.policies.kind(action)
        pol = self.policies.action(platform, action)
        if pol is None or not pol.allowed:
            return 0
        a, b = day_window(day, self.policies.hours(platform, kind), self.tz)
        ref = b
        f, _ = self.factor(platform, kind, pol, ref)
        until = self.view.max_until(platform, "rate_limited", ref - RATE_LIMIT_HORIZON)
        if until is not None and until >= b:
            return 0
        span = (b - a).total_seconds()
        best: int | None = None
        for w in pol.windows:
            lim, length = self.limit(w.count, f), w.length
            if length.total_seconds() >= span:
                left = lim - self.view.count(platform, w.kinds or (kind,), ref - length)
            else:
                left = lim * math.ceil(span / length.total_seconds())
            best = left if best is None else min(best, left)
        gap = pol.spacing_s / f
        if gap > 0:
            n = int(span // gap) + 1
            best = n if best is None else min(best, n)
        if pol.pending is not None:
            left = pol.pending.stop_at - self.pending(platform, kind, pol, ref)
            best = left if best is None else min(best, left)
        return None if best is None else max(0, best)

    def usage(self, platform: str, action: str, t: datetime) -> list[WindowUse]:
        """Used / limit for each window of the policy at ``t``."""
        kind = self.policies.kind(action)
        pol = self.policies.action(platform, action)
        if pol is None or not pol.allowed:
            return []
        f, _ = self.factor(platform, kind, pol, t)
        return [
            WindowUse(
                f"{platform}.{kind}.windows[{i}]",
                self.view.count(platform, w.kinds or (kind,), t - w.length),
                self.limit(w.count, f),
                w.per,
                w.source,
            )
            for i, w in enumerate(pol.windows)
        ]
