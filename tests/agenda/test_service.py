"""The agenda from the ledger: every reason kind, the planner's limits, and the loop."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from tests.agenda.world import DAY, NOW, PROFILE, by_person, person_id
from tests.conftest import write_config
from warmly.agenda.ics import plan_to_ics
from warmly.agenda.loop import done, log, parse_duration, skip
from warmly.agenda.service import plan_day
from warmly.errors import NotFoundError, WarmlyError
from warmly.store.models import Person, TieState
from warmly.store.models_agenda import Task


def test_each_reason_kind_shows_up_with_its_why(world):
    plan = plan_day(world, DAY, 60, NOW)
    items = by_person(plan)
    assert items["Ana Berg"].reason == "inbound"
    assert "waiting for an answer" in items["Ana Berg"].why
    assert items["Chen Dahl"].reason == "thanks"
    assert items["Chen Dahl"].platform == "x"
    assert items["Dana Eze"].reason == "invitation"
    assert "Loved your talk" in items["Dana Eze"].why
    assert items["Ben Costa"].reason == "keep_in_touch"
    assert "Eli Fischer" not in items  # answered the next day


def test_plan_respects_budget_and_one_action_per_person(world):
    for minutes in (1, 3, 5, 8, 20):
        plan = plan_day(world, DAY, minutes, NOW)
        assert plan.minutes_planned <= minutes
        people = [i.person["id"] for i in plan.items]
        assert len(people) == len(set(people))


def test_items_are_placed_inside_working_hours_in_the_users_timezone(world):
    plan = plan_day(world, DAY, 60, NOW)
    for i in plan.items:
        start = datetime.fromisoformat(i.at)
        assert start.utcoffset() == timedelta(hours=1)  # Berlin in March (CET)
        assert start.hour >= 9 and start + timedelta(minutes=i.minutes) <= start.replace(
            hour=17, minute=0
        )


def test_drafts_name_something_specific(world):
    items = by_person(plan_day(world, DAY, 60, NOW))
    assert "platform engineer role" in items["Ana Berg"].draft
    assert items["Ana Berg"].draft.startswith("Hi Ana")
    assert "Loved your talk" in items["Dana Eze"].draft


def test_ids_are_stable_when_planning_again(world):
    a = [i.id for i in plan_day(world, DAY, 60, NOW).items]
    b = [i.id for i in plan_day(world, DAY, 60, NOW).items]
    assert a == b


def test_done_records_the_interaction_and_updates_the_tie_at_once(world):
    plan = plan_day(world, DAY, 60, NOW)
    ana = by_person(plan)["Ana Berg"]
    done(world, ana.id, note="Sent the JD", now=NOW)
    with world.sessions() as s:
        tie = s.get(TieState, ana.person["id"])
        assert tie.last_out_at == NOW
    again = by_person(plan_day(world, DAY, 60, NOW + timedelta(minutes=5)))
    assert "Ana Berg" not in again
    tomorrow = by_person(plan_day(world, DAY + timedelta(days=1), 60, NOW + timedelta(days=1)))
    assert "Ana Berg" not in tomorrow  # answered: the reason is gone
    assert "already done" in done(world, ana.id, now=NOW)


def test_skip_with_snooze_keeps_the_person_out_until_then(world):
    ben = by_person(plan_day(world, DAY, 60, NOW))["Ben Costa"]
    skip(world, ben.id, "7d", now=NOW)
    for d in (1, 3, 6):
        later = NOW + timedelta(days=d)
        assert "Ben Costa" not in by_person(plan_day(world, DAY + timedelta(days=d), 60, later))
    back = NOW + timedelta(days=8)
    assert "Ben Costa" in by_person(plan_day(world, DAY + timedelta(days=8), 60, back))


def test_skip_without_snooze_is_for_today_only(world):
    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    skip(world, chen.id, now=NOW)
    assert "Chen Dahl" not in by_person(plan_day(world, DAY, 60, NOW))
    assert "Chen Dahl" in by_person(
        plan_day(world, DAY + timedelta(days=1), 60, NOW + timedelta(days=1))
    )


def test_log_resets_keep_in_touch(world):
    log(
        world,
        "Ben Costa",
        "offline",
        "call",
        "caught up on the new team",
        at=NOW - timedelta(hours=1),
    )
    assert "Ben Costa" not in by_person(plan_day(world, DAY, 60, NOW))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Ben Costa", "pigeon", "call"), "unknown platform"),
        (("Ben Costa", "offline", "dance"), "unknown kind"),
    ],
)
def test_log_rejects_unknown_values(world, args, message):
    with pytest.raises(WarmlyError, match=message):
        log(world, *args)


def _promise_due(world, name: str, text: str) -> None:
    """A promise to ``name`` on LinkedIn, due two hours ago."""
    with world.sessions.begin() as s:
        s.add(
            Task(
                person_id=person_id(world, name),
                kind="promise",
                platform="linkedin",
                text=text,
                due_at=NOW - timedelta(hours=2),
                created_at=NOW,
            )
        )


def test_due_task_is_planned_and_done_closes_it(world):
    _promise_due(world, "Eli Fischer", "send the salary bands")
    eli = by_person(plan_day(world, DAY, 60, NOW))["Eli Fischer"]
    assert eli.reason == "task" and "salary bands" in eli.why and "salary bands" in eli.draft
    done(world, eli.id, now=NOW)
    with world.sessions() as s:
        assert s.scalars(select(Task.status)).one() == "done"


def test_birthday_today(world):
    with world.sessions.begin() as s:
        p = s.get(Person, person_id(world, "Dana Eze"))
        p.birthday = date(1990, 3, 10)
    items = plan_day(world, DAY, 60, NOW).items
    assert any(i.reason == "life_event" and "birthday" in i.why for i in items) or any(
        i.person["name"] == "Dana Eze" for i in items
    )


def test_unknown_item_is_a_clean_error(world):
    with pytest.raises(NotFoundError, match="no agenda item"):
        done(world, "zzzzzz")


@pytest.mark.parametrize(("text", "days"), [("7d", 7), ("2w", 14), ("12h", 0.5)])
def test_durations(text, days):
    assert parse_duration(text) == timedelta(days=days)


def test_ics_has_one_event_per_item(world):
    plan = plan_day(world, DAY, 60, NOW)
    ics = plan_to_ics(plan, NOW).decode()
    assert ics.count("BEGIN:VEVENT") == len(plan.items) > 0
    assert "BEGIN:VCALENDAR" in ics


def test_ics_times_are_utc_and_the_planned_instants(world):
    from icalendar import Calendar

    plan = plan_day(world, DAY, 60, NOW)
    timed = {f"{plan.day}-{i.id}@warmly": i for i in plan.items if i.at}
    assert timed and all(not i.at.endswith("+00:00") for i in timed.values())  # Berlin offsets
    berlin_now = NOW.astimezone(timezone(timedelta(hours=1)))
    raw = plan_to_ics(plan, berlin_now)
    # A TZID needs a VTIMEZONE in the file (RFC 5545, 3.2.19); UTC needs neither.
    assert b"TZID" not in raw and b"VTIMEZONE" not in raw
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert len(events) == len(plan.items)
    for ev in events:
        stamp = ev.decoded("dtstamp")
        assert stamp == NOW and stamp.utcoffset() == timedelta(0)
        item = timed.get(str(ev["uid"]))
        if item is None:
            continue
        start = ev.decoded("dtstart")
        assert start.utcoffset() == timedelta(0) and start == datetime.fromisoformat(item.at)
        assert ev.decoded("dtend") - start == timedelta(minutes=item.minutes)
    assert raw.count(b"DTSTART:") == len(timed)  # every timed start written as ...Z


def test_the_plan_takes_caps_from_the_pacing_governor(world):
    write_config(
        world,
        PROFILE
        + '\n[pacing.linkedin.message]\nwindows = [{count = 1, per = "1d", source = "test"}]\n',
    )
    plan = plan_day(world, DAY, 60, NOW)
    linkedin_messages = [
        i for i in plan.items if i.platform == "linkedin" and i.action == "message"
    ]
    assert len(linkedin_messages) <= 1


def test_a_past_day_is_refused(world):
    with pytest.raises(WarmlyError, match="past"):
        plan_day(world, DAY - timedelta(days=1), 60, NOW)


def test_a_later_day_is_planned_as_it_will_look_then(world):
    chen = by_person(plan_day(world, DAY, 60, NOW))["Chen Dahl"]
    skip(world, chen.id, "3d", now=NOW)
    # Planned today for ten days ahead: Ana has then waited 13 days, Chen's share
    # (11 days old) is past the 7-day thank-you window, and the snooze is over.
    later = by_person(plan_day(world, DAY + timedelta(days=10), 60, NOW))
    assert "13 days" in later["Ana Berg"].why  # waiting (or silent) since then
    assert "Chen Dahl" not in later or later["Chen Dahl"].reason != "thanks"


SYDNEY = """
[profile]
name = "Jordan Avery"
emails = ["jordan@avery.example"]
timezone = "Australia/Sydney"
working_hours = "02:55-03:00"
[pacing.linkedin]
working_hours = ""
"""


def test_items_are_listed_in_time_order_when_clocks_go_back(world):
    # 5 April 2026, 03:00 AEDT: Sydney clocks go back to 02:00, so the window
    # 02:55 AEDT–03:00 AEST lasts 65 minutes and 02:08 comes after 02:55.
    write_config(world, SYDNEY)
    now = datetime(2026, 4, 4, 14, 0, tzinfo=UTC)  # 01:00 AEDT on the day
    plan = plan_day(world, date(2026, 4, 5), 60, now)
    starts = [datetime.fromisoformat(i.at) for i in plan.items if i.at]
    assert {s.utcoffset() for s in starts} == {timedelta(hours=11), timedelta(hours=10)}
    assert starts == sorted(starts)
    assert all(s >= datetime(2026, 4, 4, 15, 55, tzinfo=UTC) for s in starts)
    assert all(s <= datetime(2026, 4, 4, 17, 0, tzinfo=UTC) for s in starts)


@pytest.mark.parametrize("ahead", [367, 3_000_000])
def test_a_day_beyond_a_year_ahead_is_refused(world, ahead):
    with pytest.raises(WarmlyError, match="too far ahead"):
        plan_day(world, DAY + timedelta(days=min(ahead, (date.max - DAY).days)), 60, NOW)


def test_a_year_ahead_is_planned(world):
    assert plan_day(world, DAY + timedelta(days=366), 60, NOW).day == "2027-03-11"


def test_someone_waiting_for_an_answer_gets_the_answer_not_a_check_in(world, tmp_path):
    # Ben (inner circle: a 7-day cadence) asked 10 days ago and still waits: the
    # plan answers him; "how are things going?" instead of an answer would be odd.
    import json

    from tests.agenda.world import BEN, msg
    from warmly.agenda.service import collect
    from warmly.ledger.pipeline import import_path

    p = tmp_path / "ben.fake"
    p.write_text(json.dumps([msg("b-new", BEN, 10, text="Are you hiring data engineers?")]))
    import_path(world, p)
    ben = person_id(world, "Ben Costa")
    with world.sessions() as s:
        cands, _, _ = collect(s, world, NOW, DAY, 60)
    assert {c.kind for c in cands if ben in c.people} == {"inbound"}
    assert by_person(plan_day(world, DAY, 60, NOW))["Ben Costa"].reason == "inbound"


def test_a_question_task_is_not_called_a_promise(world):
    from warmly.followthrough.sync import sync_tasks

    sync_tasks(world, now=NOW)  # Ana's question, 3 days unanswered, becomes a task
    _promise_due(world, "Eli Fischer", "send for Eli Fischer: send the salary bands")
    items = {i.person["name"]: i for i in plan_day(world, DAY, 60, NOW).items}
    ana, eli = items["Ana Berg"], items["Eli Fischer"]
    assert ana.reason == "task"
    assert "promised" not in ana.why and "promised" not in ana.draft
    assert ana.why.startswith("Ana Berg asked you: “") and "answer Ana" not in ana.draft
    assert "platform engineer role description" in ana.draft
    # The promise reads as the user wrote it, without the title's "send for Eli Fischer:".
    assert "“send the salary bands”" in eli.why and "send for" not in eli.draft


@pytest.mark.parametrize("how", ["done", "log"])
def test_writing_to_someone_closes_their_earlier_tasks(world, how):
    from warmly.followthrough.sync import sync_tasks
    from warmly.store.models import Interaction

    sync_tasks(world, now=NOW)
    ben = person_id(world, "Ben Costa")
    with world.sessions.begin() as s:
        asked = s.scalars(
            select(Interaction.id)
            .where(Interaction.person_id == ben, Interaction.direction == "in")
            .order_by(Interaction.occurred_at.desc())
        ).first()
        # Not due yet, so Ben's item is the check-in, not this task.
        s.add(
            Task(
                person_id=ben,
                kind="promise",
                platform="linkedin",
                text="send for Ben Costa: send the team's roadmap",
                due_at=NOW + timedelta(days=5),
                interaction_id=asked,
                created_at=NOW - timedelta(days=100),
            )
        )
    if how == "done":
        item = by_person(plan_day(world, DAY, 60, NOW))["Ben Costa"]
        assert item.reason == "keep_in_touch"
        done(world, item.id, now=NOW)
    else:
        log(world, "Ana Berg", "linkedin", "message", "here it is", at=NOW - timedelta(hours=1))
        log(world, "Ben Costa", "email", "email", "roadmap attached", at=NOW - timedelta(hours=1))
    with world.sessions() as s:
        status = dict(s.execute(select(Task.person_id, Task.status)).all())
    assert status[ben] == "kept"
    if how == "log":
        assert status[person_id(world, "Ana Berg")] == "kept"  # her question is answered


def test_planned_late_in_the_day_the_plan_says_how_much_time_is_left(world):
    # 16:30 in Berlin, the day ends at 17:00: what does not fit is listed as not placed.
    late = NOW.replace(hour=15, minute=30)
    plan = plan_day(world, DAY, 60, late)
    assert plan.minutes_left_today == 30
    placed = [i for i in plan.items if i.at]
    assert sum(i.minutes for i in placed) <= 30
    assert all("no room left" in u["why"] for u in plan.unplaced)
    # Planned before the day starts, nothing to say.
    assert plan_day(world, DAY, 60, NOW).minutes_left_today is None


def test_a_plan_for_today_made_after_working_hours_says_the_day_is_over(world):
    """17:00 Berlin is the end of the working day: today's times are then past, and the
    plan says so (the CLI then points to tomorrow) rather than looking like a schedule."""
    from datetime import timedelta

    assert plan_day(world, DAY, 60, NOW).working_day_over is False
    late = NOW + timedelta(hours=9, minutes=30)  # 18:30 in Berlin
    p = plan_day(world, DAY, 60, late)
    assert p.working_day_over is True and p.minutes_left_today is None
    tomorrow = plan_day(world, DAY + timedelta(days=1), 60, late)
    assert tomorrow.working_day_over is False
