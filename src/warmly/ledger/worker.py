"""Parse a large export in a second process while this one writes it.

An import spends about as long parsing as writing, and both are Python, so
one process cannot overlap them. For a large export (:data:`PARALLEL_MIN_BYTES`
unpacked) the pipeline starts a worker process that runs the importer,
prepares each interaction (:mod:`warmly.ledger.prepare`) and sends batches of
items through a bounded queue, while the importing process resolves and writes
the previous ones. The database is only ever touched by the importing process,
in its one transaction, so the crash and re-run guarantees are those of an
import without a worker: if anything fails, in either process, nothing of the
file is written.

The worker is a plain ``python`` subprocess speaking length-prefixed pickles
over its stdin and stdout (not :mod:`multiprocessing`, whose start methods
either fork this process's open database connections or run the caller's
``__main__`` module again). An error in the worker is raised again in the
importing process: an :class:`~warmly.errors.ImportFileError` as itself, any
other exception as itself when it can be pickled (with the worker's traceback
as a note).
"""

from __future__ import annotations

import copyreg
import gc
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import IO, Any, get_args

from warmly.errors import ImportFileError
from warmly.importers.base import ImportContext, Importer
from warmly.importers.records import IdentityRef, PositionRef, Record
from warmly.importers.source import ExportTree
from warmly.ledger.prepare import Item, prepare_all

# Exports smaller than this (bytes once unpacked) are parsed in the importing
# process: starting a worker costs about 0.3 s of its own, which pays at a few MB.
PARALLEL_MIN_BYTES = 8 << 20
_CHUNK = 2000  # items per message: big enough to amortise pickling, small enough to pipeline
# Messages (2,000 items, up to ~0.75 MB pickled) the worker may have ready before the
# writer takes them: enough to run ahead through a LinkedIn export's contacts
# into its message survey while the writer writes them (with 8, the writer
# waited 0.8 s for the survey; with 64, not at all). At most ~50 MB.
_DEPTH = 64
_HEAD = struct.Struct("<Q")  # the length of each pickled message
_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}  # a record's field values
# Every record type, and the references inside them.
_RECORD_TYPES: tuple[type, ...] = (*get_args(Record), IdentityRef, PositionRef)


def worth_a_worker(tree: ExportTree) -> bool:
    """True if ``tree`` is big enough for parsing in a second process to pay.

    Only with a core to spare: the worker adds work (sending every item across)
    that only an otherwise idle core pays back. On a busy 2-core machine the
    same import took 4–12% longer with a worker, on a quieter one 27% less.
    """
    if getattr(sys, "frozen", False):  # a bundled app: no interpreter to start
        return False
    return tree.size() >= PARALLEL_MIN_BYTES and _spare_cores() >= 1.0


def _spare_cores() -> float:
    """Cores idle right now: usable cores times their idle share over a short sample.

    Measured, not the load average: that lags by a minute, so an import right
    after another (``warmly import a.zip b.zip``) saw the first one's load and
    went without a worker on an idle machine. The load average remains the
    fallback where ``/proc/stat`` does not exist.
    """
    try:
        cores: set[int] | None = set(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = None
    usable = len(cores) if cores else (os.cpu_count() or 1)
    idle = _idle_share(SAMPLE_SECONDS, cores=cores)
    if idle is not None:
        return usable * idle
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows: no load average; assume it is free
        load = 0.0
    return usable - load


SAMPLE_SECONDS = 0.1  # long enough to see a busy core, short beside a large import


def _idle_share(
    seconds: float, stat: Path = Path("/proc/stat"), cores: set[int] | None = None
) -> float | None:
    """Idle share of the CPU time of ``cores`` (all CPUs if ``None``) over ``seconds``.

    Only the cores this process may run on count: in a container or under
    ``taskset`` the rest of the host may be idle while ours are busy.
    ``None`` without a readable ``/proc/stat``.
    """

    def totals() -> tuple[int, int]:
        idle = total = 0
        for line in stat.read_text().splitlines():
            # cpuN  user nice system idle iowait irq softirq steal guest guest_nice
            name, *fields = line.split()
            if not name.startswith("cpu"):
                break  # the cpu lines come first
            if (name == "cpu") != (cores is None):
                continue
            if cores is not None and int(name[3:]) not in cores:
                continue
            ticks = [int(v) for v in fields[:8]]
            idle += ticks[3] + ticks[4]
            total += sum(ticks)
        return idle, total

    try:
        idle0, total0 = totals()
        time.sleep(seconds)
        idle1, total1 = totals()
    except (OSError, ValueError, IndexError):
        return None
    if total1 <= total0:
        return None
    return (idle1 - idle0) / (total1 - total0)


class ParseWorker:
    """A process that reads one export and hands its items over in order."""

    def __init__(
        self, path: Path, importer: Importer, ctx: ImportContext, *, text_dates: bool
    ) -> None:
        self.path = path
        # The child must import warmly before it can read anything: give it this
        # process's import path (warmly may be importable here only through it).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from warmly.ledger.worker import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._out: IO[bytes] = self._proc.stdout
        try:
            # sys.path first: the importer's class may live outside site-packages.
            orders = self._proc.stdin.fileno()
            _send(orders, pickle.dumps(sys.path))
            _send(orders, pickle.dumps((path, importer, ctx, text_dates)))
            self._proc.stdin.close()
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            self.close()
            raise

    def items(self) -> Iterator[Item]:
        """Every item the importer yields, prepared, in order; the worker's error, raised."""
        while True:
            kind, payload = pickle.loads(self._receive())
            if kind == "items":
                yield from payload
            elif kind == "done":
                return
            else:
                raise _rebuild(kind, payload)

    def _receive(self) -> bytes:
        head = self._out.read(_HEAD.size)
        size = _HEAD.unpack(head)[0] if len(head) == _HEAD.size else 0
        data = self._out.read(size) if size else b""
        if not data or len(data) < size:  # gone before, or in the middle of, a message
            code = self._proc.wait()
            raise ImportFileError(
                self.path, f"the parsing process stopped unexpectedly (exit code {code})"
            )
        return data

    def close(self) -> None:
        """Stop the worker if it is still running (the import failed or was not needed)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._out.close()

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _send(fd: int, data: bytes) -> None:
    """Write one length-prefixed message to the pipe ``fd``.

    Straight to the descriptor, never through a buffered file: a process
    stopped and continued mid-write (Ctrl-Z, then ``fg``) gets a short write,
    and a buffered file then corrupted the stream (seen on Python 3.11 under
    repeated SIGSTOP/SIGCONT: the reader unpickled garbage). ``os.write``
    reports the short write and the loop sends the rest.
    """
    for part in (_HEAD.pack(len(data)), data):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view) :]


def _read(f: IO[bytes]) -> bytes:
    (n,) = _HEAD.unpack(f.read(_HEAD.size))
    return f.read(n)


# -- in the worker process ----------------------------------------------------------------


def main() -> None:
    """The worker: read its orders on stdin, send the export's items on stdout."""
    gc.disable()  # records hold no reference cycles, and the process ends with the export
    inp = sys.stdin.buffer
    # The messages go to a private copy of stdout; stdout itself now leads to
    # stderr, so that a stray print (or a library writing to fd 1) cannot
    # corrupt them.
    out = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.path[:] = pickle.loads(_read(inp))
    # By default a slots dataclass is rebuilt through a Python __setstate__, at
    # twice the cost of calling the class; references are in nearly every item.
    for cls in _RECORD_TYPES:
        _FIELDS[cls] = attrgetter(*(f.name for f in fields(cls)))
        copyreg.pickle(cls, _by_constructor)
    sender = _Sender(out)
    try:
        path, importer, ctx, text_dates = pickle.loads(_read(inp))
        with ExportTree(path) as tree:
            batch: list[Item] = []
            for item in prepare_all(importer.read(tree, ctx), text_dates):
                batch.append(item)
                if len(batch) >= _CHUNK:
                    sender.put(("items", batch))
                    batch = []
            sender.put(("items", batch))
        sender.put(("done", None))
    except BaseException as exc:  # every failure is the importing process's to report
        sender.put(_portable(exc))
    sender.close()


def _by_constructor(obj: Any) -> tuple[type, tuple[Any, ...]]:
    """Rebuild a record by calling its class with its fields (it has no __post_init__)."""
    cls = type(obj)
    return cls, _FIELDS[cls](obj)


class _Sender:
    """Pickles here, writes in a thread: parsing goes on while a message is on its way."""

    def __init__(self, out: int) -> None:
        self.out = out
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_DEPTH)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, message: tuple[str, Any]) -> None:
        self.queue.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                _send(self.out, data)
            except OSError:  # the importing process has gone: nobody is listening
                os._exit(1)  # the whole process: sys.exit would end this thread only


def _portable(exc: BaseException) -> tuple[str, Any]:
    """``exc`` in a form that survives pickling (ImportFileError's arguments do not)."""
    trace = "".join(traceback.format_exception(exc))
    if isinstance(exc, ImportFileError):
        return ("import", (type(exc), exc.path, exc.reason, exc.where, trace))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an exception that cannot travel: its type and message can
        return ("other", (f"{type(exc).__name__}: {exc}", trace))
    return ("pickled", (exc, trace))


def _rebuild(kind: str, parts: Any) -> BaseException:
    if kind == "import":
        cls, path, reason, where, trace = parts
        exc: BaseException = cls(path, reason, where)
    elif kind == "pickled":
        exc, trace = parts
    else:
        message, trace = parts
        exc = RuntimeError(message)
    exc.add_note(f"in the parsing process:\n{trace}")
    return exc
