"""Placing in time: working hours, spacing, governor's earliest times, DST days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from warmly.engine.candidate import Candidate
from warmly.engine.planner import StaticHeadroom
from warmly.engine.schedule import ScheduleConfig, local_window, place

PARIS = ZoneInfo("Europe/Paris")
NINE_TO_FIVE = (time(9), time(17, 30))
CFG = ScheduleConfig(gap_minutes=1, same_platform_gap_minutes=10)


def cand(i: int, platform: str = "x", minutes: int = 3, value: float = 1.0) -> Candidate:
    return Candidate(f"c{i}", "inbound", "message", platform, (i,), value, minutes, "why")


@dataclass(frozen=True)
class NotBefore:
    """A fake governor: linkedin messages only from ``at``."""

    at: datetime

    def remaining(self, platform: str, action: str, day: date) -> int | None:
        return None

    def earliest(self, platform: str, action: str, t: datetime) -> datetime | None:
        return max(t, self.at) if platform == "linkedin" else None


def early(day: date, tz: ZoneInfo = PARIS) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def test_places_in_working_hours_with_spacing() -> None:
    day = date(2026, 6, 10)
    chosen = [cand(1, "x", value=3), cand(2, "x", value=2), cand(3, "email", value=1)]
    s = place(chosen, day, PARIS, NINE_TO_FIVE, early(day), StaticHeadroom(), CFG)
    starts = {sl.candidate.key: sl.start for sl in s.slots}
    assert starts["c1"] == datetime(2026, 6, 10, 9, tzinfo=PARIS)
    assert starts["c3"] == datetime(2026, 6, 10, 9, 4, tzinfo=PARIS)  # fills the x gap
    assert starts["c2"] == datetime(2026, 6, 10, 9, 13, tzinfo=PARIS)  # 10 min after c1 ended
    assert not s.unplaced


def test_never_before_now() -> None:
    day = date(2026, 6, 10)
    now = datetime(2026, 6, 10, 11, 7, tzinfo=PARIS)
    s = place([cand(1)], day, PARIS, NINE_TO_FIVE, now, StaticHeadroom(), CFG)
    assert s.slots[0].start == now


def test_governor_earliest_respected_and_others_go_first() -> None:
    day = date(2026, 6, 10)
    gov = NotBefore(datetime(2026, 6, 10, 14, 20, tzinfo=PARIS))
    s = place(
        [cand(1, "linkedin", value=9), cand(2, "x")], day, PARIS, NINE_TO_FIVE, early(day), gov, CFG
    )
    starts = {sl.candidate.key: sl.start for sl in s.slots}
    assert starts["c2"].time() == time(9) and starts["c1"].time() == time(14, 20)


def test_unplaced_with_reason() -> None:
    day = date(2026, 6, 10)
    gov = NotBefore(datetime(2026, 6, 10, 18, tzinfo=PARIS))
    s = place(
        [cand(1, "linkedin"), cand(2, "x", minutes=600)],
        day,
        PARIS,
        NINE_TO_FIVE,
        early(day),
        gov,
        CFG,
    )
    reasons = dict((c.key, why) for c, why in s.unplaced)
    assert reasons == {"c1": "not safe before 18:00", "c2": "no room left before 17:30"}


def test_a_day_that_ran_out_says_so_not_that_it_is_unsafe() -> None:
    # Planned at 17:25 with the day ending 17:30: a 3-minute action ends past the
    # window only because of the gaps, not because pacing forbids it.
    day = date(2026, 6, 10)
    now = datetime(2026, 6, 10, 17, 25, tzinfo=PARIS)
    s = place([cand(1, "x"), cand(2, "x")], day, PARIS, NINE_TO_FIVE, now, StaticHeadroom(), CFG)
    assert [c.key for c in (sl.candidate for sl in s.slots)] == ["c1"]
    assert [why for _, why in s.unplaced] == ["no room left before 17:30"]


def test_spring_forward_window_is_shorter() -> None:
    a, b = local_window(date(2026, 3, 29), time(1), time(5), PARIS)
    assert b - a == timedelta(hours=3)
    a, b = local_window(date(2026, 10, 25), time(1), time(5), PARIS)
    assert b - a == timedelta(hours=5)


ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
DST_DAYS = [
    date(2026, 3, 8),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2026, 11, 1),
    date(2026, 4, 5),
    date(2026, 6, 10),
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(DST_DAYS),
    st.integers(0, 6),
    st.integers(1, 8),
    st.lists(
        st.tuples(st.sampled_from(["x", "email", "linkedin"]), st.integers(1, 40)), max_size=15
    ),
)
def test_slots_inside_hours_and_spaced(
    zone: str, day: date, h0: int, span: int, spec: list[tuple[str, int]]
) -> None:
    tz = ZoneInfo(zone)
    hours = (time(h0), time(h0 + span))
    chosen = [cand(i, p, m) for i, (p, m) in enumerate(spec)]
    s = place(chosen, day, tz, hours, early(day, tz) - timedelta(days=1), StaticHeadroom(), CFG)
    assert len(s.slots) + len(s.unplaced) == len(chosen)
    w0, w1 = local_window(day, *hours, tz)
    prev: dict[str, datetime] = {}
    last_end = None
    # Same-zone aware datetimes compare by wall clock (fold ignored): sort in UTC.
    for sl in sorted(s.slots, key=lambda x: x.start.astimezone(UTC)):
        a, b = sl.start.astimezone(UTC), sl.end.astimezone(UTC)
        assert w0 <= a and b <= w1 and b - a == timedelta(minutes=sl.candidate.minutes)
        assert sl.start.tzinfo == tz
        if last_end is not None:
            assert a >= last_end + timedelta(minutes=CFG.gap_minutes)
        p = sl.candidate.platform
        if p in prev:
            assert a >= prev[p] + timedelta(minutes=CFG.same_platform_gap_minutes)
        prev[p], last_end = b, b
