"""Import benchmark: big LinkedIn and X exports into a fresh SQLite ledger.

    python bench/import_speed.py                      # the issue's sizes
    python bench/import_speed.py --scale 0.1          # a quick run

Prints wall time, interactions per second and peak RSS for the first import,
then the time of re-importing the same files (should be <= 30% of the first).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import peak_rss_mb
from gen_exports import linkedin_zip, x_zip

from warmly.ledger.pipeline import import_path
from warmly.workspace import Workspace


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    ap.add_argument("--db", default=None, help="SQLAlchemy URL (default: SQLite in a temp dir)")
    args = ap.parse_args()
    s = args.scale
    tmp = Path(tempfile.mkdtemp(prefix="warmly-bench-"))
    t = time.perf_counter()
    li = linkedin_zip(
        tmp / "Basic_LinkedInDataExport_11-20-2026.zip", int(30000 * s), int(200000 * s)
    )
    xa = x_zip(tmp / "twitter-2026-11-20-bench.zip", int(100000 * s), int(50000 * s))
    print(f"generated exports in {time.perf_counter() - t:.1f}s ({tmp})")
    ws = Workspace.open(tmp / "home", database_url=args.db)
    ws.engine  # migrate before timing  # noqa: B018
    # The machine may be shared: CPU time (process_time) is printed beside wall
    # time, since it is what a loaded machine distorts least.
    first_total, first_cpu, interactions = 0.0, 0.0, 0
    for path in (li, xa):
        t, c = time.perf_counter(), time.process_time()
        rep = import_path(ws, path)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        first_total += dt
        first_cpu += dc
        interactions += rep.added
        print(
            f"first import  {path.name:45} {dt:7.2f}s (cpu {dc:6.2f}s)  read {rep.read:>8,}  "
            f"added {rep.added:>8,}  errors {rep.errors}  -> {rep.read / dt:,.0f} records/s "
            f"({rep.read / dc:,.0f}/cpu-s)"
        )
    again_total, again_cpu = 0.0, 0.0
    for path in (li, xa):
        t, c = time.perf_counter(), time.process_time()
        rep = import_path(ws, path)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        again_total += dt
        again_cpu += dc
        print(f"re-import     {path.name:45} {dt:7.2f}s (cpu {dc:6.2f}s)  added {rep.added}")
    print(
        f"TOTAL first: {first_total:.2f}s (cpu {first_cpu:.2f}s), "
        f"{interactions / first_total:,.0f} records added/s "
        f"({interactions / first_cpu:,.0f}/cpu-s); re-import {again_total:.2f}s "
        f"(cpu {again_cpu:.2f}s) = {100 * again_total / first_total:.0f}% "
        f"of first ({100 * again_cpu / first_cpu:.0f}% cpu); peak RSS {peak_rss_mb():.0f} MiB"
    )


if __name__ == "__main__":
    main()
