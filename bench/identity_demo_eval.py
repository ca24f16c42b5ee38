"""Identity resolution on the demo world, through the real importers and ledger.

Usage::

    python bench/identity_demo_eval.py [--seed 7] [--now 2026-11-25]

Builds the ``warmly demo`` world (an independent ground truth: it knows every
true human and each one's LinkedIn slug, X handle, emails, phone, Mastodon and
Bluesky accounts), writes its exports into a temporary workspace, imports them
with :func:`warmly.ledger.pipeline.import_path`, runs
:func:`warmly.identity.resolve.resolve_identities` (deterministic links, then
the matcher: auto-merge and review queue), and maps every ledger identity back
to its human. Prints pairwise precision / recall over identity pairs after
auto-merge, and how many review-queue pairs are truly one human.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from warmly.demo.generate import build_world, generate_demo
from warmly.demo.run import reset, write_profile
from warmly.identity import keys
from warmly.identity.resolve import resolve_identities
from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity, MatchCandidate, Person
from warmly.workspace import Workspace


def truth(seed: int, now: datetime) -> dict[tuple[str, str], int]:
    """(platform, normalised handle) -> the true human (contact id) holding it."""
    world = build_world(seed, now)
    out: dict[tuple[str, str], int] = {}
    for c in world.contacts:
        found = [
            ("linkedin", keys.linkedin_slug(c.linkedin_slug)),
            ("x", keys.x_handle(c.x_handle)),
            ("x", c.x_id),
            ("mastodon", keys.mastodon_acct(c.mastodon)),
            ("bluesky", keys.bluesky_key(c.bluesky)),
            ("phone", keys.phone_key(c.phone)),
            *[("email", keys.email_key(e)) for e in (c.email, c.linkedin_email, c.vcard_email)],
        ]
        for platform, handle in found:
            if handle:
                out[(platform, handle)] = c.id
    return out


def _pairs(groups: list[Counter[int]]) -> tuple[int, int]:
    """(all identity pairs inside groups, pairs of one human)."""
    total = sum(sum(g.values()) * (sum(g.values()) - 1) // 2 for g in groups)
    same = sum(k * (k - 1) // 2 for g in groups for k in g.values())
    return total, same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--now", default="2026-11-25")
    args = ap.parse_args(argv)
    now = datetime.fromisoformat(args.now).replace(tzinfo=UTC)
    human_of = truth(args.seed, now)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        reset(ws)
        files = generate_demo(ws.home / "demo-exports", seed=args.seed, now=now)
        write_profile(ws, files.profile)
        t0 = time.perf_counter()
        for path in files.paths:
            import_path(ws, path)
        t1 = time.perf_counter()
        report = resolve_identities(ws, now=now)
        t2 = time.perf_counter()
        with ws.sessions() as s:
            merged = dict(s.execute(select(Person.id, Person.merged_into)).all())
            owners = {pid for (pid,) in s.execute(select(Person.id).where(Person.is_owner))}
            rows = s.execute(select(Identity.person_id, Identity.platform, Identity.handle)).all()
            queue = s.execute(
                select(MatchCandidate.person_a, MatchCandidate.person_b).where(
                    MatchCandidate.status == "pending"
                )
            ).all()
            rules = Counter(
                s.scalars(select(MatchCandidate.rule).where(MatchCandidate.status == "pending"))
            )
        ws.close()

    def live(pid: int) -> int:
        while merged.get(pid) is not None:
            pid = merged[pid]  # type: ignore[assignment]
        return pid

    groups: dict[int, Counter[int]] = {}
    unknown = 0
    for pid, platform, handle in rows:
        h = human_of.get((platform, handle))
        if live(pid) in owners:
            continue
        if h is None:
            unknown += 1
            continue
        groups.setdefault(live(pid), Counter())[h] += 1
    humans: Counter[int] = Counter()
    for g in groups.values():
        humans.update(g)
    pairs, tp = _pairs(list(groups.values()))
    all_true = sum(k * (k - 1) // 2 for k in humans.values())
    major = {p: g.most_common(1)[0][0] for p, g in groups.items()}
    q_true = sum(1 for a, b in queue if major.get(live(a)) == major.get(live(b)) is not None)
    print(
        f"humans with identities {len(humans):,}  ledger people {len(groups):,}  "
        f"identities {sum(humans.values()):,} (+{unknown} not in the world's truth)"
    )
    print(f"resolve: {report.as_dict()}")
    prec, rec = tp / max(pairs, 1), tp / max(all_true, 1)
    print(
        f"after auto-merge: precision {prec:.4f}  recall {rec:.4f}"
        f"  (identity pairs: merged {pairs:,}, true {all_true:,})"
    )
    print(f"review queue: {len(queue)} pending pairs, {q_true} of them truly one human")
    print("  by rule: " + ", ".join(f"{r} {n}" for r, n in rules.most_common(8)))
    print(f"time: import {t1 - t0:.1f}s  resolve {t2 - t1:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
