"""Triage accuracy on bench/eval/triage.jsonl: precision, recall and F1 per label.

The profile is the demo user's (warmly.demo.people.build_owner): a tech recruiter
for Python backend, data engineering and fintech EMs. Target: accuracy >= 0.90.

    python bench/eval/triage_eval.py [--errors 10]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from warmly.demo.people import build_owner
from warmly.triage import (
    PRECEDENCE,
    InboundMessage,
    InMemoryMassMailOracle,
    TieInfo,
    build_profile,
    triage,
)

HERE = Path(__file__).resolve().parent


def prf(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[tuple[str, ...]]:
    """Rows of (label, support, precision, recall, F1) as printable strings."""
    rows = []
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append((lab, str(tp + fn), f"{prec:.3f}", f"{rec:.3f}", f"{f1:.3f}"))
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    print(f"{'label':<20}{'n':>6}{'precision':>11}{'recall':>9}{'F1':>8}")
    for lab, n, p, r, f in rows:
        print(f"{lab:<20}{n:>6}{p:>11}{r:>9}{f:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=HERE / "triage.jsonl")
    ap.add_argument("--errors", type=int, default=0, help="print this many misclassified rows")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    owner = build_owner()
    profile = build_profile(owner.specialties, owner.skills, owner.headline, owner.summary)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    msgs = [InboundMessage(r["id"], r["person_id"], r["sender"], r["text"], now) for r in rows]
    ties = {r["person_id"]: TieInfo(r["tie"]["strength"], r["tie"]["layer"]) for r in rows}
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    # As `warmly triage` runs it: the user's own name is known (greetings, asks).
    results = triage(msgs, profile, ties, oracle, my_name=owner.name)
    gold = [r["label"] for r in rows]
    pred = [res.label for res in results]
    print_table(prf(gold, pred, [lab for lab in PRECEDENCE if lab in set(gold) | set(pred)]))
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"accuracy {acc:.3f} on {len(gold)} messages (target >= 0.90)")
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    if confusions:
        print(
            "confusions (gold -> predicted):",
            ", ".join(f"{g}->{p} {n}" for (g, p), n in confusions.most_common(8)),
        )
    shown = 0
    for row, res in zip(rows, results, strict=True):
        if shown < args.errors and row["label"] != res.label:
            shown += 1
            print(f"- gold {row['label']} got {res.label}: {row['text']!r}\n  {res.reasons}")


if __name__ == "__main__":
    main()
