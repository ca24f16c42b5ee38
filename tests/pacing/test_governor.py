"""The governor: tables of cases per rule, on an in-memory ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from warmly.errors import ConfigError
from warmly.pacing import Governor, MemoryView, load_policies
from warmly.pacing.hours import jitter

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, 10:00 UTC


def gov(over: dict[str, Any], tz: str = "UTC") -> tuple[Governor, MemoryView]:
    view = MemoryView()
    return Governor(load_policies(over, tz), view), view


def email(**action: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"windows": [], "spacing_s": 0, "jitter_s": 0, "reputation": None}
    return {"email": {"working_hours": "", "email": {**base, **action}}}


def fill(view: MemoryView, times: list[datetime], kind: str = "email") -> None:
    for i, t in enumerate(times):
        view.record("email", kind, t, action_id=i + 1)


W3H = [{"count": 3, "per": "1h", "source": "test"}]


@pytest.mark.parametrize(
    ("sent_min_ago", "now_allowed", "not_before_min"),
    [
        ([], True, None),  # empty window
        ([50, 40], True, None),  # under the limit
        ([50, 40, 30], False, 10),  # full: the oldest leaves at +10 min
        ([70, 40, 30, 20], False, 20),  # one already left the window; 3rd newest decides
        ([60, 30, 20], True, None),  # exactly 60 min ago is outside (t - 1h, t]
        ([10, 10, 10], False, 50),  # ties leave together
    ],
)
def test_sliding_window(
    sent_min_ago: list[int], now_allowed: bool, not_before_min: int | None
) -> None:
    g, v = gov(email(windows=W3H, spacing_s=1))
    fill(v, [T0 - timedelta(minutes=m) for m in sent_min_ago])
    d = g.decide("email", "email", T0)
    assert d.allowed is now_allowed
    if not_before_min is None:
        assert d.not_before is None
    else:
        assert d.not_before == T0 + timedelta(minutes=not_before_min)
        assert "windows[0]" in d.rule and d.source == "test"


def test_shared_window_counts_other_kinds() -> None:
    shared = [{"count": 2, "per": "1d", "kinds": ["email", "reply"], "source": "shared"}]
    g, v = gov(email(windows=shared))
    fill(v, [T0 - timedelta(hours=2)], kind="reply")
    assert g.decide("email", "email", T0).allowed
    fill(v, [T0 - timedelta(hours=1)], kind="reply")
    d = g.decide("email", "email", T0)
    assert not d.allowed and d.not_before == T0 + timedelta(hours=22)


@pytest.mark.parametrize(("ago_s", "allowed"), [(30, False), (59, False), (120, True), (500, True)])
def test_spacing_with_stable_jitter(ago_s: int, allowed: bool) -> None:
    g, v = gov(email(spacing_s=60, jitter_s=60))
    last = T0 - timedelta(seconds=ago_s)
    fill(v, [last])
    d = g.decide("email", "email", T0)
    expected = last + timedelta(seconds=60 + jitter(60, "email", "email", last.isoformat()))
    assert d.allowed is (expected <= T0)
    if not d.allowed:
        assert allowed is False and d.not_before == expected and d.rule.endswith(".spacing")
    # Derived from the ledger: a second governor (another process) says the same.
    assert Governor(g.policies, v).decide("email", "email", T0) == d


@pytest.mark.parametrize(
    ("tz", "hours", "at", "allowed", "not_before"),
    [
        ("UTC", "09:00-17:00", "2026-03-02T10:00", True, None),
        ("UTC", "09:00-17:00", "2026-03-02T08:59", False, "2026-03-02T09:00"),
        ("UTC", "09:00-17:00", "2026-03-02T17:00", False, "2026-03-03T09:00"),
        ("Europe/Paris", "09:00-17:00", "2026-03-02T07:30", False, "2026-03-02T08:00"),
        # DST: Paris moves to UTC+2 on 2026-03-29, 09:00 local = 07:00 UTC
        ("Europe/Paris", "09:00-17:00", "2026-03-28T16:30", False, "2026-03-30T07:00"),
        ("UTC", "", "2026-03-02T03:00", True, None),
    ],
)
def test_working_hours(tz: str, hours: str, at: str, allowed: bool, not_before: str | None) -> None:
    over = email(spacing_s=1)
    over["email"]["working_hours"] = hours
    g, _ = gov(over, tz)
    t = datetime.fromisoformat(at).replace(tzinfo=UTC)
    if tz != "UTC" and at.startswith("2026-03-28"):
        t = datetime(2026, 3, 29, 15, 30, tzinfo=UTC)  # Sunday 17:30 Paris: after hours
    d = g.decide("email", "email", t)
    assert d.allowed is allowed
    if not_before:
        assert d.not_before == datetime.fromisoformat(not_before).replace(tzinfo=UTC)
        assert d.rule.endswith("working_hours")


@pytest.mark.parametrize(("age_days", "limit"), [(0, 5), (14, 7), (27, 9), (28, 10), (400, 10)])
def test_ramp_up(age_days: int, limit: int) -> None:
    created = (T0 - timedelta(days=age_days)).date().isoformat()
    ramp = {"days": 28, "start_factor": 0.5, "source": "ramp"}
    over = email(windows=[{"count": 10, "per": "1d", "source": "t"}], ramp_up=ramp)
    over["email"]["account_created"] = created
    g, v = gov(over)
    fill(v, [T0 - timedelta(minutes=m + 1) for m in range(limit - 1)])
    assert g.decide("email", "email", T0).allowed
    fill(v, [T0 - timedelta(seconds=1)])
    assert not g.decide("email", "email", T0).allowed
    assert g.usage("email", "email", T0)[0].limit == limit


def test_ramp_up_from_first_action_without_account_date() -> None:
    ramp = {"days": 10, "start_factor": 0.5, "source": "ramp"}
    g, v = gov(email(windows=[{"count": 10, "per": "1d", "source": "t"}], ramp_up=ramp))
    fill(v, [T0 - timedelta(days=2)])
    # counted from warmly's first use, so the reason says how an older account skips it
    assert any("account_created" in r for r in g.decide("email", "email", T0).reasons)
    fill(v, [T0 - timedelta(days=20)])
    assert g.usage("email", "email", T0)[0].limit == 10


def test_never() -> None:
    g, _ = gov({})
    d = g.decide("email", "invite", T0)
    assert d.never and not d.allowed and d.not_before is None and d.source
    assert g.decide("nowhere", "post", T0).never
    assert g.remaining("email", "invite", T0.date()) == 0


def test_rate_limited_signal_waits_until_reset() -> None:
    g, v = gov(email(spacing_s=1))
    reset = T0 + timedelta(minutes=15)
    v.signal("email", "rate_limited", T0 - timedelta(minutes=1), until=reset)
    d = g.decide("email", "email", T0)
    assert not d.allowed and d.not_before == reset and d.rule == "email.rate_limited"
    assert g.decide("email", "email", reset).allowed


def _linkedin(**invite: Any) -> dict[str, Any]:
    base = {
        "windows": [{"count": 1000, "per": "7d", "source": "t"}],
        "spacing_s": 0,
        "jitter_s": 0,
        "ramp_up": None,
    }
    return {"linkedin": {"working_hours": "", "invite": {**base, **invite}}}


PENDING = {"stop_at": 5, "cap": 6, "expire_days": 30, "source": "pending"}


@pytest.mark.parametrize(
    ("sent", "closed", "allowed"), [(4, 0, True), (5, 0, False), (7, 2, False), (7, 3, True)]
)
def test_pending_invitations_stop(sent: int, closed: int, allowed: bool) -> None:
    g, v = gov(_linkedin(pending=PENDING))
    for i in range(sent):
        v.record("linkedin", "invite", T0 - timedelta(days=1, minutes=i), action_id=i + 1)
    for i in range(closed):
        kind = "invite_accepted" if i % 2 else "invite_withdrawn"
        v.signal("linkedin", kind, T0 - timedelta(hours=1), action_id=i + 1)
    d = g.decide("linkedin", "invite", T0)
    assert d.allowed is allowed
    if not allowed:
        assert d.rule == "linkedin.invite.pending" and d.source == "pending"


def test_pending_from_imported_count_signal_and_expiry() -> None:
    g, v = gov(_linkedin(pending=PENDING))
    v.signal("linkedin", "invitations_pending", T0 - timedelta(days=2), value=4)
    assert g.decide("linkedin", "invite", T0).allowed
    v.record("linkedin", "invite", T0 - timedelta(days=1), action_id=1)
    assert not g.decide("linkedin", "invite", T0).allowed  # 4 imported + 1 sent
    v.signal("linkedin", "invite_accepted", T0 - timedelta(hours=2), action_id=99)
    assert g.decide("linkedin", "invite", T0).allowed
    # invitations older than expire_days no longer count as pending
    g2, v2 = gov(_linkedin(pending=PENDING))
    for i in range(6):
        v2.record("linkedin", "invite", T0 - timedelta(days=40, minutes=i), action_id=i + 1)
    assert g2.decide("linkedin", "invite", T0).allowed


ACCEPT = {
    "min_rate": 0.2,
    "min_sample": 10,
    "age_days": 7,
    "lookback_days": 60,
    "factor": 0.5,
    "source": "acc",
}


@pytest.mark.parametrize(("accepted", "limit"), [(5, 20), (2, 20), (1, 10), (0, 10)])
def test_low_acceptance_halves_invitations(accepted: int, limit: int) -> None:
    g, v = gov(_linkedin(windows=[{"count": 20, "per": "1d", "source": "t"}], acceptance=ACCEPT))
    for i in range(10):
        v.record("linkedin", "invite", T0 - timedelta(days=10, minutes=i), action_id=i + 1)
    for i in range(accepted):
        v.signal("linkedin", "invite_accepted", T0 - timedelta(days=5), action_id=i + 1)
    assert g.usage("linkedin", "invite", T0)[0].limit == limit
    d = g.decide("linkedin", "invite", T0)
    assert d.allowed and (limit == 20 or any("acceptance" in r for r in d.reasons))


REPUTATION = {
    "lookback_days": 30,
    "min_sample": 20,
    "bounce_max": 0.05,
    "complaint_max": 0.001,
    "factor": 0.5,
    "source": "rep",
}


@pytest.mark.parametrize(
    ("bounces", "complaints", "limit"), [(0, 0, 100), (1, 0, 100), (2, 0, 50), (0, 1, 50)]
)
def test_bounces_and_complaints_slow_email_down(bounces: int, complaints: int, limit: int) -> None:
    g, v = gov(email(windows=[{"count": 100, "per": "1d", "source": "t"}], reputation=REPUTATION))
    fill(v, [T0 - timedelta(hours=30, minutes=i) for i in range(20)])
    for i in range(bounces):
        v.signal("email", "bounce", T0 - timedelta(hours=1), action_id=i + 1)
    for i in range(complaints):
        v.signal("email", "complaint", T0 - timedelta(hours=1), action_id=10 + i)
    assert g.usage("email", "email", T0)[0].limit == limit


def test_remaining_for_the_planner() -> None:
    g, v = gov(email(windows=[{"count": 10, "per": "1d", "source": "t"}], spacing_s=60))
    day = date(2026, 3, 2)
    assert g.remaining("email", "email", day) == 10
    fill(v, [T0, T0 + timedelta(minutes=5), T0 - timedelta(days=2)])
    assert g.remaining("email", "email", day) == 8


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"linkdin": {"invite": {"spacing_s": 300}}}, "pacing.linkdin: unknown platform"),
        ({"linkedin": {"invitee": {"spacing_s": 300}}}, "pacing.linkedin.invitee: unknown key"),
        (
            {"linkedin": {"invite": {"windows": [{"count": 5, "per": "0d", "source": "me"}]}}},
            "must last longer than 0",
        ),
        ({"x": {"mode": "auto"}}, "x is always assisted"),
    ],
)
def test_a_misconfigured_policy_is_refused_with_its_key(over: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_policies(over)
