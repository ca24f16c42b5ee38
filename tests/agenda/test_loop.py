"""Closing the loop as a user does it: done, skip and log, including the wrong way round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.agenda.world import DAY, NOW, PROFILE, by_person
from tests.conftest import write_config
from warmly.agenda.loop import done, log, parse_duration, parse_when, skip
from warmly.agenda.service import plan_day
from warmly.errors import WarmlyError
from warmly.store.models import Interaction, TieState
from warmly.store.models_agenda import AgendaItem


def test_skip_after_done_keeps_it_done(world):
    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    done(world, chen.id, now=NOW)
    assert "already done" in skip(world, chen.id, "7d", now=NOW)
    with world.sessions() as s:
        assert s.get(AgendaItem, chen.id).status == "done"
        assert not s.scalar(select(func.count()).where(AgendaItem.status == "skipped"))


@pytest.mark.parametrize("text", ["0d", "0h", "99999999999999999999d", "-3d", "abc", "1.5d"])
def test_durations_that_are_no_snooze_are_refused(text):
    with pytest.raises(WarmlyError, match="duration"):
        parse_duration(text)


def test_a_snooze_past_the_calendar_is_refused_and_changes_nothing(world):
    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    with pytest.raises(WarmlyError, match="too long"):
        skip(world, chen.id, "1000000w", now=NOW)
    with world.sessions() as s:
        assert s.get(AgendaItem, chen.id).status == "planned"


@pytest.mark.parametrize(("text", "days"), [(" 3D ", 3), ("1h", 1 / 24), ("52w", 364)])
def test_durations_read_leniently(text, days):
    assert parse_duration(text) == timedelta(days=days)


def test_log_refuses_a_time_in_the_future(world):
    with pytest.raises(WarmlyError, match="future"):
        log(world, "Ben Costa", "offline", "call", at=NOW + timedelta(days=2), now=NOW)
    with world.sessions() as s:
        assert not s.scalar(select(func.count()).where(Interaction.tags == "logged"))
        assert all(t.last_at <= NOW for t in s.scalars(select(TieState)))


def test_log_takes_a_few_minutes_of_clock_skew(world):
    log(world, "Ben Costa", "offline", "call", at=NOW + timedelta(seconds=30), now=NOW)


def test_log_says_the_time_in_the_users_timezone(world):
    said = log(world, "Ben Costa", "offline", "call", at=NOW - timedelta(hours=1), now=NOW)
    assert "2026-03-10 08:00" in said and "CET" in said  # 07:00 UTC is 08:00 in Berlin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A time without an offset is the user's (profile) time, not the machine's.
        ("2026-03-09T14:30", datetime(2026, 3, 9, 13, 30, tzinfo=UTC)),
        ("2026-03-09", datetime(2026, 3, 8, 23, 0, tzinfo=UTC)),
        ("2026-03-09T14:30+05:00", datetime(2026, 3, 9, 9, 30, tzinfo=UTC)),
        ("2026-03-09T14:30Z", datetime(2026, 3, 9, 14, 30, tzinfo=UTC)),
    ],
)
def test_when_is_read_in_the_profile_timezone(world, text, expected):
    assert parse_when(text, world.settings.profile.zone()) == expected


@pytest.mark.parametrize("text", ["yesterday", "09.03.2026", ""])
def test_when_that_is_no_time_is_refused(world, text):
    with pytest.raises(WarmlyError, match="ISO"):
        parse_when(text, world.settings.profile.zone())


def test_done_shows_in_the_next_plan_at_once_and_counts_against_the_day(world):
    write_config(world, PROFILE.replace("minutes_per_day = 20", "minutes_per_day = 6"))
    first = plan_day(world, DAY, None, NOW)
    assert first.minutes_planned > 0
    for item in first.items:
        done(world, item.id, now=NOW + timedelta(minutes=5))
    again = plan_day(world, DAY, None, NOW + timedelta(minutes=10))
    assert again.minutes_done == first.minutes_planned
    assert again.minutes_planned <= 6 - first.minutes_planned
    assert not {i.person["id"] for i in again.items} & {i.person["id"] for i in first.items}


def test_a_shorter_snooze_ends_an_earlier_longer_one(world):
    # "Not this month", then "actually, in two days": the newer word holds, where
    # before the longer snooze went on hiding the person under the shorter one.
    from warmly.store.models_agenda import Snooze

    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    skip(world, chen.id, "30d", now=NOW)
    skip(world, chen.id, "2d", now=NOW + timedelta(minutes=5))
    with world.sessions() as s:
        pid = s.get_one(AgendaItem, chen.id).person_id
        active = s.scalars(select(Snooze.until).where(Snooze.person_id == pid)).all()
    assert [a.replace(tzinfo=UTC) for a in active] == [NOW + timedelta(days=2, minutes=5)]


def test_a_snooze_ends_in_the_users_timezone(world):
    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    # NOW is 08:00 UTC: 09:00 in Berlin, as every other time the user is shown.
    assert skip(world, chen.id, "7d", now=NOW).endswith("snoozed until 2026-03-17 09:00 CET")


def test_last_spoke_is_the_users_calendar_day(world):
    from zoneinfo import ZoneInfo

    from tests.agenda.world import person_id
    from warmly.agenda.drafting import last_words

    late = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)  # already 10 March in Berlin
    log(world, "Ana Berg", "linkedin", "message", "late thought", direction="in", at=late, now=NOW)
    with world.sessions() as s:
        words = last_words(s, [person_id(world, "Ana Berg")], ZoneInfo("Europe/Berlin"))
    assert next(iter(words.values())).when == "2026-03-10"
