"""Property: whatever is asked, doing only what the governor allows keeps every window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.pacing import Governor, MemoryView, load_policies
from warmly.pacing.checker import check

POLICIES = load_policies(
    {
        "email": {
            "email": {
                "windows": [
                    {"count": 5, "per": "1h", "source": "t"},
                    {"count": 12, "per": "1d", "source": "t"},
                ]
            }
        },
        "x": {"thank": {"spacing_s": 30}},
    },
    "Europe/Paris",
)
PAIRS = [(p, k) for p, k in POLICIES.pairs() if POLICIES.platforms[p].actions[k].allowed]
T0 = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)  # the DST weekend is inside the runs

requests = st.lists(
    st.tuples(st.sampled_from(PAIRS), st.integers(0, 4 * 3600), st.booleans()),
    min_size=1,
    max_size=400,
)


@settings(max_examples=60, deadline=None)
@given(requests)
def test_following_the_governor_never_exceeds_a_window(
    reqs: list[tuple[tuple[str, str], int, bool]],
) -> None:
    view = MemoryView()
    gov = Governor(POLICIES, view)
    t = T0
    sent: list[tuple[str, str, datetime]] = []
    for (platform, kind), step, wait in reqs:
        t += timedelta(seconds=step)
        d = gov.decide(platform, kind, t)
        if not d.allowed and wait and d.not_before is not None:
            t = d.not_before  # the caller waits as told, then asks again
            d = gov.decide(platform, kind, t)
            assert d.allowed, d  # "not before T" means: allowed at T
        if d.allowed:
            view.record(platform, kind, t, action_id=len(sent) + 1)
            sent.append((platform, kind, t))
    assert not {r: n for r, n in check(sent, POLICIES).items() if n}
