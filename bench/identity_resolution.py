"""Identity-resolution benchmark: a generated world with ground truth.

Usage::

    python bench/identity_resolution.py --n 100000 --seed 7 [--names concentrated]
        [--vcards 0.10] [--signatures 0.15]

Generates humans (:mod:`identity_world`), each present on 1–4 platforms with
the noise real exports carry, groups identities the way the ingest pipeline
does (records carrying two identities, identical emails), runs
:func:`warmly.identity.match.find_candidates`, auto-merges pairs at or above the
threshold with union-find, and prints pairwise precision / recall over identity
pairs, per rule, with wall time, peak RSS and the share of humans who share
their full name with another human.

Names (``--names``). ``census`` (default): per culture (8 cultures, weights
34/14/12/10/9/9/6/6) given names and surnames follow published frequencies
(US Census 2010 surnames, SSA given names, China's 2020 name report, INE...;
see :mod:`identity_names`), with a long generated tail; at 45k humans ~7 % share
their full name. ``concentrated``: the earlier, harder world drawing from ~390
given names and ~2,000 surnames Zipf-like, where ~45 % share their full name
(Wei Wang x38, James Smith x25): far more namesakes than real data has.

Noise model (both worlds). Display names: nickname 25 % (Bob/Robert), middle
initial, "J. Doe" 6 %, "Doe, Jane" 6 %, credentials 10 % ("PhD", "MBA"),
emoji / headline junk / pronouns 12 %, ASCII-folded 10 %, lower-case 5 %; X
shows a given name only (+junk) 22 % and "Jane D." 8 %. Handles: from the name
(janedoe, jane_doe, jdoe, jane_d42, janedoe42, jdoe_dev, doejane, jane.doe;
truncated to 15) or 80/20 unrelated (pixelfox42); Mastodon/Bluesky reuse the X
handle 50 %/40 %; 30 % of Bluesky accounts are bare DIDs. Emails at the current
or previous employer's domain (60 % when employed) or free mail with dots,
digits, +tags. 80 % employed, 35 % changed jobs (older records name the old
employer); 1,500 companies, Zipf. Deterministic links: a LinkedIn connection's
shared email (30 %), identical emails, and (``--vcards``, default 10 % of
humans) an address-book card with a phone (85 %), the email (70 %), rarely a
LinkedIn (5 %) or X (3 %) URL; and (``--signatures``, default 15 % of the
email records of humans who also have a LinkedIn record) an email signature
carrying the sender's LinkedIn URL, which the email importer turns into one
record naming both. That rate is an assumption, not a statistic;
``--signatures 0`` reproduces the world without signature links exactly.

Recall is reported twice: over all same-human identity pairs, and over the
pairs whose persons both carry *name evidence* — a display name, or a handle
or email made from the name (``Record.derived``). The excluded pairs involve a
person known only as ``@pixelfox42`` / a Bluesky DID without a name: nothing
in the data ties them to a name, so no matcher can link them without outside
data (except the rare same-handle reuse, which still counts when found).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import machine_speed
from identity_world import UnionFind, generate, group, shared_name_share

from warmly.identity.match import (
    MatchCandidate,
    MatchConfig,
    PersonFacts,
    find_candidates,
)

__all__ = ["evaluate", "generate", "group", "main", "shared_name_share"]


@dataclass(slots=True)
class Tally:
    edges: int = 0
    correct_edges: int = 0
    pairs: int = 0
    true_pairs: int = 0


def evaluate(
    ident_human: list[int],
    ident_person: list[int],
    named: list[bool],
    accepted: list[MatchCandidate],
) -> tuple[dict[str, Tally], int, int, int, int]:
    """Merge accepted candidates; attribute identity pairs to the rule that joined them."""
    n_people = len(named)
    members: list[Counter[int]] = [Counter() for _ in range(n_people)]
    for h, p in zip(ident_human, ident_person, strict=True):
        members[p][h] += 1
    tallies: dict[str, Tally] = {"deterministic": Tally()}
    det = tallies["deterministic"]
    for c in members:
        size = sum(c.values())
        det.pairs += size * (size - 1) // 2
        det.true_pairs += sum(k * (k - 1) // 2 for k in c.values())
    person_major = [c.most_common(1)[0][0] for c in members]
    uf = UnionFind(n_people)
    clusters = {p: members[p] for p in range(n_people)}
    for cand in accepted:
        t = tallies.setdefault(cand.rule, Tally())
        t.edges += 1
        t.correct_edges += person_major[cand.a] == person_major[cand.b]
        ra, rb = uf.find(cand.a), uf.find(cand.b)
        if ra == rb:
            continue
        ca, cb = clusters.pop(ra), clusters.pop(rb)
        t.pairs += sum(ca.values()) * sum(cb.values())
        t.true_pairs += sum(k * cb.get(h, 0) for h, k in ca.items())
        uf.union(ra, rb)
        if len(ca) < len(cb):
            ca, cb = cb, ca
        ca.update(cb)
        clusters[uf.find(ra)] = ca
    human_sizes = Counter(ident_human)
    all_true = sum(k * (k - 1) // 2 for k in human_sizes.values())
    # Linkable: identities whose person carries a name or a name-made handle.
    linkable = Counter(h for h, p in zip(ident_human, ident_person, strict=True) if named[p])
    linkable_true = sum(k * (k - 1) // 2 for k in linkable.values())
    # True pairs found among linkable identities only.
    found_linkable = 0
    final: dict[int, Counter[int]] = {}
    for i, (h, p) in enumerate(zip(ident_human, ident_person, strict=True)):
        del i
        if named[p]:
            final.setdefault(uf.find(p), Counter())[h] += 1
    found_linkable = sum(k * (k - 1) // 2 for c in final.values() for k in c.values())
    return tallies, all_true, linkable_true, found_linkable, sum(human_sizes.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of identities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=MatchConfig().auto_merge)
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong merges")
    ap.add_argument(
        "--names",
        choices=["census", "concentrated"],
        default="census",
        help="name frequencies: calibrated to published statistics, or the old hard world",
    )
    ap.add_argument(
        "--vcards", type=float, default=0.10, help="share of humans with an address-book card"
    )
    ap.add_argument(
        "--signatures",
        type=float,
        default=0.15,
        metavar="RATE",
        help="share of email records (of humans also on LinkedIn) whose signature carries "
        "the LinkedIn URL (an assumption, not a statistic; 0 = no signature links)",
    )
    ap.add_argument(
        "--passes",
        type=int,
        default=1,
        help="match again on the merged people this many times in all (as a re-run of "
        "the matcher on the same ledger does)",
    )
    ap.add_argument(
        "--recount",
        action="store_true",
        help="with --passes: count names on the merged people (as before session 7)",
    )
    ap.add_argument(
        "--calibration",
        action="store_true",
        help="also print, per rule and confidence decile, the share of pairs truly one human",
    )
    args = ap.parse_args(argv)
    print(machine_speed())
    t0 = time.perf_counter()
    idents, ident_human, records, full_names = generate(
        args.n, args.seed, args.names, args.vcards, args.signatures
    )
    people, ident_person, named = group(idents, records)
    t1 = time.perf_counter()
    candidates = find_candidates(people, MatchConfig())
    accepted = [c for c in candidates if c.confidence >= args.threshold]
    for n in range(2, args.passes + 1):
        merged = _merged_people(people, accepted)
        candidates = find_candidates(
            merged, MatchConfig(), population=None if args.recount else people
        )
        more = [c for c in candidates if c.confidence >= args.threshold]
        print(f"pass {n}: {len(merged):,} people, {len(more):,} more auto-merges")
        accepted += more
    # The review queue as the user would settle it: every truly-same pair confirmed.
    major = _majority(ident_human, ident_person)
    queue = [c for c in candidates if c.confidence < args.threshold]
    confirmed = [c for c in queue if major[c.a] == major[c.b]]
    t2 = time.perf_counter()
    tallies, all_true, linkable_true, found_linkable, n_ident = evaluate(
        ident_human, ident_person, named, accepted
    )
    t3 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pairs = sum(t.pairs for t in tallies.values())
    tp = sum(t.true_pairs for t in tallies.values())
    print(
        f"identities {n_ident:,}  humans {len(set(ident_human)):,}  people after "
        f"deterministic links {len(people):,}  nameless people {named.count(False):,}"
    )
    counts = Counter(full_names[h] for h in set(ident_human))
    top = ", ".join(f"{n.title()} x{c}" for n, c in counts.most_common(3))
    print(
        f"names: {args.names}; humans sharing their full name with another "
        f"{shared_name_share(full_names, ident_human):.1%}  (most shared: {top})"
    )
    print(
        f"candidates >= review {len(candidates):,}  auto-merged (>= {args.threshold}) "
        f"{len(accepted):,}"
    )
    print(
        f"precision {tp / max(pairs, 1):.4f}  recall {tp / max(all_true, 1):.4f}  "
        f"recall excl. nameless {found_linkable / max(linkable_true, 1):.4f}  "
        f"(true pairs {all_true:,}; linkable {linkable_true:,})"
    )
    _t, _a, _l, reviewed, _n = evaluate(ident_human, ident_person, named, accepted + confirmed)
    print(
        f"review queue {len(queue):,} pairs, {len(confirmed):,} truly one human "
        f"({len(confirmed) / max(len(queue), 1):.0%}); recall once they are confirmed "
        f"{sum(t.true_pairs for t in _t.values()) / max(all_true, 1):.4f} "
        f"(excl. nameless {reviewed / max(linkable_true, 1):.4f})"
    )
    print(f"{'rule':34} {'edges':>7} {'edge prec':>9} {'pairs':>9} {'pair prec':>9} {'recall+':>8}")
    for rule, t in sorted(tallies.items(), key=lambda kv: -kv[1].true_pairs):
        edge_p = f"{t.correct_edges / t.edges:.4f}" if t.edges else "-"
        print(
            f"{rule:34} {t.edges:>7} {edge_p:>9} {t.pairs:>9} "
            f"{t.true_pairs / max(t.pairs, 1):>9.4f} {t.true_pairs / max(all_true, 1):>8.4f}"
        )
    print(
        f"time: generate+group {t1 - t0:.1f}s  match+merge {t2 - t1:.1f}s  evaluate "
        f"{t3 - t2:.1f}s  peak RSS {rss_mb:.0f} MB"
    )
    if args.calibration:
        _calibration(people, major, ident_human, ident_person)
    if args.errors:
        _show_errors(people, ident_human, ident_person, accepted, args.errors)
    return 0


def _merged_people(people: list[PersonFacts], accepted: list[MatchCandidate]) -> list[PersonFacts]:
    """The people as the ledger holds them after ``accepted``: each group one person,
    named by its lowest id, with the names, identities and employers of all."""
    uf = UnionFind(max(p.person_id for p in people) + 1)
    for c in accepted:
        ra, rb = uf.find(c.a), uf.find(c.b)
        if ra != rb:
            uf.union(ra, rb)
    groups: dict[int, list[PersonFacts]] = {}
    for p in people:
        groups.setdefault(uf.find(p.person_id), []).append(p)
    out = []
    for members in groups.values():
        members.sort(key=lambda p: p.person_id)
        out.append(
            PersonFacts(
                members[0].person_id,
                list(dict.fromkeys(n for m in members for n in m.names)),
                list(dict.fromkeys(i for m in members for i in m.identities)),
                sorted({o for m in members for o in m.organisations}),
            )
        )
    return out


def _majority(ident_human: list[int], ident_person: list[int]) -> dict[int, int]:
    """Each person's human (the first identity's: deterministic links are never wrong here)."""
    major: dict[int, int] = {}
    for h, p in zip(ident_human, ident_person, strict=True):
        major.setdefault(p, h)
    return major


def _calibration(
    people: list[PersonFacts],
    major: dict[int, int],
    ident_human: list[int],
    ident_person: list[int],
) -> None:
    """Predicted confidence against the share truly one human, per rule and decile."""
    del ident_human, ident_person
    table: dict[tuple[str, int], list[float]] = {}
    for c in find_candidates(people, MatchConfig(review=0.0)):
        row = table.setdefault((c.rule.split("+")[0], min(int(c.confidence * 10), 9)), [0, 0, 0])
        row[0] += 1
        row[1] += major[c.a] == major[c.b]
        row[2] += c.confidence
    print(f"{'calibration: rule':20} {'confidence':>10} {'pairs':>7} {'mean':>6} {'actual':>6}")
    for (rule, decile), (n, ok, total) in sorted(table.items()):
        if n >= 30:
            print(
                f"{rule:20} {decile / 10:>4.1f}-{(decile + 1) / 10:.1f} {int(n):>7} "
                f"{total / n:>6.3f} {ok / n:>6.3f}"
            )


def _show_errors(
    people: list[PersonFacts],
    ident_human: list[int],
    ident_person: list[int],
    accepted: list[MatchCandidate],
    limit: int,
) -> None:
    major = _majority(ident_human, ident_person)
    for c in [c for c in accepted if major[c.a] != major[c.b]][:limit]:
        print("WRONG", c.rule, c.confidence, people[c.a], people[c.b], c.reasons, sep="\n  ")


if __name__ == "__main__":
    sys.exit(main())
