"""Import benchmark: big LinkedIn and X exports into a fresh SQLite ledger.

    python bench/import_speed.py                      # the issue's sizes
    python bench/import_speed.py --scale 0.1          # a quick run
    python bench/import_speed.py --reparse            # also: a re-import that must parse
    python bench/import_speed.py --repeat 5           # five fresh first imports, median

Prints wall time, CPU time, interactions per second and peak RSS for the first
import, then the time of re-importing the same files (should be <= 30% of the
first). Identical bytes are recognised by their fingerprint; ``--reparse``
adds a third round with that short-circuit turned off, as for an overlapping
newer export or a file that had bad records, which must be parsed again.

The exports are generated in a separate process first, so the peak RSS is the
import's own. CPU time includes the parsing worker process that large imports
start (see ``warmly.ledger.worker``); its peak RSS is shown beside this
process's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import ChildPeak, cpu_seconds, machine_speed, peak_rss_mb

from warmly.ledger import pipeline
from warmly.ledger.ahead import Ahead
from warmly.ledger.pipeline import ImportReport, import_path
from warmly.workspace import Workspace

LINKEDIN = "Basic_LinkedInDataExport_11-20-2026.zip"
X_ARCHIVE = "twitter-2026-11-20-bench.zip"


def _round(ws: Workspace, paths: list[Path], label: str) -> tuple[float, float, int]:
    """Import each path; print a line per file; return (wall, cpu, interactions added)."""
    wall = cpu = 0.0
    added = 0
    # As `warmly import a b` does: b's parsing starts while a finishes.
    with closing(Ahead()) as ahead:
        for i, path in enumerate(paths):
            then = paths[i + 1] if i + 1 < len(paths) else None
            t, c = time.perf_counter(), cpu_seconds()
            rep = import_path(ws, path, then=then, ahead=ahead)
            dt, dc = time.perf_counter() - t, cpu_seconds() - c
            wall, cpu, added = wall + dt, cpu + dc, added + rep.added
            print(
                f"{label:13} {path.name:40} {dt:7.2f}s (cpu {dc:6.2f}s)  read {rep.read:>8,}  "
                f"added {rep.added:>8,}  errors {rep.errors}  -> {rep.read / dt:,.0f} records/s "
                f"({rep.read / dc:,.0f}/cpu-s)"
            )
    return wall, cpu, added


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    ap.add_argument("--db", default=None, help="SQLAlchemy URL (default: SQLite in a temp dir)")
    ap.add_argument(
        "--reparse", action="store_true", help="also re-import without the fingerprint shortcut"
    )
    ap.add_argument("--exports", type=Path, default=None, help="reuse exports generated here")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="first-import N fresh ledgers and print the median too (a shared machine "
        "varies 10-20%% from one minute to the next)",
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warmly-bench-"))
    exports = args.exports or tmp
    if not (exports / LINKEDIN).exists():
        t = time.perf_counter()
        gen = Path(__file__).resolve().parent / "gen_exports.py"
        subprocess.run(
            [sys.executable, str(gen), str(exports), "--scale", str(args.scale)], check=True
        )
        print(f"generated exports in {time.perf_counter() - t:.1f}s ({exports})")
    paths = [exports / LINKEDIN, exports / X_ARCHIVE]
    print(f"before: {machine_speed()}")
    ws = Workspace.open(tmp / "home", database_url=args.db)
    ws.engine  # migrate before timing  # noqa: B018
    workers = ChildPeak()
    # The machine may be shared: CPU time is printed beside wall time, since it
    # is what a loaded machine distorts least.
    first, first_cpu, interactions = _round(ws, paths, "first import")
    again, again_cpu, _ = _round(ws, paths, "re-import")
    print(
        f"TOTAL first: {first:.2f}s (cpu {first_cpu:.2f}s), "
        f"{interactions / first:,.0f} records added/s "
        f"({interactions / first_cpu:,.0f}/cpu-s); re-import {again:.2f}s "
        f"(cpu {again_cpu:.2f}s) = {100 * again / first:.0f}% "
        f"of first ({100 * again_cpu / first_cpu:.0f}% cpu); peak RSS {peak_rss_mb():.0f} MiB "
        f"(+ parsing worker {workers.mib:.0f} MiB)"
    )
    if args.repeat > 1:
        walls = [first]
        for n in range(2, args.repeat + 1):
            fresh = Workspace.open(tmp / f"home{n}", database_url=args.db)
            fresh.engine  # noqa: B018
            wall, _cpu, _ = _round(fresh, paths, f"first, run {n}")
            walls.append(wall)
        mid = statistics.median(walls)
        print(
            f"TOTAL first import over {len(walls)} runs: median {mid:.2f}s "
            f"({interactions / mid:,.0f} records added/s); min {min(walls):.2f}s, "
            f"max {max(walls):.2f}s"
        )
    if args.reparse:

        def never(*_: object) -> ImportReport | None:
            return None  # as if the bytes had changed: parse everything again

        pipeline._already_imported = never  # type: ignore[assignment]
        parse, parse_cpu, _ = _round(ws, paths, "re-parse")
        print(
            f"TOTAL re-import that must parse: {parse:.2f}s (cpu {parse_cpu:.2f}s) = "
            f"{100 * parse / first:.0f}% of first ({100 * parse_cpu / first_cpu:.0f}% cpu)"
        )
    print(f"peak RSS {peak_rss_mb():.0f} MiB, parsing worker {workers.stop():.0f} MiB")
    print(f"after: {machine_speed()}")


if __name__ == "__main__":
    main()
