"""Small helpers the benchmark scripts share: timing and peak memory."""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (user + system)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class ChildPeak:
    """The largest peak RSS (MiB) of any live child of this process, sampled in a thread.

    Linux only (``/proc``); children that live shorter than ``every`` may be missed.
    """

    def __init__(self, every: float = 0.05) -> None:
        self.mib = 0.0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self._every):
            try:
                tasks = os.listdir(f"/proc/{me}/task")
            except OSError:
                return
            for task in tasks:
                try:
                    with open(f"/proc/{me}/task/{task}/children") as f:
                        kids = f.read().split()
                except OSError:
                    continue
                for pid in kids:
                    self.mib = max(self.mib, _vm_hwm_mib(pid))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.mib


def _vm_hwm_mib(pid: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def machine_speed() -> str:
    """Seconds a fixed Python and SQLite workload takes on this machine right now.

    The project's machines differ by up to 2x from one session to the next (and
    10-20% from minute to minute): printed beside a figure, this says how fast
    the machine was when it was taken. Best of three of each.
    """
    import sqlite3

    def python_work() -> None:
        d: dict[str, int] = {}
        for i in range(300_000):
            k = f"key{i % 5000}"
            d[k] = d.get(k, 0) + len(k.upper())

    def sqlite_work() -> None:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE TABLE t (k TEXT UNIQUE, p INTEGER, x TEXT)")
        rows = ((f"{(i * 7919) % 100_003:08x}{i}", i % 977, "a few words") for i in range(100_000))
        con.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        con.close()

    def best(fn: object) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        return min(times)

    return (
        f"machine: python {best(python_work):.3f}s, sqlite {best(sqlite_work):.3f}s (calibration)"
    )
