"""Precision / recall / F1 of template detection on ``bench/eval/templates.jsonl``.

Each message is checked against everything sent before it (all inside the window),
then added. Predicted positive: an exact or near copy (Jaccard >= threshold) of an
earlier message to *another* recipient. Also sweeps thresholds and shingle schemes.

    python bench/eval/template_eval.py            # default config + sweep
    python bench/eval/template_eval.py --no-sweep
    python bench/eval/template_eval.py --no-sweep --errors   # list the misses
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warmly.guard.config import GuardConfig
from warmly.guard.mask import RecipientTokens, Scheme
from warmly.guard.neardup import NearDupIndex

DATA = Path(__file__).with_name("templates.jsonl")
START = datetime(2026, 1, 1, tzinfo=UTC)


def load() -> list[dict[str, object]]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def run(
    rows: list[dict[str, object]],
    config: GuardConfig,
    scheme: Scheme,
    errors: list[str] | None = None,
) -> dict[str, float]:
    """Score one configuration; returns precision, recall, f1 and the confusion counts.

    With ``errors``, appends one line per false positive / negative (for ``--errors``).
    """
    index = NearDupIndex(config=config, scheme=scheme)
    tp = fp = fn = tn = 0
    for i, row in enumerate(rows):
        at = START + timedelta(minutes=i)
        tokens = RecipientTokens(
            names=tuple(row["names"]),  # type: ignore[arg-type]
            companies=tuple(row["companies"]),
        )  # type: ignore[arg-type]
        who = str(row["recipient"])
        matches = index.query(str(row["text"]), tokens, at, recipient_id=who)
        predicted = any(not m.same_party for m in matches)
        actual = bool(row["label"])
        if errors is not None and predicted != actual:
            near = index.query(str(row["text"]), tokens, at, recipient_id=who, threshold=0.01)
            best = next((m for m in near if not m.same_party), None)
            sim = f"{best.similarity:.2f} vs #{best.message_id}" if best else "no candidate"
            kind = "FP" if predicted else "FN"
            errors.append(f"{kind} #{i} {row['family']} ({sim}): {row['text']}")
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
        index.add(i, who, at, str(row["text"]), tokens)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list false positives/negatives")
    args = parser.parse_args()
    rows = load()
    base = GuardConfig()
    errors: list[str] | None = [] if args.errors else None
    r = run(rows, base, "char5", errors)
    print(
        f"{len(rows)} messages, {sum(int(x['label']) for x in rows)} positives "  # type: ignore[call-overload]
        f"(num_perm={base.num_perm}, bands={base.bands}x{base.rows})"
    )
    print(
        f"default (char5, threshold {base.template_threshold}): precision {r['precision']:.3f} "
        f"recall {r['recall']:.3f} F1 {r['f1']:.3f}  (tp {r['tp']} fp {r['fp']} fn {r['fn']})"
    )
    for line in errors or ():
        print(line)
    if args.no_sweep:
        return
    print("\nscheme  threshold  precision  recall  F1")
    for scheme in ("char5", "word3", "word2"):
        for t in (0.4, 0.5, 0.6, 0.7, 0.8):
            s = run(rows, replace(base, template_threshold=t), scheme)
            print(f"{scheme:6}  {t:9.2f}  {s['precision']:9.3f}  {s['recall']:6.3f}  {s['f1']:.3f}")


if __name__ == "__main__":
    main()
