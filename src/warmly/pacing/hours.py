"""Working hours in the user's timezone, and the deterministic jitter.

Arithmetic stays in UTC; only the window ends are local wall-clock times, so DST
days are handled (a 23-hour day has a shorter window, never a negative one).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def day_window(
    day: date, hours: tuple[time, time] | None, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    """The working window of local ``day`` as UTC instants (whole day without hours)."""
    start, end = hours if hours else (time(0, 0), None)
    a = datetime.combine(day, start, tzinfo=tz).astimezone(UTC)
    if end is None:
        b = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC)
    else:
        b = datetime.combine(day, end, tzinfo=tz).astimezone(UTC)
    return a, b


def next_open(t: datetime, hours: tuple[time, time] | None, tz: ZoneInfo) -> datetime:
    """``t`` if it is inside working hours, else the next start of working hours."""
    if hours is None:
        return t
    day = t.astimezone(tz).date()
    for d in range(3):  # today, or tomorrow (a spare day for DST edge cases)
        a, b = day_window(day + timedelta(days=d), hours, tz)
        if t < b:
            return max(t, a)
    raise AssertionError("unreachable: some working window starts within three days")


def jitter(seconds: float, *parts: str) -> float:
    """A stable pseudo-random delay in [0, seconds), derived from ``parts``.

    Derived from the previous action (not drawn at random), so every process and
    every restart computes the same "not before" for the same ledger.
    """
    if seconds <= 0:
        return 0.0
    h = hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest()
    return seconds * (int.from_bytes(h, "big") / 2**64)
