"""Tasks from follow-through: kept-or-not promises and inbound questions left unanswered."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from warmly.followthrough.config import FollowThroughConfig, default_config
from warmly.followthrough.promises import Kind, Promise, extract_promises
from warmly.triage.draft import snippet
from warmly.triage.signals import request_cue
from warmly.triage.text import sentences, unquoted

Status = Literal["open", "kept", "superseded", "done"]

# The interactions that are messages: only these make, keep or answer anything.
WRITTEN_KINDS = ("message", "email")
# Why a task closed when the user wrote to the person afterwards.
KEPT_BY_LATER = "kept by a later message"
ANSWERED_BY_LATER = "answered by a later message"


@dataclass(frozen=True, slots=True)
class Message:
    """One message between the user and one person (fill from ``interactions``)."""

    id: Hashable
    person_id: Hashable
    direction: Literal["in", "out"]
    at: datetime  # timezone-aware
    text: str
    person_name: str = ""


@dataclass(frozen=True, slots=True)
class Task:
    """Something the user owes someone. ``id`` is stable across runs (for the ledger)."""

    id: str
    kind: Literal["promise", "unanswered"]
    person_id: Hashable
    message_id: Hashable
    title: str
    due: datetime
    reason: str
    status: Status = "open"
    closed_by: Hashable | None = None
    promise: Promise | None = None


def is_kept(promise: Promise, later: Sequence[Message]) -> Message | None:
    """The first outgoing message to that person after the promise: it keeps the promise.

    ``later`` holds messages with the same person; inbound ones and those sent
    before the promise are ignored. A bare "I'll send it" is kept by any later
    message from the user, which is the best a ledger without attachments can tell.
    """
    after = [m for m in later if m.direction == "out" and m.at > promise.made_at]
    return min(after, key=lambda m: (m.at, str(m.id))) if after else None


def _who(m: Message) -> str:
    return m.person_name or f"person {m.person_id}"


# The start of the titles below: "send for Ana Berg: ", "answer Ana Berg: ".
def _kind_words(kind: str) -> str:
    return kind.replace("_", " ")  # "follow_up" -> "follow up"


_KINDS = "|".join(_kind_words(k) for k in get_args(Kind))
_TITLE_PREFIX = re.compile(rf"^(?:answer|(?:{_KINDS}) for) [^:\n]+: ")


def task_what(title: str) -> str:
    """What a derived task is about, without its title's "send for Ana Berg: ".

    The title names the person for ``warmly tasks``; an agenda item already
    names them, and a draft speaks to them, so both want only the rest.
    """
    return _TITLE_PREFIX.sub("", title, count=1)


def _promise_tasks(
    out_msgs: Sequence[Message], tz: ZoneInfo, cfg: FollowThroughConfig, done: Collection[str]
) -> list[Task]:
    tasks = []
    by_person: dict[Hashable, list[Message]] = defaultdict(list)
    for m in out_msgs:
        by_person[m.person_id].append(m)
    for msgs in by_person.values():
        msgs.sort(key=lambda m: (m.at, str(m.id)))
        for m in msgs:
            for p in extract_promises(m.text, m.at, tz, cfg):
                tid = f"promise:{m.id}:{p.span[0]}"
                status: Status = "open"
                closer = is_kept(p, msgs)
                if tid in done:
                    status = "done"
                elif closer is not None:
                    # A later message that promises the same kind again re-schedules it.
                    again = any(
                        q.kind == p.kind for q in extract_promises(closer.text, closer.at, tz, cfg)
                    )
                    status = "superseded" if again else "kept"
                tasks.append(
                    Task(
                        id=tid,
                        kind="promise",
                        person_id=m.person_id,
                        message_id=m.id,
                        title=f"{_kind_words(p.kind)} for {_who(m)}: {p.what}",
                        due=p.due,
                        reason=f"you wrote {m.text[p.span[0] : p.span[1]].strip()!r}; due "
                        f"{p.due_reason}",
                        status=status,
                        closed_by=closer.id if closer is not None and status != "done" else None,
                        promise=p,
                    )
                )
    return tasks


def _the_request(text: str) -> str:
    """The sentence that asks (a task says what to answer, not "Thanks, sounds good")."""
    asking = next((sent for sent in sentences(text) if request_cue(sent) is not None), None)
    return snippet(asking or text)


def _unanswered_tasks(
    incoming: Sequence[Message],
    outgoing: Sequence[Message],
    now: datetime,
    cfg: FollowThroughConfig,
    done: Collection[str],
    ignore: Collection[Hashable],
) -> list[Task]:
    last_out: dict[Hashable, datetime] = {}
    for m in outgoing:
        if m.person_id not in last_out or m.at > last_out[m.person_id]:
            last_out[m.person_id] = m.at
    wait = timedelta(hours=cfg.unanswered_after_hours)
    latest: dict[Hashable, Message] = {}
    cues: dict[Hashable, str] = {}
    for m in incoming:
        if m.id in ignore or m.direction != "in":
            continue
        # Only their own words: a "?" in the quoted history is the user's question.
        cue = request_cue(unquoted(m.text))
        if cue is None:
            continue
        replied = last_out.get(m.person_id)
        if replied is not None and replied > m.at:
            continue
        if now - m.at < wait:
            continue
        cur = latest.get(m.person_id)
        if cur is None or (m.at, str(m.id)) > (cur.at, str(cur.id)):
            latest[m.person_id] = m  # one task per person: the newest open question
            cues[m.id] = cue
    tasks = []
    for m in latest.values():
        tid = f"unanswered:{m.id}"
        hours = (now - m.at).total_seconds() / 3600
        tasks.append(
            Task(
                id=tid,
                kind="unanswered",
                person_id=m.person_id,
                message_id=m.id,
                title=f"answer {_who(m)}: {_the_request(unquoted(m.text))}",
                due=m.at + wait,
                reason=f"asked {_since(hours)} ({cues[m.id]!r}) and no reply yet; "
                f"threshold {cfg.unanswered_after_hours:g} h",
                status="done" if tid in done else "open",
            )
        )
    return tasks


def _since(hours: float) -> str:
    """Hours for the first two days ("30 h ago"), then days ("2861 h ago" read badly)."""
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"


def derive_tasks(
    outgoing: Sequence[Message],
    incoming: Sequence[Message],
    now: datetime,
    config: FollowThroughConfig | None = None,
    tz: ZoneInfo | None = None,
    done: Collection[str] = frozenset(),
    ignore: Collection[Hashable] = frozenset(),
) -> list[Task]:
    """Every follow-through task with its status, sorted by due time then id.

    ``done`` holds task ids the user marked done; ``ignore`` inbound message ids
    that need no answer (e.g. triaged as mass mail). Promises made after ``now``
    are left out, so a replay of history gives the tasks as they stood then.
    """
    cfg = config or default_config()
    zone = tz or ZoneInfo("UTC")
    outs = [m for m in outgoing if m.direction == "out" and m.at <= now]
    ins = [m for m in incoming if m.at <= now]
    tasks = _promise_tasks(outs, zone, cfg, done) + _unanswered_tasks(
        ins, outs, now, cfg, done, ignore
    )
    return sorted(tasks, key=lambda t: (t.due, t.id))
