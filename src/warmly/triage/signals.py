"""Surface signals of an inbound message: requests, scope questions, the ask, placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from warmly.triage.text import (
    PLACEHOLDER,
    fold,
    greeting_pattern,
    load_toml,
    sentences,
    tokens,
    word_list,
)

_YOU = r"(?:you|u|ya)"
# A question or a request: the message wants something from the user.
_REQUEST = re.compile(
    rf"\?|\b(?:can|could|would|will|do|did|are|have|shall|should) {_YOU}\b|\bcan we\b|\bcould we\b"
    r"|\blooking for\b|\blooking to\b|\binterested in\b|\bplease\b|\bplz\b|\bpls\b"
    r"|\blet me know\b|\bi need\b|\bwe need\b|\bneeds? help\b"
    r"|\bi(?:'d| would) (?:love|like|appreciate)\b"
    r"|\bany chance\b|\bwondering (?:if|whether|what|which|who|where|how)\b|\bcurious (?:what|which"
    r"|who|where|how|about)\b|\bhelp me\b|\bsend me\b|\btell me\b"
    r"|\bopen to\b|\bshall we\b|\bhow about\b|\bkeen to\b|\bseeking\b|\bin search of\b"
    r"|\bsearching for\b|\bhoping (?:to|you)\b|\bwhat do you think\b|\bthoughts\b",
)
_INTERROGATIVE = re.compile(
    rf"\?|^(?:so |and |also |but |quick question:? )?"
    rf"(?:what|whats|which|where|who|how|do|does|are|is|can|could|would)\b"
    rf"|\b(?:do|are|can) {_YOU}\b"
    rf"|\b(?:wondering|curious|tell me|let me know)"
    rf"\s+(?:what|which|who|where|how|if|whether)\b"
)
_SECOND_PERSON = re.compile(rf"\b(?:{_YOU}|your|ur|yours|you're|youre)\b")
# The thing asked for follows one of these cues ("looking for <a Python role in Berlin>").
_ASK_CUE = re.compile(
    r"\b(?:looking for|searching for|seeking|in search of|hoping to find|interested in"
    r"|open to|(?<!no )(?<!n't )need(?:s|ing)?|want(?:s|ing)? to (?:find|hire|join)"
    r"|(?:do|can|could|would|any chance|whether|if) (?:you|u) (?:have|hire|place|recruit(?: for)?"
    r"|cover|work with"
    r"|help(?: me)?(?: with| find)?|handle|offer|know(?: of)?|find)"
    r"|are (?:you|u) (?:hiring|recruiting|placing|looking for)(?: for)?"
    r"|(?:we are|we're|were) (?:hiring|recruiting|looking for|growing)"
    r"|(?:i am|i'm|im|i'am) (?:an?|the)?)\s+",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[.?!;:\n()]|\s[-–—]\s|,\s*(?:and|but|so|please|thanks)\b"
    r"|\s(?:but|because|since|so that|please"
    r"|thanks|if you|and i|and would|and am|who can|with visa|can you|could you)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:any|some|a few|good|open)\s+", re.IGNORECASE)
_MAX_ASK_WORDS = 9
# Scope questions are wh-questions ("which sectors ...") or yes/no ones ("are you hiring?").
_WH = re.compile(r"\b(?:what|which|where|who|whom|how|what's|whats)\b")
# "Do you know anyone strong in data engineering?" asks the user for a person, not
# what the user does: a referral request is never a sign of an unread profile.
_REFERRAL = re.compile(
    rf"\b(?:do|would|could|can|might) {_YOU} (?:happen to )?(?:know|recommend|suggest|refer|"
    r"introduce|point me)\b"
)
_YES_NO = re.compile(
    rf"(?:^|[,:;\-–—]\s*|\b(?:so|and|also|but)\s+)(?:do|does|are|is|can|could|would|will|have)"
    rf"\s+{_YOU}\b"
)
_GREETING = re.compile(rf"^{greeting_pattern()}\b[^,!:?\n]*?(?:[,!:]|\s[-–—])\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Signals:
    """What the surface of a message says, before any profile matching."""

    request: str | None  # the first request/question cue found
    placeholders: tuple[str, ...]  # unfilled merge fields such as %FIRSTNAME%
    scope_questions: tuple[str, ...]  # sentences asking what the user does
    ask: str | None  # what the sender asked for, in their words
    domain: bool  # the message is about work (jobs, hiring, services)
    content: frozenset[str]  # content terms (stemmed, stop words removed)


def request_cue(text: str) -> str | None:
    """The first question/request cue in ``text`` ("?", "could you", "looking for"), or None."""
    m = _REQUEST.search(fold(fix_trigger_typos(text)))
    return m.group(0) if m else None


@lru_cache(maxsize=1)
def _triggers() -> tuple[frozenset[str], frozenset[str]]:
    """The trigger words of requests and asks, and real words one edit away from them."""
    data = load_toml("words.toml")
    trig, real = data["trigger"], data["not_typos"]
    assert isinstance(trig, list) and isinstance(real, list)
    return frozenset(map(str, trig)), frozenset(map(str, real))


@lru_cache(maxsize=8192)
def _trigger_for(word: str) -> str | None:
    trig, real = _triggers()
    if len(word) < 5 or word in trig or word in real:
        return None
    hit = process.extractOne(word, trig, scorer=OSA.distance, score_cutoff=1)
    # A typo rarely changes the first letter: "lookng", "intrested", "recruiitng".
    return str(hit[0]) if hit is not None and str(hit[0])[0] == word[0] else None


def fix_trigger_typos(text: str) -> str:
    """``text`` with misspelt trigger words corrected ("I'm lookng for" → "I'm looking for").

    Only words one edit (a transposition counts one) from a trigger word of
    ``words.toml`` change, with the same first letter and not a real word listed
    in ``not_typos`` ("seeing" is not "seeking"); everything else stays as written.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return _trigger_for(word.lower()) or word

    return _WORD.sub(fix, text)


def placeholders(text: str) -> tuple[str, ...]:
    """Unfilled merge fields ("%FIRSTNAME%", "{{first_name}}", "[Name]") in order."""
    return tuple(dict.fromkeys(m.group(0) for m in PLACEHOLDER.finditer(text)))


def _clip(span: str) -> str:
    span = _CLAUSE_END.split(span, maxsplit=1)[0]
    words = span.split()[:_MAX_ASK_WORDS]
    return _LEADING.sub("", " ".join(words)).strip(" ,'\"")


def extract_ask(text: str) -> str | None:
    """What the sender asks for, in their words: "nurses for hospitals in Tokyo".

    Takes the first cue ("looking for", "do you hire", "are you hiring for", "I'm a")
    whose following words hold something besides stop words.
    """
    # "are you hiring at the moment?" asks for nothing in particular.
    empty = word_list("words.toml", "stop") | word_list("words.toml", "time_filler")
    text = fix_trigger_typos(text)
    best: str | None = None
    for m in _ASK_CUE.finditer(text):
        span = _clip(text[m.end() :])
        if not any(t not in empty for t in tokens(span)):
            continue
        if m.group(0).lower().startswith(("i am", "i'm", "im", "i'am")):
            best = best or span  # self-description: only if nothing better follows
            continue
        return span
    return best


def _vocative(my_name: str) -> re.Pattern[str] | None:
    """ "Jordan, " or "Jordan Avery - " opening a sentence: the user addressed by name."""
    parts = [re.escape(p) for p in fold(my_name).split() if len(p) > 1]
    if not parts:
        return None
    names = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"^(?:{names})(?:\s+(?:{names}))*\s*(?:[,!:]|\s[-–—])\s*", re.IGNORECASE)


def scope_questions(text: str, my_name: str = "") -> tuple[str, ...]:
    """Sentences that ask about the user's scope ("what roles do you recruit for?").

    The greeting ("Hallo Jordan,") and the user's name as a vocative ("Jordan, so
    are you hiring?") are not part of the question.
    """
    scope = word_list("words.toml", "scope")
    vocative = _vocative(my_name)
    out = []
    for sent in sentences(text):
        sent = _GREETING.sub("", sent).strip()
        if vocative is not None:
            sent = vocative.sub("", sent).strip()
        low = fold(sent)
        if not (_INTERROGATIVE.search(low) and _SECOND_PERSON.search(low)):
            continue
        if _REFERRAL.search(low):
            continue
        toks = set(tokens(low))
        generic = bool(re.search(rf"\bwhat (?:do|does) {_YOU} (?:do|recruit|work|cover|hire)", low))
        in_scope = any(t in scope or _near(t, scope) for t in toks)
        if generic or (in_scope and (_WH.search(low) or _YES_NO.search(low))):
            out.append(sent)
    return tuple(out)


@lru_cache(maxsize=4096)
def _near_cached(tok: str, words: frozenset[str]) -> bool:
    return process.extractOne(tok, words, scorer=OSA.distance, score_cutoff=1) is not None


def _near(tok: str, words: frozenset[str]) -> bool:
    """A misspelt domain word ("posiitons") still counts; short words must match exactly."""
    return len(tok) >= 6 and not tok.isdigit() and _near_cached(tok, words)


def signals(text: str, my_name: str = "") -> Signals:
    """Every surface signal of ``text`` (``my_name``: the user's, as senders address them)."""
    stop = word_list("words.toml", "stop")
    domain_words = word_list("words.toml", "domain")
    text = fix_trigger_typos(text)
    toks = tokens(text)
    return Signals(
        request=request_cue(text),
        placeholders=placeholders(text),
        scope_questions=scope_questions(text, my_name),
        ask=extract_ask(text),
        domain=any(t in domain_words or _near(t, domain_words) for t in toks),
        content=frozenset(t for t in toks if t not in stop and not t.isdigit()),
    )
