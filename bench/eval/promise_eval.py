"""Promise extraction on bench/eval/promises.jsonl: precision, recall, F1 (target F1 >= 0.85).

A predicted promise is correct when the message holds a gold promise of the same
kind; due dates are scored separately (share of correct promises due on the
gold local date).

    python bench/eval/promise_eval.py [--errors 10]
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from warmly.followthrough import extract_promises

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=HERE / "promises.jsonl")
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    tp = fp = fn = detect_tp = due_ok = 0
    kinds: dict[str, list[int]] = {}
    errors = []
    for row in rows:
        tz = ZoneInfo(row["tz"])
        got = extract_promises(row["text"], datetime.fromisoformat(row["sent_at"]), tz)
        gold = list(row["promises"])
        for p in got:
            match = next((g for g in gold if g["kind"] == p.kind), None)
            counts = kinds.setdefault(p.kind, [0, 0, 0])
            if match is not None:
                gold.remove(match)
                tp += 1
                counts[0] += 1
                due_ok += p.due.astimezone(tz).date().isoformat() == match["due"]
                if p.due.astimezone(tz).date().isoformat() != match["due"]:
                    errors.append(f"due {p.due:%a %Y-%m-%d} != {match['due']}: {row['text']!r}")
            else:
                fp += 1
                counts[1] += 1
                errors.append(f"FP {p.kind}: {row['text']!r}")
        for g in gold:
            fn += 1
            kinds.setdefault(g["kind"], [0, 0, 0])[2] += 1
            errors.append(f"FN {g['kind']}: {row['text']!r}")
        detect_tp += bool(got) and bool(row["promises"])
    print(f"{'kind':<12}{'precision':>11}{'recall':>9}{'F1':>8}")
    for kind, (t, f, n) in sorted(kinds.items()):
        p = t / (t + f) if t + f else 0.0
        r = t / (t + n) if t + n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:<12}{p:>11.3f}{r:>9.3f}{f1:>8.3f}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"all         {prec:>11.3f}{rec:>9.3f}{f1:>8.3f}   (kind must match; target F1 >= 0.85)")
    print(f"due date correct for {due_ok}/{tp} matched promises ({due_ok / max(tp, 1):.3f})")
    for line in errors[: args.errors]:
        print("-", line)


if __name__ == "__main__":
    main()
