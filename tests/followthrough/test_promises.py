"""Promise extraction: a table of phrases, explicit and vague dates, negations, offers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from warmly.followthrough import FollowThroughConfig, extract_promises

TZ = ZoneInfo("America/New_York")
# Tuesday 10 February 2026, 11:15 in New York.
SENT = datetime(2026, 2, 10, 11, 15, tzinfo=TZ)


def due(text: str) -> tuple[str, str] | None:
    found = extract_promises(text, SENT, TZ)
    if not found:
        return None
    p = found[0]
    return p.kind, p.due.astimezone(TZ).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "kind", "when"),
    [
        # explicit days
        ("I'll send over the salary bands by Thursday.", "send", "2026-02-12 17:00"),
        ("Will forward the brief on Monday", "send", "2026-02-16 17:00"),
        ("I'll get back to you by Tuesday.", "follow_up", "2026-02-17 17:00"),
        (
            "Let me check with the hiring manager and revert next Wednesday.",
            "follow_up",
            "2026-02-18 17:00",
        ),
        ("I will call you on the 20th at 2pm", "call", "2026-02-20 14:00"),
        ("I'll ship the contract on the 3rd.", "send", "2026-03-03 17:00"),
        ("I'll have the scorecard to you by 2026-02-27.", "other", "2026-02-27 17:00"),
        ("I'm going to share the notes on March 2nd", "send", "2026-03-02 17:00"),
        ("I'll email you the feedback by 4 March", "send", "2026-03-04 17:00"),
        # relative dates
        ("I'll send it tomorrow.", "send", "2026-02-11 17:00"),
        ("I'll ring you tomorrow morning", "call", "2026-02-11 10:00"),
        ("Let me look into it today", "follow_up", "2026-02-10 17:00"),
        ("I'll reply in two days", "follow_up", "2026-02-12 17:00"),
        ("I'll confirm within 3 days", "follow_up", "2026-02-13 17:00"),
        ("I'll send you the deck in 2 hours", "send", "2026-02-10 13:15"),
        ("I'll follow up next week.", "follow_up", "2026-02-20 17:00"),
        ("I'll circle back early next week", "follow_up", "2026-02-17 17:00"),
        ("I'll share the list by the end of the week", "send", "2026-02-13 17:00"),
        ("I'll send the offer letter by end of month", "send", "2026-02-28 17:00"),
        ("I'll ping you over the weekend", "follow_up", "2026-02-15 17:00"),
        ("I'll get you the numbers the day after tomorrow", "send", "2026-02-12 17:00"),
        ("I'll send it in a week", "send", "2026-02-17 17:00"),
        # vague: documented defaults
        ("I'll send it soon", "send", "2026-02-13 17:00"),
        ("I'll get back to you later", "follow_up", "2026-02-17 17:00"),
        ("I'll forward it asap", "send", "2026-02-11 17:00"),
        ("I'll check shortly", "follow_up", "2026-02-12 17:00"),
        ("I'll send the details", "send", "2026-02-13 17:00"),
        # intros
        ("I'll introduce you to Marta on Friday", "intro", "2026-02-13 17:00"),
        ("Let me put you in touch with our CTO this week.", "intro", "2026-02-13 17:00"),
        ("I'll connect you with Dev next week", "intro", "2026-02-20 17:00"),
        ("I'll make the intro to Sam tomorrow", "intro", "2026-02-11 17:00"),
        # other phrasings
        ("You'll have the JD by Friday", "send", "2026-02-13 17:00"),
        ("I’ll set up a call for Thursday", "call", "2026-02-12 17:00"),
    ],
)
def test_promises(text: str, kind: str, when: str) -> None:
    assert due(text) == (kind, when)


@pytest.mark.parametrize(
    "text",
    [
        "I won't be able to send it this week.",
        "I can't introduce you to her, sorry.",
        "I'm not going to make the call.",
        "If you want I can send the deck.",
        "Happy to intro you to Sam if useful.",
        "Want me to send the JD?",
        "Shall I call you tomorrow?",
        "I could forward it next week.",
        "Let me know if you'd like the notes.",
        "I sent the file yesterday.",
        "Thanks for the chat!",
        "> I'll send it Friday\nThanks, got it.",
        # a hand-off after an intro: the user steps back, nothing is owed
        "I'll let you two take it from here.",
        "I'll leave it with you both.",
    ],
)
def test_not_promises(text: str) -> None:
    assert extract_promises(text, SENT, TZ) == []


def test_two_clauses_one_negated() -> None:
    found = extract_promises("I can't do Friday, but I'll send it Monday.", SENT, TZ)
    assert [(p.kind, p.due.day) for p in found] == [("send", 16)]


def test_several_promises_in_one_message() -> None:
    found = extract_promises(
        "Great talking! I'll send the JD tomorrow. I'll also introduce you to Ana next week.",
        SENT,
        TZ,
    )
    assert [p.kind for p in found] == ["send", "intro"]
    assert found[1].what.startswith("also introduce you to Ana")


def test_today_after_due_hour_is_still_today() -> None:
    late = datetime(2026, 2, 10, 20, 0, tzinfo=TZ)
    p = extract_promises("I'll send it today", late, TZ)[0]
    assert p.due.date() == late.date() and p.due > late


def test_vague_defaults_are_config() -> None:
    cfg = FollowThroughConfig.from_mapping({"vague_days": {"soon": 5}})
    p = extract_promises("I'll send it soon", SENT, TZ, cfg)[0]
    assert p.due.day == 15 and not p.explicit_due and "default 5 day" in p.due_reason


def test_sent_at_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        extract_promises("I'll send it", datetime(2026, 1, 1), TZ)


def test_a_promise_quoted_below_the_reply_header_is_not_the_users() -> None:
    # Some clients quote without "> ": everything under "On ... wrote:" is history.
    text = (
        "Thanks, talk soon.\n\nOn Mon, 9 Feb 2026, Ana Lima wrote:\nI'll send you my CV tomorrow."
    )
    assert extract_promises(text, SENT, TZ) == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            "Will send you the pay benchmark before the end of the month.",
            "send you the pay benchmark",
        ),
        ("I'll send you the deck by Friday 9am", "send you the deck"),
        ("I'll share the notes within the next two days", "share the notes"),
    ],
)
def test_what_leaves_out_the_date_words(text: str, what: str) -> None:
    assert extract_promises(text, SENT, TZ)[0].what == what


def test_reasons_give_the_due_time_in_the_users_zone() -> None:
    # 01:30 in Berlin is 00:30 UTC: "in 2 hours" is 03:30 Berlin (after the DST switch
    # of 29 March 2026, 04:30), and the reason must say the time the user reads.
    berlin = ZoneInfo("Europe/Berlin")
    sent = datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC"))
    p = extract_promises("I'll send it in 2 hours", sent, berlin)[0]
    assert p.due.astimezone(berlin).strftime("%H:%M") == "04:30"
    assert "(Sun 2026-03-29 04:30)" in p.due_reason
