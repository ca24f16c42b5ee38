"""Tasks: open, kept, superseded, done; unanswered inbound questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warmly.errors import ConfigError
from warmly.followthrough import (
    FollowThroughConfig,
    Message,
    derive_tasks,
    extract_promises,
    is_kept,
)
from warmly.followthrough.tasks import task_what

T0 = datetime(2026, 2, 10, 10, 0, tzinfo=UTC)


def out(i: int, person: int, hours: float, text: str) -> Message:
    return Message(f"o{i}", person, "out", T0 + timedelta(hours=hours), text, "Lena Park")


def inn(i: int, person: int, hours: float, text: str) -> Message:
    return Message(f"i{i}", person, "in", T0 + timedelta(hours=hours), text, "Lena Park")


NOW = T0 + timedelta(days=5)


def test_open_promise_becomes_task() -> None:
    tasks = derive_tasks([out(1, 7, 0, "I'll send you the role brief by Friday.")], [], NOW)
    assert [(t.kind, t.status, t.person_id) for t in tasks] == [("promise", "open", 7)]
    assert "send" in tasks[0].title and "Lena Park" in tasks[0].title
    assert tasks[0].id == "promise:o1:0"


@pytest.mark.parametrize(
    ("later", "status"),
    [
        ("Here it is, attached.", "kept"),
        ("Sorry, still on it: I'll send it Monday.", "superseded"),
    ],
)
def test_later_message_closes(later: str, status: str) -> None:
    msgs = [out(1, 7, 0, "I'll send you the role brief by Friday."), out(2, 7, 30, later)]
    first = next(t for t in derive_tasks(msgs, [], NOW) if t.message_id == "o1")
    assert (first.status, first.closed_by) == (status, "o2")


def test_message_to_someone_else_does_not_close() -> None:
    msgs = [out(1, 7, 0, "I'll send you the brief."), out(2, 8, 5, "Here you go")]
    assert derive_tasks(msgs, [], NOW)[0].status == "open"


def test_marked_done() -> None:
    tasks = derive_tasks([out(1, 7, 0, "I'll call you tomorrow")], [], NOW, done={"promise:o1:0"})
    assert tasks[0].status == "done"


def test_is_kept_ignores_inbound_and_earlier() -> None:
    p = extract_promises("I'll send it", T0, UTC)[0]
    assert is_kept(p, [inn(1, 7, 2, "thanks"), out(0, 7, -1, "hi")]) is None
    assert is_kept(p, [out(2, 7, 3, "here")]) is not None


def test_unanswered_question_after_threshold() -> None:
    ins = [
        inn(1, 7, 0, "Could you share the interview process?"),
        inn(2, 8, 0, "Thanks!"),
        inn(3, 9, 100, "Any update?"),
    ]
    tasks = derive_tasks([], ins, T0 + timedelta(hours=60))
    assert [(t.kind, t.message_id) for t in tasks] == [("unanswered", "i1")]
    assert tasks[0].due == T0 + timedelta(hours=48)


def test_replied_or_ignored_question_is_no_task() -> None:
    ins = [inn(1, 7, 0, "Can we talk?"), inn(2, 8, 0, "Do you have time Friday?")]
    outs = [out(1, 7, 5, "Sure, Thursday works")]
    assert derive_tasks(outs, ins, NOW, ignore={"i2"}) == []


def test_one_task_per_person_newest_question() -> None:
    ins = [inn(1, 7, 0, "Can we talk?"), inn(2, 7, 10, "Are you there?")]
    assert [t.message_id for t in derive_tasks([], ins, NOW)] == ["i2"]


def test_threshold_is_config() -> None:
    cfg = FollowThroughConfig.from_mapping({"unanswered": {"after_hours": 2}})
    tasks = derive_tasks([], [inn(1, 7, 0, "Can we talk?")], T0 + timedelta(hours=3), cfg)
    assert len(tasks) == 1


def test_unknown_config_key() -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        FollowThroughConfig.from_mapping({"soon_days": 3})


def test_future_messages_ignored() -> None:
    assert derive_tasks([out(1, 7, 200, "I'll send it")], [], NOW) == []


def test_a_question_only_in_the_quoted_history_is_no_task() -> None:
    # Their "Thanks!" quotes the user's own question: nothing is waiting for an answer.
    text = "Thanks!\n\nOn Tue, 10 Feb 2026, Lena Park wrote:\n> Could you send me your CV?"
    assert derive_tasks([], [inn(1, 7, 0, text)], NOW) == []


def test_a_question_task_quotes_the_question_not_the_first_sentence() -> None:
    msg = inn(
        1, 7, 0, "Hi Jordan,\n\nThanks, that sounds good. Can you send me the job description?"
    )
    [task] = derive_tasks([], [msg], NOW)
    assert task.title == "answer Lena Park: Can you send me the job description"


@pytest.mark.parametrize(
    ("title", "what"),
    [
        ("send for Ana Berg: send you the job description", "send you the job description"),
        ("follow up for Lorenzo | Data @ Juniper: get back to you", "get back to you"),
        ("answer Ana Berg: Could you share the range?", "Could you share the range?"),
        ("call Ana about: the offer", "call Ana about: the offer"),  # written by the user
    ],
)
def test_task_what_drops_the_title_prefix(title: str, what: str) -> None:
    assert task_what(title) == what


def test_how_long_ago_a_question_was_asked_reads_in_hours_then_days():
    from warmly.followthrough.tasks import _since

    assert (_since(30), _since(2861)) == ("30 h ago", "119 days ago")
