"""Profile links in an email signature: a deterministic link, like a vCard.

People put their LinkedIn profile (and sometimes an X, Mastodon or Bluesky
profile) under their name. An inbound message whose *own* signature carries
exactly one profile per network ties the sender's address to that profile:
:func:`signature_record` turns it into a :class:`ContactRecord` naming both,
which the ledger links like any record carrying two identities.

Only the sender's own words count. :func:`own_text` cuts the body at the
first quoted line (``> …``), reply header ("On … wrote:", Outlook's
``From:``/``Sent:`` block, "-----Original Message-----") or forwarded-message
marker: whatever follows belongs to someone else, and a quoted signature
linking the wrong address is worse than a missed link. Bottom-posted replies
therefore yield nothing; that is the price of never reading a quote.

The signature is what follows a ``-- `` line, else the last
:data:`TAIL_LINES` non-empty lines. Without a delimiter the tail may still be
prose ("talk to my colleague linkedin.com/in/bob"), so there a profile counts
only if its slug or handle contains a part of the sender's name or address.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from warmly.identity import keys
from warmly.importers.records import ContactRecord, IdentityRef

TAIL_LINES = 12  # non-empty lines read as the signature when there is no "-- " line

# Reply and forward headers of common clients (en, de, fr, es, it, nl, pt).
_REPLY_WORDS = r"(?:wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)"
_ON_WROTE_RX = re.compile(
    # German puts the name after the verb: "Am … schrieb Bob <bob@…>:".
    r"^\s*(?:on|am|le|el|il|op|em)\s.{0,300}?\b" + _REPLY_WORDS + r"\b.{0,200}:\s*$",
    re.I,
)
_ANY_WROTE_RX = re.compile(r"^.{0,200}\S@\S.{0,200}\b" + _REPLY_WORDS + r"\s*:\s*$", re.I)
_MARKER_RX = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|"
    r"weitergeleitete nachricht|message d'origine|message transféré|mensaje original|"
    r"mensaje reenviado|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|"
    r"doorgestuurd bericht|mensagem original|mensagem encaminhada)\b.*"
    r"|begin forwarded message:?|anfang der weitergeleiteten nachricht:?"
    r"|début du message réexpédié\s*:?)\s*$",
    re.I,
)
_HEADER_FROM_RX = re.compile(r"^\s*\*?(?:from|von|de|da|van)\s*:\*?\s*\S", re.I)
_HEADER_NEXT_RX = re.compile(
    r"^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|date|à|objet|"
    r"enviado|fecha|para|asunto|inviato|data|oggetto|verzonden|aan|onderwerp)\s*:",
    re.I,
)

# A token: text between whitespace, angle brackets, parentheses, quotes, bars.
_SPLIT_RX = re.compile(r"[\s<>()\[\]{}\"'|,;•·]+")
_SCHEME = r"(?:https?://)?"
_LINKEDIN_RX = re.compile(
    _SCHEME + r"(?:[a-z]{2,3}\.)?linkedin\.com/in/([\w\-%]{2,100})/?(?:[?#]\S*)?", re.I
)
_X_RX = re.compile(
    _SCHEME + r"(?:www\.|mobile\.)?(?:x|twitter)\.com/(?:#!/)?@?(\w{1,15})/?(?:[?#]\S*)?", re.I
)
_MASTODON_RX = re.compile(r"https?://([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)/@(\w{1,30})/?", re.I)
_BLUESKY_RX = re.compile(
    _SCHEME + r"(?:www\.)?bsky\.app/profile/([\w\-.:]{3,253})/?(?:[?#]\S*)?", re.I
)
_NAME_PART_RX = re.compile(r"[^\W\d_]{3,}")
# Cheap test first: most mail names no profile at all.
_ANY_PROFILE_RX = re.compile(r"linkedin\.com/in/|(?:x|twitter)\.com/|bsky\.app/profile/|/@\w", re.I)


def own_text(body: str) -> str:
    """The sender's own words: ``body`` cut at the first quote, reply header or forward."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(">") or _MARKER_RX.match(line):
            return "\n".join(lines[:i])
        if _ANY_WROTE_RX.match(line) or any(
            _ON_WROTE_RX.match(" ".join(lines[i:j])) for j in range(i + 1, i + 4)
        ):
            return "\n".join(lines[:i])
        if _HEADER_FROM_RX.match(line) and any(
            _HEADER_NEXT_RX.match(nxt) for nxt in lines[i + 1 : i + 4]
        ):
            return "\n".join(lines[:i])
    return body


def signature_region(text: str) -> tuple[str, bool]:
    """The signature of the sender's own text, and whether a ``-- `` line marked it."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.rstrip() == "--":
            return "\n".join(lines[i + 1 :]), True
    tail = [ln for ln in lines if ln.strip()][-TAIL_LINES:]
    return "\n".join(tail), False


def profiles(region: str) -> list[IdentityRef]:
    """Bare profile links of a signature, at most one per network.

    A network named by two different profiles is ambiguous (a colleague's
    link, a company page and a personal one) and yields nothing.
    """
    found: dict[str, dict[str, str]] = {}
    for token in _SPLIT_RX.split(region):
        token = token.strip(".:!?*").removeprefix("mailto:")
        if "/" not in token:
            continue
        if ref := _profile(token):
            assert ref.handle is not None
            found.setdefault(ref.platform, {}).setdefault(ref.handle, ref.url or token)
    out = []
    for platform, by_handle in sorted(found.items()):
        if len(by_handle) == 1:
            ((handle, url),) = by_handle.items()
            out.append(IdentityRef(platform, handle, url=url))
    return out


def _profile(token: str) -> IdentityRef | None:
    """A bare profile URL of a known network (whole token), validated by :mod:`keys`."""
    if m := _LINKEDIN_RX.fullmatch(token):
        slug = keys.linkedin_slug(f"https://www.linkedin.com/in/{m.group(1)}")
        if not slug:
            return None
        return IdentityRef("linkedin", slug, url=f"https://www.linkedin.com/in/{slug}")
    if m := _X_RX.fullmatch(token):
        handle = keys.x_handle(f"https://x.com/{m.group(1)}")  # pages are not people
        return IdentityRef("x", handle, url=f"https://x.com/{handle}") if handle else None
    if m := _BLUESKY_RX.fullmatch(token):
        handle = keys.bluesky_key(m.group(1).rstrip("."))
        if handle:
            return IdentityRef("bluesky", handle, url=f"https://bsky.app/profile/{handle}")
        return None
    if m := _MASTODON_RX.fullmatch(token):
        host = m.group(1).lower().removeprefix("www.")
        acct = keys.mastodon_acct(f"https://{m.group(1)}/@{m.group(2)}")  # not github.com/@…
        return IdentityRef("mastodon", acct, url=f"https://{host}/@{m.group(2)}") if acct else None
    return None


def _name_parts(*texts: str) -> set[str]:
    return {p.lower() for t in texts for p in _NAME_PART_RX.findall(t)}


def _plausible(ref: IdentityRef, parts: Iterable[str]) -> bool:
    """The slug or handle spells part of the sender's name or address."""
    handle = (ref.handle or "").partition("@")[0] if ref.platform == "mastodon" else ref.handle
    flat = re.sub(r"[\W_]", "", handle or "").lower()
    return any(p in flat for p in parts)


def signature_record(
    sender: str, sender_name: str, body: str, location: str
) -> ContactRecord | None:
    """A record linking ``sender`` to the profiles in its own signature, or None.

    The source key depends only on the address and the profile keys, so the
    same signature on fifty messages, or in a second import, is one record.
    """
    if not _ANY_PROFILE_RX.search(body):
        return None
    region, delimited = signature_region(own_text(body))
    if "/" not in region:
        return None
    refs = profiles(region)
    if not delimited:
        parts = _name_parts(sender_name, sender.partition("@")[0])
        refs = [r for r in refs if _plausible(r, parts)]
    if not refs:
        return None
    name = sender_name or None
    linked = [IdentityRef(r.platform, r.handle, name=name, url=r.url) for r in refs]
    ident = "\x1f".join([sender, *(f"{r.platform}:{r.handle}" for r in linked)])
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()
    return ContactRecord(
        source_key=f"email-sig:sha1:{digest}",
        identities=[IdentityRef("email", sender, name=name), *linked],
        name=name,
        location=location,
    )
