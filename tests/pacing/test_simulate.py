"""Simulation invariants on a short run: no window ever broken, capacity used, pending low."""

from __future__ import annotations

import pytest

from warmly.errors import WarmlyError
from warmly.pacing.simulate import SimulationError, simulate


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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"profile": "bogus"}, "unknown profile 'bogus'; choose one of eager, normal"),
        ({"runner": "bogus"}, "unknown runner 'bogus'; choose one of fast, outbox"),
    ],
)
def test_unknown_profile_or_runner_is_a_warmly_error(tmp_path, kwargs, message) -> None:
    with pytest.raises(SimulationError, match=message) as err:
        simulate(1, home=tmp_path, **kwargs)
    assert isinstance(err.value, WarmlyError)  # the CLI prints it as one line
    assert not any(tmp_path.iterdir())  # refused before any workspace was made
