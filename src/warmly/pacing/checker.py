"""An independent replay of what was sent against the policy windows.

It shares nothing with the governor but the policy data: given the attempted
actions, it counts for each action of a kind, in every window of that kind's
policy, the actions in (x − per, x] and reports any count above the limit, and any
gap below ``spacing_s``. Used by the simulation, the concurrency test and bench.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import UTC, datetime, time
from itertools import pairwise

from warmly.pacing.policy import Policies


def _ramp(policies: Policies, platform: str, kind: str, x: datetime) -> float:
    pol = policies.platforms[platform].actions[kind]
    created = policies.platforms[platform].account_created
    if pol.ramp_up is None or created is None:
        return 1.0
    age = (x - datetime.combine(created, time(0), tzinfo=UTC)).total_seconds() / 86400
    r = pol.ramp_up
    return 1.0 if age >= r.days else r.start_factor + (1 - r.start_factor) * max(0.0, age) / r.days


def check(
    sent: Iterable[tuple[str, str, datetime]], policies: Policies, *, spacing: bool = True
) -> dict[str, int]:
    """Violations per rule (``platform.kind.windows[i]`` / ``.spacing``); every policy
    appears, so an all-zero dict means every window held."""
    times: dict[tuple[str, str], list[datetime]] = {}
    for platform, kind, at in sent:
        times.setdefault((platform, kind), []).append(at)
    for ts in times.values():
        ts.sort()
    out: dict[str, int] = {}
    for platform, kind in policies.pairs():
        pol = policies.platforms[platform].actions[kind]
        own = times.get((platform, kind), [])
        for i, w in enumerate(pol.windows):
            rule = f"{platform}.{kind}.windows[{i}]"
            pool = sorted(t for k in (w.kinds or (kind,)) for t in times.get((platform, k), []))
            bad = 0
            for x in own:
                n = bisect.bisect_right(pool, x) - bisect.bisect_right(pool, x - w.length)
                limit = max(1, int(w.count * _ramp(policies, platform, kind, x) + 1e-9))
                bad += n > limit
            out[rule] = bad
        if spacing and pol.spacing_s > 0:
            gaps = [(b - a).total_seconds() for a, b in pairwise(own)]
            out[f"{platform}.{kind}.spacing"] = sum(g < pol.spacing_s - 1e-6 for g in gaps)
    return out
