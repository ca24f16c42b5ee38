"""Promises in the user's own outgoing messages: "I'll send you the JD by Friday".

A promise is a first-person commitment about the future ("I'll", "I will",
"let me", "I'm going to", "you'll have it") in a clause that is not negated
("I won't", "I can't"), not an offer or a condition on the other person ("if you
want I can", "happy to ... if", "want me to ...?", "I could") and not a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from warmly.followthrough.config import FollowThroughConfig, default_config
from warmly.followthrough.dates import find_due
from warmly.triage.text import blank_quoted

Kind = Literal["send", "intro", "follow_up", "call", "other"]

_CUE = re.compile(
    r"\b(?:i'll|i will|i shall|ill|i'm going to|im going to|i am going to|i'm gonna|im gonna"
    r"|i promise to|i'll make sure to|i'll be sure to|i plan to|i intend to|i'll try to"
    r"|we'll|we will|we're going to|let me|lemme|you'll (?:have|get|hear|receive|see)"
    r"|expect (?:it|them|an? \w+|my \w+) from me"
    # A bare "Will send ..." opens a clause; "Maria will send ..." is someone else's promise.
    r"|^will (?!not\b|never\b)(?=\w)|(?<=[,:;] )will (?!not\b|never\b)(?=\w)"
    r"|(?:i'm|im|i am) (?:sending|sharing|forwarding|introducing|calling)|on it\b)",
)
_NEGATED = re.compile(
    r"\b(?:i won't|i wont|i will not|i'll not|i can't|i cant|i cannot|i can not|i'm not going to"
    r"|im not going to|i am not going to|i'm not gonna|we won't|we will not|i'll never|i will never"
    r"|i don't think i'll|i doubt i'll|won't be able|will not be able|unable to|no longer (?:going"
    r"|able)|don't expect|won't have time|not going to be able)\b",
)
_CONDITIONAL = re.compile(
    r"\b(?:if (?:you|u) (?:want|wanted|like|'d like|would like|need|prefer|wish|think|are|'re|were"
    r"|have|send|can|could|get)|if (?:that|it)(?:'d| would)? (?:help|be useful)"
    r"|if useful|if helpful|not sure (?:i'll|i will|i can|if i)|i doubt|unlikely that i"
    r"|should you|would you like me to|do you want me to|want me to|shall i|should i|i could"
    r"|i might|maybe i|perhaps i|happy to|glad to|feel free|let me know if|if needed|if necessary"
    r"|if there's interest|in case you|if so|if interested|once you (?:send|confirm|share|let)"
    r"|as soon as you|when you (?:send|confirm|share|let)"
    # A hand-off after an introduction: the user steps back, nothing is owed.
    r"|(?:i'll|i will) (?:let (?:you|the two of you)(?: two| both)? take it from here"
    r"|leave (?:it|this|you) (?:with|to) (?:you|the two of you)))\b",
)
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "intro",
        re.compile(
            r"\b(?:introduc\w*|intro|intros|connect you|put you in touch|loop \w+ in"
            r"|make (?:an|the) (?:intro|introduction|connection)|cc you)\b"
        ),
    ),
    (
        "call",
        re.compile(
            r"\b(?:call|ring|phone|zoom|set up (?:a|the) (?:call|meeting|chat|time)"
            r"|schedule|book (?:a|the|some) \w+|meet|catch up|video chat"
            r"|an? (?:quick )?chat)\b"
        ),
    ),
    (
        "send",
        re.compile(
            r"\b(?:you'll (?:have|get|receive)|send|sending|share|sharing|forward|forwarding"
            r"|email you|mail you"
            r"|get you (?:the|a|an|my|our|some)|pass (?:it|them|this|that) (?:on|along)"
            r"|drop you|dm you|attach|write up|shoot you|upload|post you|ship)\b"
        ),
    ),
    (
        "follow_up",
        re.compile(
            r"\b(?:get back to you|follow up|follow-up|circle back|let you know"
            r"|check|look into|find out|ping you|update you|keep you posted"
            r"|come back to you|revert|confirm|reply|respond|hear from me"
            r"|touch base|ask (?:around|him|her|them))\b"
        ),
    ),
)
_CLAUSES = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|,?\s+but\s+|\s+-\s+|\s+—\s+")
_MAX_WHAT_WORDS = 14
_TIME_WORDS = re.compile(
    r"\s+(?:(?:in the|this|tomorrow)\s+)?(?:morning|afternoon|evening|tonight)\b"
    r"|\s+(?:at|by|before|around)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b"
    r"|\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Promise:
    """One commitment: what, by when and why that date, and where in the text."""

    kind: Kind
    what: str
    due: datetime
    due_reason: str
    span: tuple[int, int]
    made_at: datetime
    explicit_due: bool = True


def _kind(clause: str) -> Kind:
    for kind, rx in _KINDS:
        if rx.search(clause):
            return kind
    return "other"


def _what(clause: str, cue_end: int, phrase: str) -> str:
    rest = clause[cue_end:].strip()
    if phrase:
        rest = re.sub(
            # "before the end of the month": the preposition and "the" go with the date.
            rf"(?:\s+(?:on|by|before|until|till|around|at)\b)?(?:\s+the\b)?\s*{re.escape(phrase)}",
            "",
            rest,
            flags=re.IGNORECASE,
        )
    rest = _TIME_WORDS.sub("", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ,.!:;")
    words = rest.split()
    return " ".join(words[:_MAX_WHAT_WORDS]) or clause.strip()


def _clauses(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _CLAUSES.split(text):
        start = text.find(part, pos)
        if part.strip():
            out.append((start, part))
        pos = start + len(part)
    return out


def extract_promises(
    text: str, sent_at: datetime, tz: ZoneInfo, config: FollowThroughConfig | None = None
) -> list[Promise]:
    """Promises in one outgoing message, in text order, each with a due date.

    ``sent_at`` must be timezone-aware; dates are read in the user's zone ``tz``.
    Quoted history (``> ...`` lines, everything under "On ... wrote:") is ignored:
    it is not the user's words.
    """
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    cfg = config or default_config()
    clean = blank_quoted(text)
    out: list[Promise] = []
    for start, clause in _clauses(clean):
        low = clause.lower().replace("’", "'")
        cue = _CUE.search(low)
        if cue is None or clause.rstrip().endswith("?"):
            continue
        if _NEGATED.search(low) or _CONDITIONAL.search(low):
            continue
        due = find_due(low, sent_at, tz, cfg)
        out.append(
            Promise(
                kind=_kind(low[cue.start() :]),
                what=_what(clause, cue.end(), due.phrase),
                due=due.at,
                due_reason=due.reason,
                span=(start, start + len(clause)),
                made_at=sent_at,
                explicit_due=due.explicit,
            )
        )
    return out
