"""From pair scores to candidates: rival accounts share probability; no chaining.

Two rules that pair scores alone cannot see, both from one fact: a human holds
one account on an *exclusive* platform (LinkedIn; X, Bluesky, Mastodon mostly).

* **Rivals.** If X-person ``b`` could be LinkedIn-person ``a`` or LinkedIn-person
  ``c``, at most one is true: ``P(a~b) = o_ab / (1 + o_ab + o_cb + ...)``, with
  ``o`` the pair odds. Two equally good John Smiths thus both fall to review.
* **Chains.** Auto-merges are unions; ``a~b`` and ``b~c`` would join ``a`` and
  ``c`` even if they hold two LinkedIn profiles. Candidates are taken most
  confident first and one that would put two accounts of an exclusive platform
  into one human is held for review instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from warmly.identity.match_config import MatchConfig
from warmly.identity.match_features import Features


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """Two people (``a < b``) that are probably the same human."""

    a: int
    b: int
    confidence: float
    reasons: list[str]
    rule: str


@dataclass(slots=True)
class Scored:
    """A pair's own log-odds (bits) before rivals are considered."""

    a: int
    b: int
    bits: float
    reasons: list[str]
    rule: str


def _exclusive(cfg: MatchConfig) -> frozenset[str]:
    return frozenset(p for p, w in cfg.conflict_bits.items() if w <= cfg.exclusive_bits)


def _clash(
    x: dict[str, frozenset[str]], y: dict[str, frozenset[str]], plats: frozenset[str]
) -> bool:
    """Would one human hold two different accounts on an exclusive platform?"""
    return any(p in y and not (x[p] & y[p]) for p in plats if p in x)


def share_rivals(
    scored: list[Scored], by_pid: dict[int, Features], cfg: MatchConfig
) -> list[MatchCandidate]:
    """Confidence of each pair with the odds of rival candidates in the denominator.

    A rival of ``other`` for ``me`` is another candidate of ``me`` holding a
    different account on a platform where ``other`` holds one. Most people
    hold one exclusive account: their rivals are summed per platform and per
    account once per person, so a crowd of namesakes costs its size, not its
    square (fifty Maria Garcias on LinkedIn made 17 million pair checks).
    """
    plats = _exclusive(cfg)
    odds = {(s.a, s.b): 2.0 ** min(s.bits, 60.0) for s in scored}
    partners = _partners(odds)
    # Each person's exclusive accounts once.
    accounts: dict[int, dict[str, frozenset[str]]] = {}
    one: dict[int, tuple[str, str]] = {}  # the one exclusive account of most people
    for pid in partners:
        bp = by_pid[pid].by_platform
        held = accounts[pid] = {p: bp[p] for p in plats if p in bp}
        if len(held) == 1:
            ((p, handles),) = held.items()
            if len(handles) == 1:
                one[pid] = (p, next(iter(handles)))
    sums = {me: _Rivals.of(lst, one, accounts) for me, lst in partners.items()}

    def against(me: int, other: int, theirs: dict[str, frozenset[str]]) -> float:
        """The odds of ``me``'s candidates that cannot be ``other``'s human too."""
        r, sig = sums[me], one.get(other)
        if sig is None:  # several exclusive accounts: every candidate asked one by one
            total, ask = 0.0, partners[me]
        else:
            total = r.by_platform.get(sig[0], 0.0) - r.by_account.get(sig, 0.0)
            ask = r.others
        total += sum(oc for c, oc in ask if c != other and _clash(theirs, accounts[c], plats))
        return max(total, 0.0)

    out: list[MatchCandidate] = []
    for s in scored:
        o = odds[(s.a, s.b)]
        rival = 0.0
        for me, other in ((s.a, s.b), (s.b, s.a)):
            theirs = accounts.get(other) or {}
            if theirs and me in sums:
                rival += against(me, other, theirs)
        conf = o / (1.0 + o + rival)
        reasons = s.reasons
        if rival > 0.1 * o:
            note = _first_rival(s, partners, accounts, plats)
            reasons = [*s.reasons, note] if note else s.reasons
        out.append(MatchCandidate(s.a, s.b, round(conf, 4), reasons, s.rule))
    return out


def _partners(odds: dict[tuple[int, int], float]) -> dict[int, list[tuple[int, float]]]:
    """Each person's candidates with their odds, in pair order; only rivals above 5 % count."""
    partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (a, b), o in sorted(odds.items()):
        if o > 0.05:
            partners[a].append((b, o))
            partners[b].append((a, o))
    return partners


@dataclass(slots=True)
class _Rivals:
    """One person's candidates, summed by the one exclusive account each holds."""

    by_platform: dict[str, float]
    by_account: dict[tuple[str, str], float]
    others: list[tuple[int, float]]  # candidates holding several exclusive accounts

    @classmethod
    def of(
        cls,
        partners: list[tuple[int, float]],
        one: dict[int, tuple[str, str]],
        accounts: dict[int, dict[str, frozenset[str]]],
    ) -> _Rivals:
        r = cls(defaultdict(float), defaultdict(float), [])
        for c, oc in partners:
            if (sig := one.get(c)) is not None:
                r.by_platform[sig[0]] += oc
                r.by_account[sig] += oc
            elif accounts[c]:
                r.others.append((c, oc))
        return r


def _first_rival(
    s: Scored,
    partners: dict[int, list[tuple[int, float]]],
    accounts: dict[int, dict[str, frozenset[str]]],
    plats: frozenset[str],
) -> str | None:
    """The reason naming the first rival found (of ``a``'s candidates, then ``b``'s)."""
    for me, other in ((s.a, s.b), (s.b, s.a)):
        theirs = accounts.get(other) or {}
        if not theirs:
            continue
        for c, _oc in partners.get(me, ()):
            if c != other and _clash(theirs, accounts[c], plats):
                return f"another account could be this person too ({c})"
    return None


def _held_confidence(cfg: MatchConfig) -> float:
    """The confidence an auto-merge held for review is shown with: just below the bar."""
    return round(min(cfg.auto_merge - 0.005, max(cfg.review, cfg.auto_merge - 0.05)), 4)


def guard_chains(
    cands: list[MatchCandidate], by_pid: dict[int, Features], cfg: MatchConfig
) -> list[MatchCandidate]:
    """Hold for review any auto-merge that would give one human two exclusive accounts."""
    plats = _exclusive(cfg)
    parent: dict[int, int] = {}
    accounts: dict[int, dict[str, frozenset[str]]] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def held(x: int) -> dict[str, frozenset[str]]:
        r = find(x)
        if r not in accounts:
            bp = by_pid[x].by_platform
            accounts[r] = {p: bp[p] for p in plats if p in bp}
        return accounts[r]

    out: list[MatchCandidate] = []
    held_back = _held_confidence(cfg)
    for c in sorted(cands, key=lambda c: (-c.confidence, c.a, c.b)):
        if c.confidence < cfg.auto_merge:
            out.append(c)
            continue
        ha, hb = held(c.a), held(c.b)
        ra, rb = find(c.a), find(c.b)
        if ra == rb:
            out.append(c)
        elif _clash(ha, hb, plats):
            why = "merging would give one person two accounts on one network: held for review"
            out.append(MatchCandidate(c.a, c.b, held_back, [*c.reasons, why], c.rule))
        else:
            merged = dict(ha)
            for p, hs in hb.items():
                merged[p] = merged.get(p, frozenset()) | hs
            parent[rb] = ra
            accounts[ra] = merged
            accounts.pop(rb, None)
            out.append(c)
    return out


def hold_for_precision(cands: list[MatchCandidate], cfg: MatchConfig) -> list[MatchCandidate]:
    """Hold the least sure auto-merges while their expected share of errors is too high.

    Each auto-merge's confidence is its chance of being right, so the expected
    share of wrong merges among the ``k`` surest is the mean of ``1 - p``
    (Bayesian false discovery rate, Newton et al. 2004). Merges are taken
    surest first while that mean stays at or below ``cfg.max_false_merges``;
    the rest go to review. In a ledger where most pairs are sure this holds
    nothing; where many names are shared and pairs crowd just above
    ``auto_merge`` (many pairs each 8 % likely wrong), it raises the bar.
    """
    ordered = sorted(cands, key=lambda c: (-c.confidence, c.a, c.b))
    held_back = _held_confidence(cfg)
    wrong = 0.0
    taken = 0
    out: list[MatchCandidate] = []
    why = "many similar pairs in this ledger are namesakes: held for review"
    for c in ordered:
        if c.confidence >= cfg.auto_merge:
            if (wrong + 1.0 - c.confidence) / (taken + 1) <= cfg.max_false_merges:
                wrong += 1.0 - c.confidence
                taken += 1
            else:
                c = MatchCandidate(c.a, c.b, held_back, [*c.reasons, why], c.rule)
        out.append(c)
    return out
