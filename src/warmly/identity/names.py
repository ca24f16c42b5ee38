"""Name normalisation, nickname equivalence and handle-to-name splitting.

Profiles carry names the way people type them: ``Dr. Jane Q. Doe, PhD 🇮🇳``,
``Jane 🚀 | building things``, ``DOE, Jane``, ``jane (she/her)``. Matching needs
one comparable form, so :func:`parse_name` folds accents (anyascii), drops
emoji, pronouns, headline junk, titles and credentials, lower-cases, and splits
first / middle / last (nameparser for the names that need it). Handles
(``jdoe_dev``, ``jane.doe@acme.com``) are compared with names through the
compact patterns of :func:`name_patterns` and the splitter :func:`split_handle`.

All functions are pure and cached: the same raw name recurs across a data set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from anyascii import anyascii
from nameparser import HumanName
from nameparser.config import CONSTANTS

__all__ = [
    "HandleName",
    "PersonName",
    "clean_name",
    "formal_names",
    "given_name_groups",
    "given_name_variants",
    "name_patterns",
    "nickname_equivalent",
    "parse_name",
    "split_handle",
]

# Titles dropped only at the start of a name. nameparser's own title list has
# 800 words ("judge", "chief", "king") that are also given names or headline
# words, so a short curated list is safer.
_TITLES = frozenset(
    [
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "rev",
        "fr",
        "herr",
        "frau",
        "mme",
        "mlle",
        "sr",
        "sra",
    ]
)
# Credentials and generational suffixes seen on LinkedIn; dropped at the end.
_SUFFIXES = frozenset(
    [
        "phd",
        "ph.d",
        "md",
        "mba",
        "cpa",
        "cfa",
        "pmp",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "esq",
        "msc",
        "bsc",
        "ma",
        "ba",
        "bs",
        "ms",
        "mphil",
        "dphil",
        "dds",
        "rn",
        "cissp",
        "cisa",
        "shrm",
        "scp",
        "cp",
        "pe",
        "peng",
        "ceng",
        "frsa",
        "facs",
        "mbbs",
        "llm",
        "jd",
        "acca",
        "aca",
        "cma",
        "cima",
        "frcs",
        "mrcp",
        "pgcert",
        "msw",
        "lcsw",
        "edd",
        "dvm",
        "od",
        "pharmd",
        "psyd",
        "cfp",
        "caia",
        "frm",
        "csm",
        "psm",
        "phr",
        "sphr",
    ]
)
_COMMA_SUFFIXES = frozenset(CONSTANTS.suffix_acronyms) | frozenset(CONSTANTS.suffix_not_acronyms)
# Headline separators: everything after the first one is job-title noise.
_HEADLINE_RX = re.compile(r"\s*(?:\||•|·|\s[-–—]\s|\s@\s|\s/\s|:\s).*$")
_BRACKETS_RX = re.compile(r"[(\[{<][^)\]}>]*[)\]}>]?")
# Custom emoji as Mastodon and Slack show them in display names (":blobcat:").
_SHORTCODE_RX = re.compile(r":[a-z0-9_+-]{2,}:", re.IGNORECASE)
_NON_ALPHA_RX = re.compile(r"[^a-z\s-]+")
_SPACES_RX = re.compile(r"\s+")
# Tokens in handles that say nothing about the name (``jdoe_dev``, ``real_jane``).
_HANDLE_JUNK = frozenset(
    [
        "dev",
        "devs",
        "official",
        "real",
        "the",
        "hq",
        "io",
        "app",
        "codes",
        "code",
        "writes",
        "design",
        "designs",
        "tech",
        "pm",
        "iam",
        "its",
        "hello",
        "hi",
        "mr",
        "ms",
        "dr",
        "me",
        "mail",
        "info",
        "contact",
        "work",
        "pro",
        "ai",
        "ux",
        "ml",
        "data",
        "eng",
        "js",
        "py",
        "uk",
        "us",
        "de",
        "fr",
        "in",
        "nyc",
        "sf",
        "la",
        "london",
        "berlin",
        "bsky",
        "social",
    ]
)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A normalised name: lower-case ASCII tokens; ``last`` is ``""`` when unknown.

    ``first`` may be a single letter (``J. Doe``). ``last`` may hold a hyphen
    (``garcia-lopez``) or a particle (``van beethoven``). The derived fields are
    computed once: pair scoring reads them hundreds of thousands of times.
    """

    first: str
    middle: str
    last: str
    full: str = field(init=False, compare=False, repr=False)
    """``first last`` (middle names left out: sources disagree on them)."""
    display: str = field(init=False, compare=False, repr=False)
    """All parts joined, the input that :func:`parse_name` maps back to ``self``."""
    last_parts: frozenset[str] = field(init=False, compare=False, repr=False)
    """Pieces of a compound surname: ``garcia-lopez`` -> {garcia, lopez, garcialopez}."""

    def __post_init__(self) -> None:
        pieces = [p for p in re.split(r"[\s-]+", self.last) if p]
        parts = frozenset([*pieces, "".join(pieces)]) if pieces else frozenset()
        object.__setattr__(self, "full", f"{self.first} {self.last}".strip())
        display = " ".join(p for p in (self.first, self.middle, self.last) if p)
        object.__setattr__(self, "display", display)
        object.__setattr__(self, "last_parts", parts)


@dataclass(frozen=True, slots=True)
class HandleName:
    """What a handle says about a name: its alphabetic tokens and compact form."""

    tokens: tuple[str, ...]
    compact: str
    first: str
    last: str


def _strip_symbols(text: str) -> str:
    # Emoji, flags (regional indicators are "So"), variation selectors and ZWJ
    # must go before anyascii, which would spell them out (":rocket:").
    return "".join(
        " "
        if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co", "Cf", "Mn") and not ch.isalpha()
        else ch
        for ch in unicodedata.normalize("NFC", text)
    )


@lru_cache(maxsize=262_144)
def clean_name(raw: str) -> str:
    """Fold a raw display name to lower-case ASCII words without noise.

    >>> clean_name("Dr. Zoë Brandt-Øster, PhD 🇩🇪 (she/her) | Hiring")
    'zoe brandt-oster'
    """
    text = _BRACKETS_RX.sub(" ", _SHORTCODE_RX.sub(" ", _strip_symbols(raw)))
    text = _HEADLINE_RX.sub("", text)
    text = anyascii(text).lower().replace("'", "").replace("`", "")
    head, sep, tail = text.partition(",")
    if sep:
        tail_tokens = [t for t in re.split(r"[\s,]+", tail.replace(".", "")) if t]
        if all(t in _COMMA_SUFFIXES or t in _SUFFIXES for t in tail_tokens):
            text = head  # "Jane Doe, PhD, MBA"
        elif 1 <= len(tail_tokens) <= 2 and len(head.split()) == 1:
            text = f"{tail} {head}"  # "Doe, Jane" -> "jane doe"
        else:
            text = head
    text = _NON_ALPHA_RX.sub(" ", text.replace(".", " "))
    tokens = [t.strip("-") for t in _SPACES_RX.split(text)]
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    while len(tokens) > 2 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def name_quality(raw: str | None) -> int:
    """How well ``raw`` names a person, for choosing among the names of one human.

    0 none; 1 a given name or an initial only (``Lorenzo | Data @ Juniper``,
    ``J. Doe``); 2 a full name under noise (a headline, emoji, pronouns,
    ``Doe, Jane``, all lower case); 3 a full name as written (``Lorenzo Lehmann``).
    """
    n = parse_name(raw)
    if n is None or not raw:
        return 0
    if len(n.first) < 2 or len(n.last) < 2:
        return 1
    if raw.lower() == raw or raw.upper() == raw:  # "jane doe", "JANE DOE"
        return 2
    plain = anyascii(raw).lower().replace(".", " ").replace("-", " ").replace("'", "")
    return 3 if plain.split() == n.display.replace("-", " ").split() else 2


@lru_cache(maxsize=262_144)
def parse_name(raw: str | None) -> PersonName | None:
    """Normalise and split a display name; ``None`` when nothing name-like is left.

    Two-token names are split directly; longer ones go through nameparser, which
    knows particles (``van``, ``de la``) and is ~100x slower, so the fast path
    keeps 100k names affordable.
    """
    if not raw:
        return None
    cleaned = clean_name(raw)
    tokens = cleaned.split()
    if not tokens:
        return None
    if len(tokens) == 1:
        return PersonName(tokens[0], "", "")
    if len(tokens) == 2:
        return PersonName(tokens[0], "", tokens[1])
    n = _parse_long(cleaned, tokens)
    # nameparser may drop a token as a suffix or title ("... V JP"); the kept
    # ones, read again, can parse another way ("V" a suffix now). The display
    # must map back to the same name, so go on until the parse is stable.
    for _ in range(3):
        if len(n.display.split()) == len(tokens):
            break
        tokens = n.display.split()
        again = _parse_long(n.display, tokens) if len(tokens) > 2 else parse_name(n.display)
        if again is None or again == n:
            break
        n = again
    return n


def _parse_long(cleaned: str, tokens: list[str]) -> PersonName:
    human = HumanName(cleaned)
    first, middle, last = human.first.lower(), human.middle.lower(), human.last.lower()
    if not first or not last:
        return PersonName(tokens[0], " ".join(tokens[1:-1]), tokens[-1])
    return PersonName(first, middle, last)


def _load_lines() -> list[list[str]]:
    text = resources.files("warmly.identity").joinpath("nicknames.txt").read_text("utf-8")
    return [ln.split() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _index(lines: list[list[str]]) -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for gid, names in enumerate(lines):
        for name in names:
            groups.setdefault(name, set()).add(gid)
    return {name: frozenset(ids) for name, ids in groups.items()}


_LINES = _load_lines()
_GROUPS = _index(_LINES)
KNOWN_GIVEN_NAMES: frozenset[str] = frozenset(_GROUPS)


def given_name_groups(first: str) -> frozenset[int]:
    """Ids of the nickname groups ``first`` belongs to (empty when unknown)."""
    return _GROUPS.get(first, frozenset())


def formal_names(first: str) -> tuple[str, ...]:
    """The formal name of each group ``first`` belongs to, or ``(first,)`` if none.

    Used as a blocking key: "bob smith" and "robert smith" both give "robert".
    """
    gids = given_name_groups(first)
    return tuple(sorted(_LINES[g][0] for g in gids)) if gids else (first,)


def nickname_equivalent(a: str, b: str) -> bool:
    """``True`` when two different given names are nicknames of one another.

    >>> nickname_equivalent("bob", "robert"), nickname_equivalent("bob", "bill")
    (True, False)
    """
    return a != b and bool(given_name_groups(a) & given_name_groups(b))


def _variants(first: str) -> set[str]:
    # Canonical (formal) names of the groups ``first`` belongs to, so "bob" and
    # "robert" meet on the blocking key "robert".
    out = {first}
    for name, gids in _GROUPS.items():
        if gids & given_name_groups(first) and len(out) < 12:
            out.add(name)
    return out


@lru_cache(maxsize=65_536)
def given_name_variants(first: str) -> frozenset[str]:
    """``first`` and the names sharing a nickname group with it (capped at 12)."""
    return frozenset(_variants(first)) if first in _GROUPS else frozenset({first})


@lru_cache(maxsize=262_144)
def name_patterns(name: PersonName) -> dict[str, str]:
    """Compact handle patterns a person with this name is likely to use.

    Keys are the compact strings, values the pattern label:
    ``full`` (janedoe, jane.doe), ``reversed`` (doejane), ``initial+last``
    (jdoe), ``first+initial`` (janed). Compound surnames contribute each piece.
    """
    out: dict[str, str] = {}
    if not name.first or not name.last or len(name.first) < 2:
        return out
    for last in name.last_parts:
        out.setdefault(name.first + last, "full")
        out.setdefault(last + name.first, "reversed")
        out.setdefault(name.first[0] + last, "initial+last")
        out.setdefault(name.first + last[0], "first+initial")
        if name.middle:
            out.setdefault(name.first[0] + name.middle[0] + last, "initial+last")
    return out


@lru_cache(maxsize=262_144)
def split_handle(handle: str) -> HandleName | None:
    """Split a handle or address into name-like tokens.

    ``jane_doe`` -> (jane, doe); ``jane.doe@acme.com`` -> (jane, doe);
    ``janedoe42`` -> compact ``janedoe``, split at a known given name into
    (jane, doe); ``jdoe_dev`` -> compact ``jdoe``. ``None`` for DIDs and handles
    with no letters left.
    """
    h = handle.lower().strip().lstrip("@")
    if h.startswith("did:"):
        return None
    h = h.split("@", 1)[0].split("+", 1)[0]
    if h.count(".") >= 2 or h.endswith((".bsky.social", ".com", ".dev", ".io", ".net", ".org")):
        h = h.split(".", 1)[0]  # bluesky handle jane.bsky.social / janedoe.com
    h = re.sub(r"-[0-9a-f]*\d[0-9a-f]*$", "", h)  # linkedin slug suffix jane-doe-3b2a91
    tokens = tuple(t for t in re.split(r"[^a-z]+", anyascii(h)) if t and t not in _HANDLE_JUNK)
    if not tokens:
        return None
    compact = "".join(tokens)
    first, last = "", ""
    if len(tokens) >= 2:
        first, last = tokens[0], tokens[-1]
    else:
        for i in range(len(compact) - 2, 2, -1):  # longest known given-name prefix
            if compact[:i] in KNOWN_GIVEN_NAMES:
                first, last = compact[:i], compact[i:]
                break
    return HandleName(tokens, compact, first, last)
