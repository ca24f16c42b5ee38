"""Due dates from the words of a promise, relative to when it was written, in the user's zone.

Conventions (all documented in ``defaults.toml``): a date without a time is due
at ``due_hour`` local; "<weekday>" is the next such day after the message
("by Friday" written on a Friday means next Friday); "next <weekday>" is that
day in the following calendar week; "next week" is due at the end of that week;
a day-of-month already past ("on the 3rd" written on the 20th) is next month's;
a month date already past is next year's. Numeric dates are read only as ISO
(2026-03-12): 03/12 is ambiguous between US and European order.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warmly.followthrough.config import FollowThroughConfig

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RX = r"(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_RX = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NUM_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "fourteen": 14,
    "twelve": 12,
}
_NUM_RX = (
    r"(\d{1,3}|a couple of|a couple|couple of|a few|few|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|twelve|fourteen)"
)
_TIME_RX = re.compile(
    r"\b(?:at|by|before|around|until|till)?\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b"
    r"|\b(?:at|by|before|around)\s+(\d{1,2}):(\d{2})\b|\b(noon|midday)\b"
)
_PART_OF_DAY = {"morning": 10, "afternoon": 15, "evening": 19, "tonight": 20}


@dataclass(frozen=True, slots=True)
class Due:
    """A due time, the words it came from and how it was read."""

    at: datetime
    phrase: str
    reason: str
    explicit: bool


def _day(d: date, cfg: FollowThroughConfig, tz: ZoneInfo, hour: int | None = None) -> datetime:
    return datetime.combine(d, time(cfg.due_hour if hour is None else hour), tz)


def _weekday_index(word: str) -> int:
    return next(i for i, d in enumerate(_DAYS) if d.startswith(word[:3]))


def _next_weekday(d: date, wd: int) -> date:
    return d + timedelta(days=(wd - d.weekday() - 1) % 7 + 1)


def _end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


Handler = Callable[[re.Match[str], date, FollowThroughConfig], tuple[date | timedelta, str] | None]


def _iso(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str] | None:
    try:
        return date(int(m[1]), int(m[2]), int(m[3])), "ISO date"
    except ValueError:
        return None


def _month_day(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str] | None:
    month = m["m1"] or m["m2"]
    day = int(m["d1"] or m["d2"])
    try:
        out = date(d.year, _MONTHS.index(month[:3]) + 1, day)
    except ValueError:
        return None
    return (
        (out, "that date") if out >= d else (out.replace(year=d.year + 1), "that date, next year")
    )


def _ordinal(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str] | None:
    day = int(m[1])
    for k in range(3):
        cand = _add_months(d.replace(day=1), k)
        if day <= calendar.monthrange(cand.year, cand.month)[1] and cand.replace(day=day) >= d:
            return cand.replace(day=day), "next such day of the month"
    return None


def _in_n(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[timedelta | date, str]:
    n = int(m[1]) if m[1].isdigit() else _NUM_WORDS[m[1]]
    unit = m[2]
    if unit.startswith(("min", "hour", "hr")):
        return timedelta(minutes=n) if unit.startswith("min") else timedelta(
            hours=n
        ), "from sending"
    if unit.startswith("week"):
        return d + timedelta(weeks=n), f"{n} week(s) after the message"
    if unit.startswith("month"):
        return _add_months(d, n), f"{n} month(s) after the message"
    return d + timedelta(days=n), f"{n} day(s) after the message"


def _fixed(offset: int, why: str) -> Handler:
    return lambda m, d, cfg: (d + timedelta(days=offset), why)


def _weekday(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str]:
    wd = _weekday_index(m["wd"])
    if m["next"]:
        monday = d - timedelta(days=d.weekday()) + timedelta(weeks=1)
        return monday + timedelta(days=wd), "that day of next week"
    return _next_weekday(d, wd), "the next such day after the message"


def _this_week(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str]:
    end = d - timedelta(days=d.weekday()) + timedelta(days=cfg.week_end_weekday)
    return (end, "end of this week") if end >= d else (d + timedelta(days=1), "end of week passed")


def _next_week(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str]:
    monday = d - timedelta(days=d.weekday()) + timedelta(weeks=1)
    if m["early"]:
        return monday + timedelta(days=cfg.early_week_weekday), "early next week"
    return monday + timedelta(days=cfg.week_end_weekday), "by the end of next week"


def _weekend(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str]:
    sunday = d + timedelta(days=6 - d.weekday())
    return (sunday + timedelta(weeks=1) if m["next"] else sunday), "end of the weekend"


def _month_end(m: re.Match[str], d: date, cfg: FollowThroughConfig) -> tuple[date, str]:
    if m["next"]:
        return _end_of_month(_add_months(d.replace(day=1), 1)), "end of next month"
    return _end_of_month(d), "end of this month"


_RULES: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(rx), h)
    for rx, h in (
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", _iso),
        (
            rf"\b(?:{_MONTH_RX.replace('(', '(?P<m1>', 1)})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+"
            rf"{_MONTH_RX.replace('(', '(?P<m2>', 1)}",
            _month_day,
        ),
        (r"\b(?:on|by|before|until|till|for) the (\d{1,2})(?:st|nd|rd|th)\b", _ordinal),
        (
            rf"\b(?:in|within)\s+(?:the next\s+)?{_NUM_RX}\s+"
            r"(min(?:ute)?s?|hours?|hrs?|days?|weeks?"
            r"|months?)\b",
            _in_n,
        ),
        (r"\bday after tomorrow\b", _fixed(2, "the day after tomorrow")),
        (r"\b(?:tomorrow|tmrw|tmr|tomorow|2morrow)\b", _fixed(1, "the day after the message")),
        (
            r"\b(?:today|tonight|this (?:morning|afternoon|evening)|end of (?:the )?day|eod|cob"
            r"|later today|by close of business)\b",
            _fixed(0, "the day of the message"),
        ),
        (
            rf"\b(?:(?P<next>next)\s+|this\s+|coming\s+|on\s+|by\s+|before\s+|until\s+)?"
            rf"(?P<wd>{_DAY_RX})\b",
            _weekday,
        ),
        (
            r"\b(?:(?P<early>early|beginning of|start of)\s+|end of\s+|by\s+|until\s+)?next week\b",
            _next_week,
        ),
        (
            r"\b(?:this week|end of (?:the |this )?week|eow|later this week"
            r"|by the end of the week)\b",
            _this_week,
        ),
        (r"\b(?:(?P<next>next)|this|the|over the)\s+weekend\b", _weekend),
        (
            r"\b(?:end of (?:the |this )?month|month end|eom|by the end of the month"
            r"|(?P<next>(?:end of |by |in )?next month))\b",
            _month_end,
        ),
    )
)
_VAGUE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rx), key)
    for rx, key in (
        (
            r"\b(?:asap|a\.s\.a\.p|as soon as (?:i can|possible)|right away|straight away"
            r"|first thing"
            r"|in a (?:sec|second|minute|moment|bit)|shortly after)\b",
            "asap",
        ),
        (r"\b(?:shortly|in a little while)\b", "shortly"),
        (
            r"\b(?:in the (?:coming|next (?:few|couple of)) days"
            r"|over the next (?:few|couple of) days)\b",
            "coming_days",
        ),
        (r"\b(?:soon|soonish|before long)\b", "soon"),
        (
            r"\b(?:later|when i can|when i get a chance|at some point|eventually|once i can"
            r"|when i have a (?:minute|moment)|in due course)\b",
            "later",
        ),
    )
)


def _time_of_day(text: str) -> tuple[int, int] | None:
    m = _TIME_RX.search(text)
    if m:
        if m[6]:
            return 12, 0
        hour = int(m[1] or m[4])
        minute = int(m[2] or m[5] or 0)
        if m[3] == "pm" and hour < 12:
            hour += 12
        if m[3] == "am" and hour == 12:
            hour = 0
        return (hour, minute) if hour < 24 and minute < 60 else None
    for word, hour in _PART_OF_DAY.items():
        if re.search(rf"\b{word}\b", text):
            return hour, 0
    return None


def find_due(text: str, sent_at: datetime, tz: ZoneInfo, cfg: FollowThroughConfig) -> Due:
    """The due time of a promise written at ``sent_at``: explicit words, else a vague default."""
    low = text.lower().replace("’", "'")
    local = sent_at.astimezone(tz)
    today = local.date()
    clock = _time_of_day(low)
    for rx, handler in _RULES:
        m = rx.search(low)
        if m is None:
            continue
        got = handler(m, today, cfg)
        if got is None:
            continue
        value, why = got
        if isinstance(value, timedelta):
            at = sent_at + value
        else:
            at = (
                _day(value, cfg, tz, None)
                if clock is None
                else datetime.combine(value, time(*clock), tz)
            )
        if at <= sent_at:  # "today" written after the due hour: still today, before midnight
            at = max(sent_at + timedelta(hours=1), datetime.combine(today, time(23, 59), tz))
        at = at.astimezone(tz)  # "in 2 hours" adds to sent_at (UTC): say it in the user's zone
        phrase = m.group(0).strip()
        return Due(at, phrase, f"{phrase!r}: {why} ({at:%a %Y-%m-%d %H:%M})", True)
    if clock is not None:
        at = datetime.combine(today, time(*clock), tz)
        at = at if at > sent_at else at + timedelta(days=1)
        return Due(at, f"{clock[0]:02d}:{clock[1]:02d}", f"at {at:%H:%M} ({at:%a %Y-%m-%d})", True)
    for rx, key in _VAGUE:
        m = rx.search(low)
        if m:
            days = cfg.vague_days[key]
            at = _day(today + timedelta(days=days), cfg, tz)
            return Due(at, m.group(0), f"{m.group(0)!r} is vague: default {days:g} day(s)", False)
    days = cfg.vague_days["none"]
    at = _day(today + timedelta(days=days), cfg, tz)
    return Due(at, "", f"no date given: default {days:g} day(s)", False)
