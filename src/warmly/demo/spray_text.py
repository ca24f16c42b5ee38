"""The words of the inbound spray: every sender writes their own message.

Real candidates do not share a template: each picks their own opener, describes
themselves (their stack, years, employer, city), says what they want and asks
in their own way, sometimes with a typo, in lower case or without a question
mark. A message here is assembled from many alternatives per part plus the
sender's own details, so two senders' texts are never near-duplicates, while a
human reader still sees at once which label it deserves:

- ``fit``: a Python backend engineer, data engineer or engineering manager
  (fintech) asking whether they fit one of the user's searches;
- ``not_a_fit``: someone asking for work the user does not do (nurses,
  marketing, sales, SAP, design, trades, off-stack developers);
- ``didnt_read_profile``: someone asking what the profile already says (which
  roles, industries, locations, seniority).

Only the sponsored InMail campaigns (:mod:`warmly.demo.spray`) are identical.

All choices come from the ``random.Random`` passed in: same draws, same text.
"""

from __future__ import annotations

import random
import re

from warmly.demo.spray_parts import (
    DIDNT_READ_AFTER,
    DIDNT_READ_ASK_PREFIX,
    DIDNT_READ_KINDS,
    DIDNT_READ_SELF,
    FAR_PLACES,
    FIT_ASKS,
    FIT_DEEDS,
    FIT_ROLES,
    FIT_SELF,
    FIT_SKILLS,
    FIT_WANTS,
    GREETINGS,
    LANGUAGES,
    MONTHS,
    NOT_FIT_EXTRAS,
    NOT_FIT_KINDS,
    NOT_FIT_SELF,
    OPENERS,
    SIGN_OFFS,
    TYPOS,
    PartList,
)
from warmly.demo.world import Contact


def _fill(template: str, **values: str) -> str:
    caps = {k[:1].upper() + k[1:]: v[:1].upper() + v[1:] for k, v in values.items()}
    return template.format(**values, **caps)


def _home(c: Contact) -> str:
    """Where the sender lives, as they would write it."""
    return "Germany" if c.city == "Remote" else c.city  # the demo's remote people live in DE


def _skills(r: random.Random, pool: PartList) -> str:
    picked = r.sample(list(pool), r.randint(2, 4))
    return ", ".join(picked[:-1]) + " and " + picked[-1]


def _assemble(r: random.Random, me: str, c: Contact, parts: list[str]) -> str:
    """Greeting + body parts + sign-off, laid out on one line or as a short letter."""
    greeting = _fill(r.choice(GREETINGS), me=me)
    body = [p for p in parts if p]
    if r.random() < 0.4:
        opener = r.choice(OPENERS)
        body.insert(0, opener[:1].upper() + opener[1:])
    sign = _fill(r.choice(SIGN_OFFS), first=c.first, last=c.last) if r.random() < 0.6 else ""
    if r.random() < 0.5:  # a short letter
        text = greeting + "\n\n" + " ".join(body) + (("\n\n" + sign) if sign else "")
    else:  # one line, as typed on a phone
        text = greeting + " " + " ".join(body) + ((" " + sign.replace("\n", " ")) if sign else "")
    return text


def _noise(r: random.Random, text: str, drop_question_mark: bool) -> str:
    """Typos, all lower case, a missing question mark: as people really type."""
    if r.random() < 0.2:
        present = [w for w in TYPOS if re.search(rf"\b{re.escape(w)}\b", text)]
        if present:
            word = r.choice(present)
            text = re.sub(rf"\b{re.escape(word)}\b", TYPOS[word], text, count=1)
    if r.random() < 0.1:
        text = text.lower()
    if drop_question_mark and r.random() < 0.15:
        text = re.sub(r"\?(\s*)$", r"\1", text) if text.rstrip().endswith("?") else text
    return text


def fit_text(r: random.Random, track: str, me: str, c: Contact, years: int) -> str:
    """A candidate from one of the user's tracks ("backend", "data", "em") asks if they fit."""
    role = r.choice(FIT_ROLES[track])
    values = {
        "role": role,
        "years": str(years),
        "skills": _skills(r, FIT_SKILLS[track]),
        "city": _home(c),
        "company": c.company.name,
        "first": c.first,
        "n": str(r.randint(5, 40)),
        "month": r.choice(MONTHS),
    }
    parts = [_fill(r.choice(FIT_SELF), **values)]
    if r.random() < 0.6:
        parts.append(_fill(r.choice(FIT_DEEDS[track]), **values))
    parts.append(_fill(r.choice(FIT_WANTS[track]), **values))
    parts.append(r.choice(FIT_ASKS))
    return _noise(r, _assemble(r, me, c, parts), drop_question_mark=True)


def not_fit_text(r: random.Random, kind: int, me: str, c: Contact, years: int) -> str:
    """Someone asks for work the user does not recruit for (``kind`` indexes the trades)."""
    whats, wants, asks = NOT_FIT_KINDS[kind % len(NOT_FIT_KINDS)]
    values = {
        "years": str(years),
        "place": r.choice(FAR_PLACES),
        "city": _home(c),
        "company": c.company.name,
        "first": c.first,
        "lang": r.choice(LANGUAGES),
        "n": str(r.randint(20, 200)),
    }
    values["what"] = _fill(r.choice(whats), **values)
    parts = [
        _fill(r.choice(NOT_FIT_SELF), **values),
        _fill(r.choice(wants), **values),
        _fill(r.choice(asks), **values),
    ]
    if r.random() < 0.3:  # ask first, explain after
        parts = [parts[2], parts[0], parts[1]]
    if r.random() < 0.5:
        parts.insert(-1, _fill(r.choice(NOT_FIT_EXTRAS), **values))
    return _noise(r, _assemble(r, me, c, parts), drop_question_mark=False)


def didnt_read_text(r: random.Random, kind: int, me: str, c: Contact, years: int) -> str:
    """Someone asks what the profile already answers (``kind`` indexes the question families)."""
    values = {"years": str(years), "city": _home(c), "company": c.company.name, "first": c.first}
    q = r.choice(DIDNT_READ_KINDS[kind % len(DIDNT_READ_KINDS)])
    parts = []
    if r.random() < 0.75:
        parts.append(_fill(r.choice(DIDNT_READ_SELF), **values))
    parts.append(_fill(r.choice(DIDNT_READ_ASK_PREFIX), q=q))
    if r.random() < 0.5:
        parts.append(r.choice(DIDNT_READ_AFTER))
    return _noise(r, _assemble(r, me, c, parts), drop_question_mark=False)
