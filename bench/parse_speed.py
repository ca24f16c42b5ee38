"""Parsing alone: the import bench's exports read (and prepared) with no database.

    python bench/parse_speed.py                   # generates the issue's sizes first
    python bench/parse_speed.py --exports DIR     # exports import_speed.py generated
    python bench/parse_speed.py --repeat 3        # best of three per step

Prints, per export, the CPU time of the importer's ``read`` alone and of
``read`` plus :func:`warmly.ledger.prepare.prepare_all` (what the parsing
worker does before pickling), best of ``--repeat``, with garbage collection
off as in the worker, and the microseconds per record. This is the part of an
import no writer design can take away: it bounds the interactions per second
that the machine can import at all (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import machine_speed
from import_speed import LINKEDIN, X_ARCHIVE

from warmly.importers import detect_importer
from warmly.importers.source import ExportTree
from warmly.ledger.pipeline import build_context
from warmly.ledger.prepare import prepare_all
from warmly.workspace import Workspace


def _cpu(path: Path, ws: Workspace, prepare: bool) -> tuple[float, int]:
    """CPU seconds to read (and prepare) every record of ``path``; the record count."""
    ctx = build_context(ws)
    with ExportTree(path) as tree:
        importer = detect_importer(tree, path)
        start = time.process_time()
        records = importer.read(tree, ctx)
        items = prepare_all(records, text_dates=True) if prepare else records
        n = sum(1 for _ in items)
        return time.process_time() - start, n


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--exports", type=Path, default=None, help="reuse exports generated here")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes")
    ap.add_argument("--repeat", type=int, default=2, metavar="N", help="best of N per step")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warmly-parse-"))
    exports = args.exports or tmp
    if not (exports / LINKEDIN).exists():
        gen = Path(__file__).resolve().parent / "gen_exports.py"
        subprocess.run(
            [sys.executable, str(gen), str(exports), "--scale", str(args.scale)], check=True
        )
    print(f"before: {machine_speed()}")
    ws = Workspace.open(tmp / "home")
    gc.disable()  # as in the parsing worker: records hold no reference cycles
    total = 0.0
    records = 0
    for name in (LINKEDIN, X_ARCHIVE):
        for prepare in (False, True):
            best, n = min(_cpu(exports / name, ws, prepare) for _ in range(args.repeat))
            step = "read + prepare" if prepare else "read"
            each = 1e6 * best / n
            print(f"{name:40} {step:15} {best:6.2f}s cpu  {n:>8,} records  {each:5.1f} µs each")
        total, records = total + best, records + n
    each = 1e6 * total / records
    print(f"TOTAL read + prepare {total:.2f}s cpu for {records:,} records: {each:.1f} µs each")
    print(f"after: {machine_speed()}")


if __name__ == "__main__":
    main()
