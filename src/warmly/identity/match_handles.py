"""Reading names out of handles: ``jane_doe42``, ``jdoe_dev``, ``dmitri@acme.de``.

A handle spells a name only against the data set's own vocabulary (given
names and surnames seen in display names, plus the built-in given names):
``pixelfox42`` spells nobody. What a handle can spell:

* a full name (``jane_doe``, ``doejane``, ``janedoe42``), possibly cut at X's
  15 characters (``besjoserrayckda``: the surname prefix completes to the few
  known surnames it can be, each reading competing with the others);
* an initial and a surname (``jdoe``, ``j.doe``, ``akrirdev``);
* a given name and a surname initial (``jane_d42``, ``amandak@acme.com``);
* a given name alone (``dmitri@willowcloud.de``, ``anna91``): weak on its own,
  telling beside a shared employer.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from warmly.identity.match_features import Features, name_keys, surname_parts
from warmly.identity.names import KNOWN_GIVEN_NAMES, HandleName, formal_names


class Vocabulary:
    """Names seen in the data, with completion of cut-off prefixes."""

    __slots__ = ("_sorted", "names")

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self._sorted = sorted(self.names)

    def __contains__(self, x: object) -> bool:
        return x in self.names

    def completions(self, prefix: str, limit: int = 3) -> tuple[str, ...]:
        """Known names longer than ``prefix`` that start with it; none if more than ``limit``.

        A cut-off handle ``…rayckda`` may be Rayckdayswood or Rayckdaysford: both
        readings are kept and their namesakes compete (see ``Features.readings``);
        a prefix that a crowd of names starts with says nothing.
        """
        if len(prefix) < 4:
            return ()
        i = bisect.bisect_right(self._sorted, prefix)
        out: list[str] = []
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            out.append(self._sorted[i])
            if len(out) > limit:
                return ()
            i += 1
        return tuple(out)


# Handles this long (separators included) may have been cut at X's 15 characters;
# Mastodon and Bluesky handles too, which people copy from X. Emails never are.
_CUT_LENGTH = 14
_CUT_PLATFORMS = frozenset({"x", "mastodon", "bluesky"})
# Words glued to a name in a compact handle (``akrirdev``, ``realjanedoe``):
# only these longer ones, a short one (``io``) ends too many names.
_JUNK_SUFFIXES = ("official", "designs", "design", "writes", "codes", "code", "devs", "dev")
_JUNK_PREFIXES = ("thereal", "real", "the", "iam", "its")
# Two-letter name pieces a compact handle may be split at: common real given
# names and surnames (Ed, Li, Wu, Ng); any other two-letter piece is more
# likely a chance match against a large vocabulary.
_SHORT_GIVEN = frozenset(["al", "ed", "em", "jo", "bo", "mo", "ty", "li", "an"])
_SHORT_SURNAMES = frozenset(
    "li wu xu he hu yu lu ma ng ho ko lo ye do le ly vo oh an im ha".split()  # noqa: SIM905
)


def _long_enough(first: str, last: str) -> bool:
    if len(first) == 2 and first not in _SHORT_GIVEN:
        return False
    return len(last) > 2 or (last in _SHORT_SURNAMES and len(first) >= 3)


def _compacts(c: str, cut: bool = False) -> list[str]:
    """The compact handle, and the name it holds once glued junk words are cut off
    (``realjdoedev``: ``jdoedev``, ``realjdoe``, ``jdoe``). A handle cut at the
    length limit may end in part of one (``joannamuldercod``, from ``…codes``)."""
    suffix = next((s for s in _JUNK_SUFFIXES if c.endswith(s)), "")
    if not suffix and cut:
        suffix = next(
            (j[:k] for j in _JUNK_SUFFIXES for k in range(len(j) - 1, 2, -1) if c.endswith(j[:k])),
            "",
        )
    prefix = next((p for p in _JUNK_PREFIXES if c.startswith(p)), "")
    out = [c]
    for head, tail in ((prefix, ""), ("", suffix), (prefix, suffix)):
        if (head or tail) and len(c) - len(head) - len(tail) >= 4:
            name = c[len(head) : len(c) - len(tail)]
            if name not in out:
                out.append(name)
    return out


class HandleReading:
    """What one handle spells: full names, initial keys, partial names, a given name."""

    __slots__ = ("given_alone", "inits", "pairs", "partial")

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()  # (given, surname)
        self.inits: set[str] = set()  # "j doe"
        self.partial: set[str] = set()  # "jane d"
        self.given_alone: set[str] = set()  # "dmitri"


class _Reader:
    """The vocabulary tests one handle is read with."""

    __slots__ = ("cut", "firsts", "lasts")

    def __init__(
        self,
        firsts: Vocabulary | frozenset[str] | set[str],
        lasts: Vocabulary | frozenset[str] | set[str],
        cut: bool,
    ) -> None:
        self.firsts, self.lasts, self.cut = firsts, lasts, cut

    def given(self, x: str) -> bool:
        return len(x) > 1 and (x in KNOWN_GIVEN_NAMES or x in self.firsts)

    def surnames(self, x: str) -> tuple[str, ...]:
        """``x`` as a surname, or (cut handles) the few surnames it is a prefix of."""
        if x in self.lasts:
            return (x,)
        if self.cut and isinstance(self.lasts, Vocabulary) and len(x) >= 4:
            return self.lasts.completions(x)
        return ()

    def givens(self, x: str) -> tuple[str, ...]:
        if self.given(x):
            return (x,)
        if self.cut and isinstance(self.firsts, Vocabulary) and len(x) >= 4:
            return self.firsts.completions(x)
        return ()


def read_handle(
    h: HandleName,
    firsts: Vocabulary | frozenset[str] | set[str],
    lasts: Vocabulary | frozenset[str] | set[str],
    cut: bool = False,
) -> HandleReading:
    """Everything ``h`` spells against the vocabulary (see the module docstring).

    ``cut``: the handle may have been cut at the length limit, so a trailing
    surname (or given name, in surname-first handles) may be a prefix.
    """
    r = HandleReading()
    v = _Reader(firsts, lasts, cut)
    t = h.tokens
    if len(t) >= 2:
        if v.given(t[0]):
            r.pairs.update((t[0], s) for s in v.surnames(t[-1]))
        if t[0] in lasts:
            r.pairs.update((g, t[0]) for g in v.givens(t[-1]))
        if len(t[0]) == 1:
            r.inits.update(f"{t[0]} {s}" for s in v.surnames(t[-1]))
        # jane_d42, ngenemi_n: a given name and a surname initial (or a cut-off
        # surname that completes to nothing known).
        short = len(t) == 2 and len(t[1]) <= 3 and t[1] not in lasts
        if short and len(t[0]) > 2 and v.given(t[0]):
            r.partial.update(f"{g} {t[1][0]}" for g in formal_names(t[0]))
        return r
    # A glued junk word is cut off only when the handle as it is spells nothing
    # (``vasudev`` stays Vasudev; ``akrirdev`` is A. Krir).
    first, *stripped = _compacts(h.compact, cut)
    _read_compact(first, r, v)
    if not (r.pairs or r.inits or r.partial or r.given_alone):
        for c in stripped:
            _read_compact(c, r, v)
    return r


def _read_compact(c: str, r: HandleReading, v: _Reader) -> None:
    # A handle without separators is split only where both pieces are long
    # enough not to be chance (``la|non``, ``fio|na``), and not at all when it
    # is a name by itself (``santiago98`` is Santiago, not Go Santia).
    if v.given(c):
        r.given_alone.add(c)
        return
    if c in v.lasts:
        return
    for i in range(2, len(c) - 1):
        head, rest = c[:i], c[i:]
        if v.given(head):
            tails = (rest,) if rest in v.lasts else v.surnames(rest) if len(rest) >= 4 else ()
            r.pairs.update((head, s) for s in tails if _long_enough(head, s))
        if head in v.lasts:
            r.pairs.update((g, head) for g in v.givens(rest) if _long_enough(g, head))
    if len(c) >= 4:
        r.inits.update(f"{c[0]} {s}" for s in v.surnames(c[1:]))
        # amandak@acme.com: a given name and the surname's initial. Not with a
        # final "s": Evans, Roberts, Peters are surnames made from given names.
        if len(c) >= 5 and c[-1] != "s" and v.given(c[:-1]) and c[:-1] not in v.lasts:
            r.partial.update(f"{g} {c[-1]}" for g in formal_names(c[:-1]))
        # whitej, mercierq: a surname and the given name's initial.
        elif len(c) >= 5 and not r.pairs and c[:-1] in v.lasts and not v.given(c[:-1]):
            r.inits.add(f"{c[-1]} {c[:-1]}")


def add_handle_keys(f: Features, firsts: Vocabulary, lasts: Vocabulary) -> None:
    """Add the name keys a person's handles spell (second pass, needs the vocabulary)."""
    hfull: set[str] = set()
    inits: set[str] = set(f.initial)
    partial: set[str] = set(f.partial)
    alone: set[str] = set()
    for platform, handle, split in f.handles:
        local = handle.split("@", 1)[0].split(".bsky.", 1)[0]
        cut = platform in _CUT_PLATFORMS and len(local) >= _CUT_LENGTH
        r = read_handle(split, firsts, lasts, cut)
        partial |= r.partial
        for k in r.partial:
            f.shown.setdefault(k, f"@{handle}")
        for x in r.given_alone:
            for g in formal_names(x):
                alone.add(g)
                f.shown.setdefault(g, f"@{handle}")
        spelled = {k for first, last in r.pairs for k in name_keys(first, frozenset([last]))}
        for k in spelled:
            hfull.add(k)
            f.shown.setdefault(k, f"@{handle}")
            if len(spelled) > 1:
                f.readings[k] = frozenset(spelled | f.readings.get(k, frozenset()))
        inits |= r.inits
    # "Jane 🚀" with handle jdoe_dev: the name gives the given name, the handle the surname.
    for key in inits - f.initial:
        ini, _, last = key.partition(" ")
        for first in f.firsts:
            if first[0] == ini:
                hfull.add(f"{first} {last}")
                f.shown.setdefault(f"{first} {last}", f"@{key}")
    if f.full:
        # A person who shows a full name: a handle reading with another surname
        # is a misreading (kallen: Kal Len for Krzysztof Allen), not a second name.
        # Kept: the shown surname, or the shown name in the other order (Yang Min).
        lasts_shown = {k.partition(" ")[2] for k in f.full}
        pairs_shown = {frozenset(k.split(" ", 1)) for k in f.full}
        hfull = {
            k
            for k in hfull
            if k.partition(" ")[2] in lasts_shown or frozenset(k.split(" ", 1)) in pairs_shown
        }
    f.hfull = frozenset(hfull - f.full)
    f.initial = frozenset(inits)
    f.partial = frozenset(partial)
    f.hgiven = frozenset(alone - f.firsts)


def vocabulary(features: Iterable[Features]) -> tuple[Vocabulary, Vocabulary]:
    """Given names and surname pieces seen in display names."""
    firsts: set[str] = set()
    lasts: set[str] = set()
    for f in features:
        for n in f.names:
            if len(n.first) > 1:
                firsts.add(n.first)
            lasts |= surname_parts(n)
    return Vocabulary(firsts), Vocabulary(lasts)
