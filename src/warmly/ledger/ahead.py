"""Parse the next export of ``warmly import a.zip b.zip`` while this one finishes.

At the end of an import the importing process rebuilds indexes, folds tie
states, rescores and commits (seconds for a large export) while its parsing
worker has ended and a core is idle; the next export's worker, meanwhile,
would spend its first seconds reading before the writer gets anything. So the
next export's worker is started then, with what the importer would be told
(:class:`~warmly.importers.base.ImportContext`) as the current transaction
already knows it. It is used only if, when that import begins, the file, the
format and the context are all the same; otherwise it is stopped and the
import starts its own, as it would have without one. The database is never
touched by a worker, so a stopped one leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from warmly.importers import detect_importer, get_importer
from warmly.importers.base import ImportContext
from warmly.importers.source import ExportTree, is_tar
from warmly.ledger.worker import ParseWorker, worth_a_worker


def _stamp(path: Path) -> tuple[int, int]:
    """Size and modification time: the file must not change between start and take."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns


class Ahead:
    """At most one worker started for an export that has not begun importing yet.

    Use it as ``with contextlib.closing(Ahead()) as ahead:`` so that a worker
    nobody took is stopped.
    """

    def __init__(self) -> None:
        self._key: tuple[Path, tuple[int, int], str, ImportContext] | None = None
        self._worker: ParseWorker | None = None

    def start(
        self,
        path: Path,
        fmt: str | None,
        ctx: ImportContext,
        *,
        text_dates: bool,
        skip: set[str],
    ) -> None:
        """Start a worker for ``path`` if it is a big export of a format not in ``skip``.

        ``skip``: formats imported before (a re-import is parsed in the importing
        process) and the format being imported now. Any trouble reading ``path``
        only means no worker: its own import will report it.
        """
        self.close()
        try:
            if is_tar(path):
                return  # opening a tar reads it whole: not while this import's transaction waits
            stamp = _stamp(path)
            with ExportTree(path) as tree:
                importer = get_importer(fmt) if fmt else detect_importer(tree, path)
                if importer.name in skip or not worth_a_worker(tree):
                    return
            self._worker = ParseWorker(path, importer, ctx, text_dates=text_dates)
        except Exception:  # whatever it is, the next file's own import will report it,
            return  # and the import that is finishing must not fail for it
        self._key = (path, stamp, importer.name, ctx)

    def take(self, path: Path, fmt: str, ctx: ImportContext) -> ParseWorker | None:
        """The worker started for this very import, or ``None`` (and it is stopped)."""
        worker, self._worker = self._worker, None
        if worker is None:
            return None
        try:
            same = self._key == (path, _stamp(path), fmt, ctx)
        except OSError:
            same = False
        if same:
            return worker
        worker.close()
        return None

    def close(self) -> None:
        """Stop a worker nobody took."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None
