"""Identity resolution end to end: the generated world in a real ledger, then ``resolve``.

Usage::

    python bench/identity_ledger.py --n 100000 --seed 7 [--db URL]

:mod:`identity_resolution` times the matcher on plain objects. This puts the
same world (:mod:`identity_world`: people after deterministic links, their
names, identities and employers) into a fresh SQLite ledger (or ``--db``) and
runs :func:`warmly.identity.resolve.resolve_identities` as ``warmly import``
does after reading: read the ledger, match, merge the sure pairs (with their
undo records), queue the likely ones, rebuild the survivors' tie state.
Prints its wall time, peak RSS, and precision / recall read back from the
ledger, which should equal the matcher-only figures.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import machine_speed
from identity_world import generate, group
from sqlalchemy import insert, select

from warmly.identity.resolve import resolve_identities
from warmly.store.models import Identity, Organisation, Person, Position
from warmly.workspace import Workspace

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def load(ws: Workspace, people: list, idents: list[tuple[str, str]]) -> None:
    """Each person with its names (the first as the person's, the rest as its
    identities' display names), identities and employers, in bulk."""
    orgs = sorted({o for p in people for o in p.organisations})
    org_id = {o: i + 1 for i, o in enumerate(orgs)}
    ident_id = {ident: i + 1 for i, ident in enumerate(idents)}
    person_rows, ident_rows, pos_rows = [], [], []
    for p in people:
        pid = p.person_id + 1
        names = list(p.names)
        person_rows.append(
            {
                "id": pid,
                "display_name": names[0] if names else "",
                "name_key": "",
                "organisation": None,
                "created_at": NOW,
            }
        )
        for k, (platform, handle) in enumerate(p.identities):
            shown = names[k + 1] if k + 1 < len(names) else None
            ident_rows.append(
                {
                    "id": ident_id[(platform, handle)],
                    "person_id": pid,
                    "platform": platform,
                    "handle": handle,
                    "display_name": shown,
                    "created_at": NOW,
                }
            )
        for o in dict.fromkeys(p.organisations):
            pos_rows.append(
                {
                    "source_key": f"pos:{pid}:{org_id[o]}",
                    "person_id": pid,
                    "organisation_id": org_id[o],
                    "seen_at": NOW,
                }
            )
    with ws.sessions.begin() as s:
        s.execute(
            insert(Organisation),
            [{"id": i, "name": o, "name_key": f"org{i}"} for o, i in org_id.items()],
        )
        s.execute(insert(Person), person_rows)
        s.execute(insert(Identity), ident_rows)
        s.execute(insert(Position), pos_rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of identities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default=None, help="a SQLAlchemy URL instead of a fresh SQLite file")
    args = ap.parse_args(argv)
    print(machine_speed())
    idents, ident_human, records, _names = generate(args.n, args.seed, "census", 0.10, 0.15)
    people, ident_person, _named = group(idents, records)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws", database_url=args.db)
        t0 = time.perf_counter()
        load(ws, people, idents)
        t1 = time.perf_counter()
        report = resolve_identities(ws, now=NOW)
        t2 = time.perf_counter()
        with ws.sessions() as s:
            into = dict(s.execute(select(Person.id, Person.merged_into)).all())
            final = {
                (platform, handle): pid
                for platform, handle, pid in s.execute(
                    select(Identity.platform, Identity.handle, Identity.person_id)
                )
            }
        ws.close()
    del ident_person
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    groups: dict[int, Counter[int]] = {}
    for ident, human in zip(idents, ident_human, strict=True):
        pid = final[ident]  # by platform too: one handle can be two people's on two networks
        while into.get(pid):
            pid = into[pid]
        groups.setdefault(pid, Counter())[human] += 1
    pairs = sum(sum(g.values()) * (sum(g.values()) - 1) // 2 for g in groups.values())
    tp = sum(k * (k - 1) // 2 for g in groups.values() for k in g.values())
    truth = sum(k * (k - 1) // 2 for k in Counter(ident_human).values())
    print(f"ledger: {len(people):,} people, {len(idents):,} identities, loaded in {t1 - t0:.1f}s")
    print(f"resolve: {report.as_dict()}")
    print(
        f"precision {tp / max(pairs, 1):.4f}  recall {tp / max(truth, 1):.4f}  "
        f"resolve wall {t2 - t1:.1f}s  peak RSS {rss:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
