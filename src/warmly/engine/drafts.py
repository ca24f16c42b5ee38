"""Short starting drafts that name something specific to the person.

Templates are data (:data:`TEMPLATES`); each uses at least one *person-specific*
slot (their last topic, their post, their words, role, company, …). When no such
fact is known, the draft says so with a visible placeholder for the user instead
of a line that would fit anyone: a draft that fits everyone is spray-and-pray,
and the guard would rightly flag it (design.md, problem 2).
"""

from __future__ import annotations

import random
import string
from dataclasses import asdict, dataclass

from warmly.engine.candidate import ReasonKind

# Slots that say something about this person in particular.
SPECIFIC = frozenset(
    {"last_topic", "their_post", "their_words", "role", "company", "task", "event", "note", "ask"}
)


@dataclass(frozen=True, slots=True)
class DraftContext:
    """What is known about the person and the occasion (fill from the ledger)."""

    first_name: str
    last_topic: str | None = None  # subject / topic of the last message
    their_post: str | None = None  # their recent post, a few words
    their_words: str | None = None  # what they wrote when sharing / replying
    role: str | None = None
    company: str | None = None
    my_post: str | None = None  # the user's post they engaged with
    task: str | None = None  # the promise, as the user wrote it
    event: str | None = None  # "your new role as Head of Data at Acme"
    note: str | None = None  # their invitation note
    ask: str | None = None  # what they asked for (introductions)
    other_name: str | None = None  # the person to introduce
    offer: str | None = None  # what the other person offers


TEMPLATES: dict[ReasonKind, tuple[str, ...]] = {
    "inbound": (
        "Hi {first_name}, thanks for your message (“{last_topic}”). [your answer]",
        "Hi {first_name}, good to hear from you at {company}. [your answer]",
    ),
    "thanks": (
        "Thanks for picking up {my_post}, {first_name}. “{their_words}” is a sharper way to "
        "put it than mine.",
        "Thank you, {first_name}! Glad {my_post} was useful to someone working as {role}.",
        "Thanks for passing it on, {first_name}. Loved your own post on {their_post} too.",
    ),
    "task": (
        "Hi {first_name}, as promised: {task}. [attach / link]",
        # Their question left unanswered: not a promise of the user's.
        "Hi {first_name}, about your question (“{ask}”): [your answer]",
    ),
    "keep_in_touch": (
        "Hi {first_name}, I just read your post on {their_post} and thought of our chat. "
        "How is it going?",
        "Hi {first_name}, I was thinking about {last_topic}. Where did it land?",
        "Hi {first_name}, how are things going as {role} at {company}?",
        "Hi {first_name}, how are things at {company}? It's been a while.",
    ),
    "invitation": (
        "Hi {first_name}, thanks for connecting, and for your note: “{note}”. [reply to it]",
        "Hi {first_name}, thanks for the invitation. Your work as {role} caught my eye.",
    ),
    "life_event": ("Congratulations on {event}, {first_name}! [one line about why it fits them]",),
    "introduce": (
        "Hi {first_name}, you asked about {ask}. {other_name} offers {offer}. "
        "Would an introduction help? I'll check with them too.",
    ),
}

PLACEHOLDER = "[add something specific: {hint}]"

_HINTS: dict[ReasonKind, str] = {
    "inbound": "what they asked, in their words",
    "thanks": "what they said when sharing, or something of theirs you liked",
    "task": "what exactly you promised",
    "keep_in_touch": "your last conversation, a recent post of theirs, or their work",
    "invitation": "how you know them or what they work on",
    "life_event": "what the occasion is",
    "introduce": "what they asked for and who can help",
}

_FALLBACK = "Hi {first_name}, " + PLACEHOLDER


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    slots: tuple[str, ...]  # slots the template used
    placeholder: bool  # True: the user must add the specific part


def fields(template: str) -> tuple[str, ...]:
    """The named slots of a template, in order."""
    return tuple(f for _, f, _, _ in string.Formatter().parse(template) if f)


def draft(kind: ReasonKind, ctx: DraftContext, rng: random.Random | None = None) -> Draft:
    """A starting draft for ``kind`` from what is known about the person.

    Picks among the templates whose slots are all known (at random with ``rng``,
    else the first, which is the preferred one); without any, returns a
    placeholder draft.
    """
    known = {k: v.strip() for k, v in asdict(ctx).items() if isinstance(v, str) and v.strip()}
    known.setdefault("first_name", "there")
    ok = [t for t in TEMPLATES.get(kind, ()) if all(f in known for f in fields(t))]
    if not ok:
        hint = _HINTS.get(kind, "something only they would recognise")
        return Draft(_FALLBACK.format(first_name=known["first_name"], hint=hint), (), True)
    t = rng.choice(ok) if rng is not None else ok[0]
    # A value ending a sentence of its own ("Zephyr Freight, Ltd.", "Saturday?")
    # before the template's full stop: its own mark, not two.
    for f in fields(t):
        if known[f].endswith((".", "?", "!", "…")):
            t = t.replace(f"{{{f}}}.", f"{{{f}}}")
    return Draft(t.format(**{f: known[f] for f in fields(t)}), fields(t), False)
