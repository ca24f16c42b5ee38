"""Starting drafts for the chosen actions, each naming something about that person."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.agenda.inputs import topic_of
from warmly.agenda.people import Known
from warmly.engine.candidate import Candidate
from warmly.engine.drafts import DraftContext, draft
from warmly.followthrough.tasks import task_what
from warmly.store.models import Interaction
from warmly.store.models_agenda import Task as TaskRow


@dataclass(frozen=True, slots=True)
class LastWords:
    topic: str | None
    their_words: str | None
    when: str | None
    platform: str | None


def last_words(s: Session, person_ids: Sequence[int], tz: tzinfo = UTC) -> dict[int, LastWords]:
    """Per person: what the last written exchange was about, and what they last said.

    ``when`` is the day in ``tz`` (the user's): a message at 23:30 UTC is
    tomorrow's in Berlin, and a draft saying otherwise states a wrong date.
    """
    out: dict[int, LastWords] = {}
    for pid in person_ids:
        rows = s.execute(
            select(
                Interaction.subject,
                Interaction.text,
                Interaction.direction,
                Interaction.occurred_at,
                Interaction.platform,
            )
            .where(Interaction.person_id == pid, Interaction.text.is_not(None))
            .order_by(Interaction.occurred_at.desc())
            .limit(5)
        ).all()
        if not rows:
            out[pid] = LastWords(None, None, None, None)
            continue
        subject, text, _, at, platform = rows[0]
        theirs = next((t for _, t, d, _, _ in rows if d == "in" and t), None)
        words = " ".join(theirs.split()[:12]) if theirs else None
        at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # stored as UTC
        day = at.astimezone(tz).date().isoformat()
        out[pid] = LastWords(topic_of(subject, text), words, day, platform)
    return out


def _mask(text: str, name: str) -> str:
    for part in re.split(r"\W+", name):
        if len(part) > 1:
            text = re.sub(re.escape(part), "_", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip().lower()


def drafts_for(
    s: Session,
    chosen: Sequence[Candidate],
    known: Mapping[int, Known],
    names: Mapping[int, str],
    notes: Mapping[str, str],
    tz: tzinfo = UTC,
) -> dict[str, str]:
    """A draft per candidate key; no two drafts read the same once names are masked."""
    words = last_words(s, [c.person_id for c in chosen], tz)
    task_text: dict[int, str] = {}
    asked: dict[int, str] = {}  # question tasks: what they asked, not something promised
    task_ids = [int(c.ref) for c in chosen if c.kind == "task" and c.ref and c.ref.isdigit()]
    for tid, text, kind in s.execute(
        select(TaskRow.id, TaskRow.text, TaskRow.kind).where(TaskRow.id.in_(task_ids))
    ):
        # Derived titles start "send for Ana Berg: ": a draft speaks to Ana.
        what = text if kind == "manual" else task_what(text)
        (asked if kind == "question" else task_text)[tid] = what
    out: dict[str, str] = {}
    seen: set[str] = set()
    for c in chosen:
        k = known.get(c.person_id)
        name = names.get(c.person_id) or (k.name if k else "")
        first = (name.replace(",", " ").split() or ["there"])[0]
        lw = words.get(c.person_id, LastWords(None, None, None, None))
        other = names.get(c.people[1]) if len(c.people) > 1 else None
        ctx = DraftContext(
            first_name=first,
            last_topic=lw.topic,
            their_words=lw.their_words,
            role=k.title if k else None,
            company=k.organisation if k else None,
            task=task_text.get(int(c.ref))
            if c.kind == "task" and c.ref and c.ref.isdigit()
            else None,
            event=notes.get(f"event:{c.key}"),
            note=notes.get(f"note:{c.key}"),
            ask=asked.get(int(c.ref))
            if c.kind == "task" and c.ref and c.ref.isdigit()
            else notes.get(f"ask:{c.key}"),
            other_name=other,
            offer=notes.get(f"offer:{c.key}"),
        )
        text = draft(c.kind, ctx).text
        masked = _mask(text, name)
        if masked in seen and lw.when:
            # Two people at one company would get the same line: add what is theirs alone.
            about = f" about {lw.topic}" if lw.topic else ""
            text += f" (We last spoke{about} on {lw.when}.)"
            masked = _mask(text, name)
        seen.add(masked)
        out[c.key] = text
    return out
