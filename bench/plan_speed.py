"""Planning benchmark: `warmly plan` on a big ledger (SQLite by default).

    python bench/plan_speed.py --people 1000000 --interactions 20000000
    python bench/plan_speed.py --table        # 10k / 100k / 1M people, and 2M vs 20M at 1M

Builds a ledger with people, one identity each, interactions spread over five
years (3% in the last 60 days), and the tie state those interactions imply
(computed in columnar batches with numpy, as the pipeline would have left it),
then times `plan_day` (wall and peak RSS of the planning process). Planning
reads one tie-state row per person and indexed recent interactions, so its cost
should follow people, not years of history.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import peak_rss_mb

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
KINDS = np.array(["message", "email", "share", "comment", "like", "mention"])
PLATFORMS = np.array(["linkedin", "email", "x", "x", "x", "x"])
WEIGHT = np.array([1.0, 1.0, 0.5, 0.6, 0.1, 0.5])
PBIT = {"linkedin": 1, "x": 2, "email": 4}


def build(path: Path, people: int, interactions: int, seed: int = 1, recent: float = 0.03) -> None:
    from sqlalchemy import insert

    from warmly.store.models import Identity, Interaction, Person, TieState
    from warmly.workspace import Workspace

    rng = np.random.default_rng(seed)
    ws = Workspace.open(path)
    eng = ws.engine
    t0 = time.perf_counter()
    with eng.begin() as c:
        c.execute(
            insert(Person),
            [
                {
                    "id": 1,
                    "display_name": "Jordan Avery",
                    "name_key": "jordan avery",
                    "is_owner": True,
                    "created_at": NOW,
                }
            ],
        )
        for a in range(2, people + 2, 100_000):
            ids = range(a, min(a + 100_000, people + 2))
            c.execute(
                Person.__table__.insert(),
                [
                    {
                        "id": i,
                        "display_name": f"Person {i}",
                        "name_key": f"person {i}",
                        "is_owner": False,
                        "merged_into": None,
                        "organisation": f"Org {i % 5000}",
                        "title": "Engineer",
                        "birthday": None,
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
            c.execute(
                Identity.__table__.insert(),
                [
                    {
                        "id": i,
                        "person_id": i,
                        "platform": "linkedin",
                        "handle": f"person-{i}",
                        "external_id": None,
                        "display_name": f"Person {i}",
                        "url": None,
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
    # Heavy-tailed activity: a few people hold most of the history.
    weights = rng.pareto(1.2, people) + 0.05
    weights /= weights.sum()
    lam = math.log(2) / (90 * 86400.0)
    span = 5 * 365 * 86400
    n_in = np.zeros(people + 2, np.int64)
    n_out = np.zeros(people + 2, np.int64)
    first = np.full(people + 2, np.inf)
    last = np.full(people + 2, -np.inf)
    last_in = np.full(people + 2, -np.inf)
    last_out = np.full(people + 2, -np.inf)
    d_in = np.zeros(people + 2)
    d_out = np.zeros(people + 2)
    plat = np.zeros(people + 2, np.int64)
    now_s = NOW.timestamp()
    batch = 500_000
    next_id = 1
    with eng.begin() as c:
        for start in range(0, interactions, batch):
            n = min(batch, interactions - start)
            who = rng.choice(people, size=n, p=weights) + 2
            ago = np.where(rng.random(n) < recent, rng.random(n) * 60 * 86400, rng.random(n) * span)
            at = now_s - ago
            kind = rng.integers(0, len(KINDS), n)
            out = rng.random(n) < 0.45
            np.add.at(n_in, who[~out], 1)
            np.add.at(n_out, who[out], 1)
            np.minimum.at(first, who, at)
            np.maximum.at(last, who, at)
            np.maximum.at(last_in, who[~out], at[~out])
            np.maximum.at(last_out, who[out], at[out])
            contrib = WEIGHT[kind] * np.exp(-lam * (now_s - at))  # valid at NOW
            np.add.at(d_in, who[~out], contrib[~out])
            np.add.at(d_out, who[out], contrib[out])
            np.bitwise_or.at(plat, who, np.array([PBIT[p] for p in PLATFORMS])[kind])
            rows = []
            for j in range(n):
                ts = datetime.fromtimestamp(float(at[j]), UTC).replace(tzinfo=None)
                rows.append(
                    {
                        "id": next_id,
                        "source_key": f"b:{next_id}",
                        "person_id": int(who[j]),
                        "identity_id": int(who[j]),
                        "platform": str(PLATFORMS[kind[j]]),
                        "kind": str(KINDS[kind[j]]),
                        "direction": "out" if out[j] else "in",
                        "occurred_at": ts,
                        "thread": None,
                        "subject": None,
                        "text": "hello about the backend role",
                        "words": 5,
                        "tags": None,
                        "run_id": None,
                    }
                )
                next_id += 1
            c.exec_driver_sql(
                "INSERT INTO interactions (id, source_key, person_id, identity_id, platform, kind, "
                "direction, occurred_at, thread, subject, text, words, tags, run_id) VALUES "
                "(:id, :source_key, :person_id, :identity_id, :platform, :kind, :direction, "
                ":occurred_at, :thread, :subject, :text, :words, :tags, :run_id)",
                [{**r, "occurred_at": r["occurred_at"].isoformat(sep=" ")} for r in rows],
            ) if ws.is_sqlite else c.execute(
                Interaction.__table__.insert(),
                [{**r, "occurred_at": r["occurred_at"].replace(tzinfo=UTC)} for r in rows],
            )
            print(f"  {start + n:,} interactions ({time.perf_counter() - t0:.0f}s)", flush=True)

    def dt(x: float) -> datetime | None:
        return None if not math.isfinite(x) else datetime.fromtimestamp(x, UTC)

    with eng.begin() as c:
        rows = []
        for i in range(2, people + 2):
            if n_in[i] + n_out[i] == 0:
                continue
            rows.append(
                {
                    "person_id": i,
                    "first_at": dt(first[i]),
                    "last_at": dt(last[i]),
                    "first_in_at": None,
                    "last_in_at": dt(last_in[i]),
                    "first_out_at": None,
                    "last_out_at": dt(last_out[i]),
                    "n_in": int(n_in[i]),
                    "n_out": int(n_out[i]),
                    "words_in": int(n_in[i]) * 5,
                    "words_out": int(n_out[i]) * 5,
                    "decay_in": float(d_in[i]),
                    "decay_out": float(d_out[i]),
                    "decay_at": NOW,
                    "platforms": int(plat[i]),
                }
            )
            if len(rows) == 100_000:
                c.execute(TieState.__table__.insert(), rows)
                rows = []
        if rows:
            c.execute(TieState.__table__.insert(), rows)
    # As the import pipeline leaves it: every tie scored (set-based SQL).
    from warmly.ledger.scores import refresh_scores

    with ws.sessions.begin() as s:
        refresh_scores(s, ws.settings, NOW)
    ws.close()
    print(f"  built in {time.perf_counter() - t0:.0f}s")


def _plan(path: str, q: mp.Queue) -> None:  # type: ignore[type-arg]
    from warmly.agenda.service import plan_day
    from warmly.workspace import Workspace

    ws = Workspace.open(path)
    ws.engine  # noqa: B018  (migrations are not part of planning)
    plan_day(ws, NOW.date(), 20, NOW)  # warm-up: imports, caches, first plan of the day
    # Best of three, wall and CPU: the machine may be shared, and CPU time is
    # what other processes distort least.
    walls, cpus = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        p = plan_day(ws, NOW.date(), 20, NOW)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    q.put((min(walls), min(cpus), peak_rss_mb(), len(p.items), p.candidates, p.method))


def measure(path: Path) -> tuple[float, float, float, int, int, str]:
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=_plan, args=(str(path), q))
    proc.start()
    res = q.get()
    proc.join()
    return res  # type: ignore[no-any-return]


def run(people: int, interactions: int, home: Path | None = None, recent: float = 0.03) -> None:
    path = home or Path(tempfile.mkdtemp(prefix="warmly-plan-")) / "home"
    if (path / "built").exists():
        people, interactions = map(int, (path / "built").read_text().split())
        print(f"reusing the ledger in {path}")
    else:
        print(f"building {people:,} people, {interactions:,} interactions in {path}")
        build(path, people, interactions, recent=recent)
        (path / "built").write_text(f"{people} {interactions}\n")
    wall, cpu, rss, items, cands, method = measure(path)
    print(
        f"RESULT people={people:,} interactions={interactions:,} plan={wall:.2f}s "
        f"(cpu {cpu:.2f}s) peak_rss={rss:.0f}MiB items={items} candidates={cands} ({method})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=20_000_000)
    ap.add_argument("--table", action="store_true", help="the issue's table of sizes")
    ap.add_argument(
        "--recent",
        type=float,
        default=0.03,
        help="share of interactions in the last 60 days (0.003 with 20M keeps the 60,000 "
        "recent ones of the 2M ledger: deeper history, the same recent activity)",
    )
    ap.add_argument(
        "--home", type=Path, default=None, help="keep the ledger here; reuse it if already built"
    )
    a = ap.parse_args()
    if a.table:
        for people, inter in (
            (10_000, 200_000),
            (100_000, 2_000_000),
            (1_000_000, 2_000_000),
            (1_000_000, 20_000_000),
        ):
            run(people, inter)
    else:
        run(a.people, a.interactions, a.home, a.recent)


if __name__ == "__main__":
    main()
