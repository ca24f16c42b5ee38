"""Simulation invariants on a short run: no window ever broken, capacity used, pending low."""

from __future__ import annotations

import pytest

from warmly.pacing.simulate import simulate


@pytest.mark.parametrize(("runner", "days"), [("fast", 30), ("outbox", 1)])
def test_eager_user_stays_safe(runner: str, days: int) -> None:
    rep = simulate(days, "eager", seed=1, runner=runner)
    assert rep.violations and not {r: n for r, n in rep.violations.items() if n}
    assert rep.capacity_used >= 0.95
    assert rep.max_pending_invitations <= 500
    assert rep.near_duplicates_sent == 0
    # the user wanted far more than was sent: the governor held the line
    assert rep.wanted["linkedin.invite"] > 2 * rep.sent["linkedin.invite"]
    assert rep.sent["x.thank"] <= 25 * days
