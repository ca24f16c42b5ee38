"""The user's voice, learned from their own sent messages: greeting, sign-off, length, emoji."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_GREETING = re.compile(
    r"^(hi|hey|hello|dear|hiya|morning|good morning|good afternoon|yo|howdy|greetings)"
    r"(?:\s+[A-Z][\w'’.-]*){0,2}?\s*([,!:—–-]+|$)",
    re.IGNORECASE,
)
_SIGNOFF_WORD = re.compile(
    r"^(best|best wishes|cheers|thanks|thank you|many thanks|regards|kind regards|warm regards"
    r"|warmly|talk soon|speak soon|all the best|take care|ttyl|yours|sincerely|x+|—|-)\b",
    re.IGNORECASE,
)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
# A habit counts when it shows up in at least this share of the sent messages.
_HABIT_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class Style:
    """How the user writes. ``greeting`` always contains ``{first_name}``."""

    greeting: str = "Hi {first_name},"
    signoff: str = ""
    median_words: int = 60
    emoji: str | None = None
    samples: int = 0

    def greet(self, first: str) -> str:
        """The greeting line for ``first``."""
        return self.greeting.replace("{first_name}", first)


def _greeting(first_line: str) -> str | None:
    m = _GREETING.match(first_line.strip())
    if not m:
        return None
    word = m.group(1)
    punct = m.group(2).strip()
    word = word[0].upper() + word[1:].lower()
    if punct in {"—", "–", "-", "--"}:
        return f"{word} {{first_name}} {punct}"
    return f"{word} {{first_name}}{punct}"


def _signoff(lines: Sequence[str]) -> str | None:
    if len(lines) < 2:
        return None
    last, prev = lines[-1], lines[-2]
    if len(last.split()) <= 3 and _SIGNOFF_WORD.match(prev) and len(prev.split()) <= 3:
        return f"{prev}\n{last}"
    if len(last.split()) <= 4 and _SIGNOFF_WORD.match(last) and "?" not in last:
        return last
    return None


def learn_style(sent: Sequence[str], default: Style | None = None) -> Style:
    """Learn a :class:`Style` from the user's sent message texts (most common habits).

    With no messages the ``default`` style (``Hi {first_name},``, no sign-off)
    is returned. A greeting or sign-off is adopted only when at least 30 % of the
    messages use it, so one odd message does not set the tone.
    """
    base = default or Style()
    texts = [t for t in sent if t and t.strip()]
    if not texts:
        return base
    greetings: Counter[str] = Counter()
    signoffs: Counter[str] = Counter()
    emojis: Counter[str] = Counter()
    with_emoji = 0
    lengths = []
    for text in texts:
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        if g := _greeting(lines[0]):
            greetings[g] += 1
        if s := _signoff(lines):
            signoffs[s] += 1
        found = _EMOJI.findall(text)
        with_emoji += bool(found)
        emojis.update(found)
        lengths.append(len(text.split()))
    n = len(texts)

    def habit(counter: Counter[str]) -> str | None:
        if not counter:
            return None
        value, count = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return value if count >= max(1.0, _HABIT_SHARE * n) else None

    greeting = habit(greetings)
    if greeting is None:
        # The user rarely greets: address by name alone, still naming the sender.
        greeting = "{first_name}," if greetings.total() < _HABIT_SHARE * n else base.greeting
    emoji = None
    if with_emoji >= _HABIT_SHARE * n and emojis:
        emoji = min(emojis.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return Style(
        greeting=greeting,
        signoff=habit(signoffs) or "",
        median_words=int(statistics.median(lengths)),
        emoji=emoji,
        samples=n,
    )
