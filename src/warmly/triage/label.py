"""Label inbound messages: personal, mass_mail, didnt_read_profile, not_a_fit, fit, needs_me."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from warmly.triage.draft import draft_reply, join_words, original_words
from warmly.triage.massmail import MassMailOracle
from warmly.triage.profile import SpecialtyMatch, SpecialtyProfile
from warmly.triage.signals import Signals, signals
from warmly.triage.templates import Templates, default_templates
from warmly.triage.text import (
    fold,
    greeting_pattern,
    tokens,
    unquoted,
    without_signature,
    word_list,
)
from warmly.triage.types import (
    PRECEDENCE,
    InboundMessage,
    Label,
    TieInfo,
    TriageConfig,
    TriageResult,
)
from warmly.triage.voice import Style


def _written_by_machine(msg: InboundMessage, sig: Signals) -> bool:
    """Sponsored InMail or unfilled merge fields: the sender did not write it to the user."""
    return bool(sig.placeholders) or "sponsored" in msg.tags or "bulk" in msg.tags


def _personal(
    msg: InboundMessage, sig: Signals, tie: TieInfo | None, cfg: TriageConfig
) -> str | None:
    # However close the sender, a campaign sent in their name is not a personal
    # message: it would sit on top of the inbox and never be filed away.
    if tie is None or _written_by_machine(msg, sig):
        return None
    if tie.layer is not None and tie.layer <= cfg.personal_max_layer:
        return f"from a close tie (circle {tie.layer + 1}): never filed away"
    if tie.strength >= cfg.personal_min_strength:
        return f"from a strong tie (strength {tie.strength:.2f}): never filed away"
    return None


def _body_words(text: str, my_name: str = "") -> int:
    """Words after the greeting: "Hi Jordan Avery -" says nothing about templating.

    "hey Jordan Avery What ..." greets without punctuation: the user's name after a
    greeting ends it all the same.
    """
    text = text.strip()
    named = _greeting_by_name(my_name)
    body = named.sub("", text, count=1) if named is not None else text
    if body == text:
        body = _GREETING.sub("", text, count=1)
    return len(body.split())


_GREETING = re.compile(
    rf"^(?:{greeting_pattern()}|good \w+)\b[^,!:?\n]*?(?:[,!:\n]|\s[-–—])\s*", re.IGNORECASE
)


@lru_cache(maxsize=8)
def _greeting_by_name(my_name: str) -> re.Pattern[str] | None:
    parts = [re.escape(p) for p in my_name.split() if len(p) > 1]
    if not parts:
        return None
    names = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(
        rf"^(?:{greeting_pattern()}|good \w+)\s+(?:{names})(?:\s+(?:{names}))*\b[,!:]?\s*",
        re.IGNORECASE,
    )


def _mass_mail(
    msg: InboundMessage, sig: Signals, senders: int, cfg: TriageConfig, my_name: str = ""
) -> list[str]:
    out = []
    if sig.placeholders:
        out.append(f"unfilled mail-merge field {', '.join(sig.placeholders)}: sent in bulk")
    words = _body_words(msg.text, my_name)
    if senders >= cfg.mass_mail_min_senders and words >= cfg.mass_mail_min_words:
        others = senders - 1
        out.append(
            f"the same or near-same text came from {others} other sender"
            f"{'s' if others != 1 else ''}"
        )
    if "sponsored" in msg.tags or "bulk" in msg.tags:  # see _written_by_machine
        out.append("marked as a sponsored/bulk message by the platform")
    return out


def _scope_unanswered(
    question: str, profile: SpecialtyProfile, threshold: float, ignore: frozenset[str] = frozenset()
) -> bool:
    """True when a yes/no scope question names something the profile does not cover.

    A wh-question ("which sectors do you cover?") or an alternative one ("engineers
    or only leadership?") is always answered by the profile; "do you recruit
    pharmacists?" is not when pharmacists are not in it, nor "can you help me find
    a job in Toronto?" when the profile says Berlin. Greetings, time fillers ("at
    the moment") and ``ignore`` (the user's own name) are never something specific.
    """
    low = fold(question)
    if _WH.search(low) or re.search(r"\bor\b", low):
        return False
    terms = profile.terms(question)
    if profile.excluded(terms) or profile.outside_places(terms):
        return True
    filler = _SCOPE | ignore
    specific = [t for t in terms if profile.lexicon.weight(t) > 0 and t not in filler]
    matches = profile.match(terms)
    best = matches[0].score if matches else 0.0
    return any(t not in profile.vocabulary for t in specific) and best < threshold


_SCOPE = (
    word_list("words.toml", "scope")
    | word_list("words.toml", "scope_filler")
    | word_list("words.toml", "time_filler")
    | word_list("words.toml", "greeting")
)
_WH = re.compile(r"\b(?:what|which|where|who|whom|how|what's|whats)\b")


def _names_something_else(
    terms: Mapping[str, str], profile: SpecialtyProfile, ignore: frozenset[str]
) -> bool:
    """True when an ask names a place outside the user's, or a term the profile lacks.

    "remote from Madrid", "help with hiring" or "a new role" name nothing the user
    does not do: such an ask is no sign of a misfit (often a client or a candidate
    already in a process), so it is a plain request, not a not-a-fit.
    """
    if profile.outside_places(terms):
        return True
    filler = _SCOPE | ignore
    lex = profile.lexicon
    return any(lex.weight(t) > 0 and t not in profile.vocabulary and t not in filler for t in terms)


def _name_words(my_name: str) -> frozenset[str]:
    """The user's own name as terms: "Jordan" in "Jordan, are you hiring?" asks for nothing."""
    return frozenset(t for t in tokens(my_name) if len(t) > 1)


def label_one(
    msg: InboundMessage,
    profile: SpecialtyProfile,
    tie: TieInfo | None,
    senders: int,
    cfg: TriageConfig,
    my_name: str = "",
) -> tuple[list[Label], list[str], dict[str, float], Signals, SpecialtyMatch | None]:
    """Every label of ``msg`` (precedence order), reasons, scores, signals and best fit.

    ``my_name`` is the user's: senders address them by it, it is never what they ask for.
    """
    sig = signals(msg.text, my_name)
    me = _name_words(my_name)
    labels: list[Label] = []
    reasons: list[str] = []
    scores: dict[str, float] = {"mass_mail_senders": float(senders)}

    if why := _personal(msg, sig, tie, cfg):
        labels.append("personal")
        reasons.append(why)
    if mass := _mass_mail(msg, sig, senders, cfg, my_name):
        labels.append("mass_mail")
        reasons.extend(mass)

    scoped = [
        q for q in sig.scope_questions if not _scope_unanswered(q, profile, cfg.fit_threshold, me)
    ]
    if scoped and (profile.specialties or profile.headline):
        labels.append("didnt_read_profile")
        source = "headline" if profile.headline else "specialties"
        reasons.append(f"asks {scoped[0]!r}, which your {source} already answers")

    terms = profile.terms(msg.text)
    matches = profile.match(terms)
    best = matches[0] if matches and matches[0].score > 0 else None
    for m in matches[:3]:
        if m.score > 0:
            scores[f"fit:{m.specialty.name}"] = m.score
    ask_terms = profile.terms(sig.ask) if sig.ask else terms
    excluded = profile.excluded(ask_terms) or ([] if sig.ask else profile.excluded(terms))
    is_fit = best is not None and best.score >= cfg.fit_threshold
    wants = sig.request is not None or bool(sig.ask)

    if excluded and (sig.domain or wants):
        labels.append("not_a_fit")
        reasons.append(
            f"asks for {sig.ask or excluded[0]!r}, which you don't do "
            f"(your profile: not {', '.join(excluded)})"
        )
    elif (
        not is_fit
        and sig.domain
        and wants
        and sig.ask
        and "didnt_read_profile" not in labels
        and _names_something_else(ask_terms, profile, me)
    ):
        labels.append("not_a_fit")
        near = f" (closest: {best.specialty.name!r}, score {best.score:.2f})" if best else ""
        if away := profile.outside_places(ask_terms):
            places = join_words(original_words(sig.ask, away) or away)
            mine = ", ".join(sorted(profile.where))
            reasons.append(f"asks for {sig.ask!r}: {places} is outside your locations ({mine})")
        else:
            reasons.append(f"asks for {sig.ask!r}, which matches none of your specialties{near}")
    if is_fit and best is not None:
        labels.append("fit")
        reasons.append(
            f"matches your {best.specialty.source} {best.specialty.name!r} "
            f"(score {best.score:.2f}: {', '.join(best.matched)})"
        )
    if sig.request is not None:
        labels.append("needs_me")
        reasons.append(f"a question or request ({sig.request!r})")
    if not labels:
        labels.append("fyi")
        reasons.append("no question, request or match: nothing to answer")
    ordered = [lab for lab in PRECEDENCE if lab in labels]
    return ordered, reasons, scores, sig, best


def triage(
    messages: Sequence[InboundMessage],
    profile: SpecialtyProfile,
    ties: Mapping[Hashable, TieInfo],
    oracle: MassMailOracle,
    config: TriageConfig | None = None,
    style: Style | None = None,
    templates: Templates | None = None,
    my_name: str = "",
) -> list[TriageResult]:
    """Label each message (one ``label`` by precedence, every ``labels`` that applies) + a draft.

    Each message is judged on its own plus the ``oracle`` (which must already hold
    the batch and history), so the result does not depend on the order of
    ``messages``. Only the sender's own words count: quoted history (often the
    user's own message) is left out. Results come back in input order.
    """
    cfg = config or TriageConfig()
    style = style or Style()
    tmpl = templates or default_templates()
    out = []
    for original in messages:
        own = unquoted(original.text)
        # The oracle indexed whole texts; the labels read only what the sender wrote
        # to the user, without the signature ("Head of Sales" is not an ask).
        senders = oracle.senders_with_similar(own)
        msg = replace(original, text=without_signature(own, original.sender_name))
        labels, reasons, scores, sig, best = label_one(
            msg, profile, ties.get(msg.person_id), senders, cfg, my_name
        )
        label = labels[0]
        ask = sig.scope_questions[0] if label == "didnt_read_profile" else sig.ask
        if label == "not_a_fit" and not ask:
            # "a great fit for our Sales role": no cue to take the ask from, so name
            # what they asked for that the user does not do, as they wrote it.
            off = profile.excluded(profile.terms(msg.text))
            ask = join_words(original_words(msg.text, off) or off) if off else None
        draft = draft_reply(
            label,
            msg.text,
            msg.sender_name,
            style,
            tmpl,
            profile,
            topic_words=best.key_words if best is not None else (),
            ask=ask,
            specialty=best.specialty.name if best is not None else None,
            subject=msg.subject,
            my_name=my_name,
        )
        out.append(
            TriageResult(
                message_id=msg.id,
                person_id=msg.person_id,
                label=label,
                labels=tuple(labels),
                reasons=tuple(reasons),
                scores=scores,
                draft=draft,
                ask=sig.ask,
            )
        )
    return out
