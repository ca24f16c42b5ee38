"""Drafts in the user's voice: a template, the user's style, and specifics of the message."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from warmly.triage.profile import SpecialtyProfile
from warmly.triage.templates import Templates
from warmly.triage.text import first_name, fold, greeting_pattern, sentences, stem, tokens
from warmly.triage.voice import Style

# Style.median_words under this picks a template's `short` variant.
SHORT_BELOW_WORDS = 40
_GREETING_LINE = re.compile(
    rf"^(?:{greeting_pattern()}|good \w+)\b[^,!:\n]*[,!:]?\s*", re.IGNORECASE
)
_SNIPPET_WORDS = 8
# "Re:", "AW: WG:", "Fwd:" in front of a subject are the mail client's, not a topic.
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|sv|vs|tr|rv|antw)\s*(?:\[\d+\])?:)+", re.I)


def original_words(
    text: str, surfaces: Sequence[str], phrases: Mapping[str, str] | None = None
) -> list[str]:
    """The words of ``text`` (as written) whose folded stem is one of ``surfaces``.

    A surface that is a folded phrase token ("dataeng") is found through ``phrases``
    (phrase → token) and returned as the sender wrote it ("data engineer").
    """
    wanted = dict.fromkeys(surfaces)
    found: dict[str, str] = {}
    for word in re.findall(r"[\w+#'-]+", text):
        # The tokenizer splits at hyphens: "Python-Backend-Entwickler" holds "Python".
        for part in (word, *word.split("-")) if "-" in word else (word,):
            key = stem(fold(part).strip("'-"))
            if key in wanted and key not in found:
                found[key] = part
    for phrase, token in (phrases or {}).items():
        if token in wanted and token not in found:
            m = re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE)
            if m:
                found[token] = m.group(0)
    return [found[s] for s in wanted if s in found]


def snippet(text: str) -> str:
    """The first sentence of ``text`` without its greeting, clipped to a few words."""
    for sent in sentences(text):
        body = _GREETING_LINE.sub("", sent).strip(" ,.!?")
        if len(body.split()) >= 2 and not re.fullmatch(r"[\W\d_]*", body):
            words = body.split()
            return " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")
    return text.strip()[:60]


def join_words(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def pick_pointer(templates: Templates, ask: str | None, text: str) -> str:
    """Where a not-a-fit sender would find real help: first keyword of their ask, then message."""
    for source in (ask or "", text):
        for tok in tokens(source):
            if tok in templates.pointers and tok != "default":
                return templates.pointers[tok]
            raw = fold(tok)
            if raw in templates.pointers and raw != "default":
                return templates.pointers[raw]
    return templates.pointers.get("default", "someone who specialises in {their_ask}")


# A sender asking the user for candidates: a client, not a candidate.
_CLIENT_ASK = re.compile(
    r"\b(?:send|share|forward|see)\b[^.?!\n]{0,30}\b(?:profiles?|candidates?|cvs?|resumes?)\b"
    r"|\bshortlist\b|\bhelp (?:us )?with (?:our )?hiring\b"
    r"|\b(?:we(?:'re| are)|i(?:'m| am)) (?:hiring|looking to hire)\b"
    r"|\b(?:roles?|positions?|headcount|budget)\b[^.?!\n]{0,40}\b(?:approved|signed off)\b",
    re.IGNORECASE,
)


def asks_for_candidates(text: str) -> bool:
    """True when the sender asks the user for candidates (a hiring manager, a client)."""
    return _CLIENT_ASK.search(text) is not None


def draft_reply(
    label: str,
    text: str,
    sender_name: str,
    style: Style,
    templates: Templates,
    profile: SpecialtyProfile,
    *,
    topic_words: Sequence[str] = (),
    ask: str | None = None,
    specialty: str | None = None,
    subject: str | None = None,
    my_name: str = "",
) -> str:
    """A reply to one message in the user's voice; always names the sender and their message.

    ``topic_words`` are the message's own words that matched the profile, ``ask``
    what the sender asked for. The topic falls back to the ask, the subject, and
    finally a short snippet of the message, so a draft is never generic.
    """
    first = first_name(sender_name) or sender_name.strip()
    words = original_words(text, topic_words, profile.lexicon.phrases.mapping)[:3]
    subject = _REPLY_PREFIX.sub("", subject or "").strip()
    if not re.search(r"[^\W\d_]", subject):  # "?" or "123" names nothing
        subject = ""
    topic = join_words(words) if words else (ask or subject or f'"{snippet(text)}"')
    their_ask = ask or topic
    tmpl = templates.for_label(label)
    body = tmpl.short if tmpl.short and style.median_words < SHORT_BELOW_WORDS else tmpl.text
    if tmpl.client and asks_for_candidates(text):
        body = tmpl.client
    pointer = pick_pointer(templates, ask, text).replace("{their_ask}", their_ask)
    values = {
        "greeting": style.greet(first),
        "first_name": first,
        "their_ask": their_ask,
        "topic": topic,
        "specialty": specialty or profile.describe(),
        "specialties": profile.describe(),
        "headline": profile.headline,
        "pointer": pointer,
        "my_name": my_name,
        "signoff": style.signoff,
    }
    # One pass over the slots: a value that itself contains "{...}" is never expanded.
    out = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), body)
    if style.emoji and label in {"fit", "personal", "fyi"}:
        out = out.rstrip() + " " + style.emoji
    if style.signoff and "{signoff}" not in body:
        out = out.rstrip() + "\n\n" + style.signoff
    return out.strip()
