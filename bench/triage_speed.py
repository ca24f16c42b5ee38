"""Triage throughput on the lexical model (target >= 1,000 messages/s).

Uses the labelled set bench/eval/triage.jsonl, repeated with varied senders up
to --n messages, and the demo user's profile. Times the whole engine: oracle
indexing, labelling and drafting.

    python bench/triage_speed.py [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from warmly.demo.people import build_owner
from warmly.triage import InboundMessage, InMemoryMassMailOracle, TieInfo, build_profile, triage

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args()
    rows = [json.loads(x) for x in (HERE / "eval" / "triage.jsonl").read_text("utf-8").splitlines()]
    owner = build_owner()
    t0 = time.perf_counter()
    profile = build_profile(owner.specialties, owner.skills, owner.headline, owner.summary)
    t_profile = time.perf_counter() - t0
    now = datetime(2026, 3, 1, tzinfo=UTC)
    msgs = []
    for i in range(args.n):
        r = rows[i % len(rows)]
        # A different number per copy keeps texts distinct (no cache-friendly exact repeats).
        msgs.append(InboundMessage(i, i, r["sender"], f"{r['text']} ({i})", now))
    ties = {m.person_id: TieInfo(0.1, None) for m in msgs}
    t0 = time.perf_counter()
    oracle = InMemoryMassMailOracle.from_messages((m.person_id, m.text) for m in msgs)
    t_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = triage(msgs, profile, ties, oracle)
    t_triage = time.perf_counter() - t0
    total = t_index + t_triage
    print(f"profile build  {t_profile * 1000:8.1f} ms")
    print(f"oracle index   {t_index * 1000:8.1f} ms for {len(msgs)} messages")
    print(f"triage+drafts  {t_triage * 1000:8.1f} ms")
    print(f"throughput     {len(results) / total:8.0f} messages/s (target >= 1000)")


if __name__ == "__main__":
    main()
