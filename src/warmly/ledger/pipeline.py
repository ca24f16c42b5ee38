"""Import one path: detect its format, read it, write it in one transaction.

A large export is parsed in a worker process while this one writes
(:mod:`warmly.ledger.worker`); the database work stays here, in the file's
one transaction. A file that cannot be read at all writes nothing (the
transaction rolls back) and raises :class:`~warmly.errors.ImportFileError`;
the failed run is still recorded so ``warmly`` can tell what happened. Bad
single records are skipped, counted and reported with their location.
"""

from __future__ import annotations

import csv
import pickle
import traceback
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from warmly.errors import ImportFileError, WarmlyError, one_line
from warmly.gc_pause import gc_paused
from warmly.importers import detect_importer, get_importer
from warmly.importers.base import ImportContext
from warmly.importers.source import READ_ERRORS, ExportTree
from warmly.ledger.ahead import Ahead
from warmly.ledger.bulk import is_fast
from warmly.ledger.fingerprint import fingerprint, previous_run
from warmly.ledger.matching_due import mark_due
from warmly.ledger.owner import ensure_owner, owner_keys
from warmly.ledger.worker import ParseWorker, worth_a_worker
from warmly.ledger.writer import LedgerWriter
from warmly.store.models import ImportRun, Interaction, Person
from warmly.store.session import LEDGER_WAIT_S, LockTimeout, bulk_write_tuning, lock_ledger
from warmly.workspace import Workspace

Progress = Callable[[int], None]

# How long an import waits for another one writing to the same ledger.
IMPORT_WAIT_S = LEDGER_WAIT_S
# An input an importer did not foresee: the file is refused whole (nothing written).
_UNREADABLE: tuple[type[Exception], ...] = (
    *READ_ERRORS,
    csv.Error,
    ValueError,
    UnicodeError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,  # a field that was None, or a list, where the importer expected more
    ArithmeticError,  # OverflowError: a date past the calendar, a huge number
    RecursionError,  # JSON nested beyond reason
)


@dataclass
class ImportReport:
    """What one import did: the numbers ``warmly import`` prints per file."""

    path: str
    format: str | None  # None: the file failed before its format was known
    status: str
    read: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    people_added: int = 0
    merged: int = 0
    seconds: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)
    not_read: list[dict[str, str]] = field(default_factory=list)  # files of it left alone
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_context(
    ws: Workspace,
    options: dict[str, object] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ImportContext:
    """What importers may know before reading: the owner's identities and names."""
    with ws.sessions.begin() as s:
        _lock(s, on_wait)  # two first imports at once would each create an owner
        ensure_owner(s, ws.settings.profile)
        return _context(s, ws, options)


def _lock(s: Session, on_wait: Callable[[], None] | None = None) -> None:
    """One import at a time per ledger (see :func:`~warmly.store.session.lock_ledger`)."""
    lock_ledger(s, on_wait, wait_s=IMPORT_WAIT_S)


def _context(s: Session, ws: Workspace, options: dict[str, object] | None) -> ImportContext:
    settings = ws.settings
    owner = owner_keys(s)
    names = {p.display_name.lower() for p in s.query(Person).filter(Person.is_owner.is_(True))}
    if settings.profile.name:
        names.add(settings.profile.name.lower())
    return ImportContext(
        owner=owner,
        owner_names={n for n in names if n and n != "me"},
        default_region=settings.profile.default_region or None,
        options=dict(options or {}),
    )


def import_path(
    ws: Workspace,
    path: Path,
    fmt: str | None = None,
    options: dict[str, object] | None = None,
    progress: Progress | None = None,
    then: Path | None = None,
    ahead: Ahead | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ImportReport:
    """Import ``path`` (a file, folder or archive) into the workspace's ledger.

    ``then``: the export the caller imports next, with the same ``fmt`` and
    ``options``; its parsing may start in ``ahead`` while this import finishes
    (see :mod:`warmly.ledger.ahead`), and this import takes the worker that an
    earlier call started for it there. ``on_wait`` is called if another
    import is writing to the ledger (this one then waits for it, up to
    :data:`IMPORT_WAIT_S`).
    """
    try:
        return _import(ws, path, fmt, options, progress, then, ahead, on_wait)
    except LockTimeout as exc:  # the other import never let go: this file alone fails
        raise ImportFileError(path, str(exc)) from exc


def _import(
    ws: Workspace,
    path: Path,
    fmt: str | None,
    options: dict[str, object] | None,
    progress: Progress | None,
    then: Path | None,
    ahead: Ahead | None,
    on_wait: Callable[[], None] | None,
) -> ImportReport:
    started = datetime.now(UTC)
    if not path.exists():
        raise ImportFileError(path, "no such file or folder")
    if not (path.is_file() or path.is_dir()):
        # A pipe cannot be read the several times detection, the fingerprint and
        # the import need: it would import as empty.
        raise ImportFileError(path, "not a regular file or folder (a pipe?): save it to a file")
    ctx = build_context(ws, options, on_wait)
    with ExportTree(path) as tree, gc_paused(), ExitStack() as stack:
        try:
            importer = get_importer(fmt) if fmt else detect_importer(tree, path)
        except READ_ERRORS as exc:
            raise ImportFileError(path, f"unreadable ({type(exc).__name__}: {exc})") from exc
        worker: ParseWorker | None = None

        text_dates = is_fast(ws.engine.dialect)

        def start_worker() -> ParseWorker | None:
            try:
                return stack.enter_context(ParseWorker(path, importer, ctx, text_dates=text_dates))
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                # No interpreter to start (an embedded Python), or options that
                # cannot be sent to one: parse in this process instead.
                return None

        # A worker pays when the writer has much to do. With no earlier import of
        # this format, all is new: it starts at once and parses while the
        # fingerprint is computed. After one (the same export again, a newer
        # one that overlaps it), most of what is read is known and the writer
        # only checks keys: handing every item to it across processes would
        # cost more than it saves (measured: 8.5 s against 6 s for 260,000).
        imported = _formats_imported(ws)
        again = importer.name in imported
        # A worker started ahead was only started for a format new to the ledger.
        prefetched = ahead.take(path, importer.name, ctx) if ahead is not None else None
        if prefetched is not None:
            worker = stack.enter_context(prefetched)  # closed like one started here
        elif not again and worth_a_worker(tree):
            worker = start_worker()
        try:
            digest = fingerprint(tree, importer.name, ctx.options)
        except ImportFileError as exc:
            _record_failure(ws, path, importer.name, started, str(exc))
            raise
        same = _already_imported(ws, path, importer.name, digest, started, on_wait)
        if same is not None:
            return same
        try:
            with ws.sessions.begin() as s:
                _lock(s, on_wait)
                owner = ensure_owner(s, ws.settings.profile)
                fresh = _context(s, ws, options)
                if fresh != ctx:
                    # Another import taught the ledger more of the user (an address,
                    # an account) after ctx was read, before this lock: parse with
                    # what it knows now, or those rows would be read as a contact's.
                    ctx = fresh
                    if worker is not None:
                        worker.close()
                        worker = start_worker()
                run = ImportRun(path=str(path), format=importer.name, started_at=started)
                s.add(run)
                s.flush()
                if again:  # an overlapping export: let the importer skip what is known
                    ctx.known = known_keys(s, getattr(importer, "known_prefixes", ()))
                with bulk_write_tuning(s):
                    writer = LedgerWriter(s, ws.settings, run.id, owner)
                    if worker is not None:
                        writer.add_all(worker.items(), progress)
                    else:
                        writer.add_all(importer.read(tree, ctx), progress)
                    if then is not None and ahead is not None:
                        # Parsing is over here: the next export's worker gets the
                        # idle core while the indexes, ties and scores are done.
                        ahead.start(
                            then,
                            fmt,
                            _context(s, ws, options),
                            text_dates=text_dates,
                            skip=imported | {importer.name},
                        )
                    counts = writer.finish()
                run.finished_at = datetime.now(UTC)
                run.status = "ok"
                if counts.added or counts.people_added or counts.merged:
                    mark_due(s, run.finished_at)
                run.read, run.added, run.skipped, run.errors = (
                    counts.read,
                    counts.added,
                    counts.skipped,
                    counts.errors,
                )
                run.details = {
                    "fingerprint": digest,
                    "unchanged": counts.unchanged,
                    "people_added": counts.people_added,
                    "merged": counts.merged,
                    "problems": [list(p) for p in counts.problems],
                    "not_read": [list(n) for n in counts.not_read],
                }
        except LockTimeout:  # nothing was tried: no failed run to record
            raise
        except WarmlyError as exc:
            _record_failure(ws, path, importer.name, started, str(exc))
            if isinstance(exc, ImportFileError):
                raise
            raise ImportFileError(path, str(exc)) from exc
        except _UNREADABLE as exc:
            # An importer bug or an input it did not foresee: refuse the file whole.
            # The run keeps the traceback, for a bug report; the user sees one line.
            trace = "".join(traceback.format_exception(exc))
            _record_failure(ws, path, importer.name, started, repr(exc), trace=trace)
            raise ImportFileError(path, f"unreadable ({type(exc).__name__}: {exc})") from exc
        except SQLAlchemyError as exc:
            # The database refused (it went away, a disk filled): this file is not
            # imported; the command goes on with the next one.
            why = one_line(exc)
            _record_failure(ws, path, importer.name, started, why)
            raise ImportFileError(path, f"database error: {why}") from exc
    if progress is not None:
        progress(counts.read)
    return ImportReport(
        path=str(path),
        format=importer.name,
        status="ok",
        read=counts.read,
        added=counts.added,
        unchanged=counts.unchanged,
        skipped=counts.skipped,
        errors=counts.errors,
        people_added=counts.people_added,
        merged=counts.merged,
        seconds=(datetime.now(UTC) - started).total_seconds(),
        problems=[{"kind": k, "where": w, "why": y} for k, w, y in counts.problems],
        not_read=[{"file": f, "holds": h} for f, h in counts.not_read],
    )


# Source keys an importer may be told are known (~150 bytes each in memory while
# the set is built); with more, a re-import builds every record and the writer
# checks their keys.
KNOWN_MAX = 1_000_000


def known_keys(s: Session, prefixes: tuple[str, ...]) -> frozenset[str]:
    """Source keys of interactions in the ledger that start with one of ``prefixes``.

    Only keys of single-counterpart rows: a record with several counterparts
    stores one row per counterpart under ``<key>|<identity>``, and is built
    and checked row by row as before. Empty when there are more than
    :data:`KNOWN_MAX`: the set would cost more memory than skipping saves time.
    """
    if not prefixes:
        return frozenset()
    col = Interaction.source_key
    q = select(col).where(
        or_(*(col.startswith(p, autoescape=True) for p in prefixes)),
        ~col.contains("|", autoescape=True),
    )
    keys: list[str] = []
    # Core rows: the ORM's per-row loading costs more than the query.
    with s.connection().execute(q.execution_options(yield_per=50_000)) as result:
        for part in result.scalars().partitions():
            keys.extend(part)
            if len(keys) > KNOWN_MAX:
                return frozenset()
    return frozenset(keys)


def _formats_imported(ws: Workspace) -> set[str]:
    """Formats of the exports imported into this ledger so far (a failed run does not count)."""
    with ws.sessions() as s:
        q = select(ImportRun.format).where(ImportRun.status == "ok").distinct()
        return set(s.scalars(q))


def _already_imported(
    ws: Workspace,
    path: Path,
    fmt: str,
    digest: str,
    started: datetime,
    on_wait: Callable[[], None] | None = None,
) -> ImportReport | None:
    """The report of an import of exactly these bytes (recorded as a run), or None."""
    with ws.sessions.begin() as s:
        _lock(s, on_wait)  # it may record a run: not while another import writes
        prev = previous_run(s, fmt, digest)
        if prev is None:
            return None
        details = prev.details or {}
        unchanged = prev.added + int(details.get("unchanged", 0))
        message = f"identical to import #{prev.id} of {prev.started_at:%Y-%m-%d %H:%M}: nothing new"
        s.add(
            ImportRun(
                path=str(path),
                format=fmt,
                started_at=started,
                finished_at=datetime.now(UTC),
                status="ok",
                read=prev.read,
                added=0,
                skipped=prev.skipped,
                errors=prev.errors,
                details={"fingerprint": digest, "same_as": prev.id, "unchanged": unchanged},
            )
        )
    return ImportReport(
        path=str(path),
        format=fmt,
        status="ok",
        read=prev.read,
        added=0,
        unchanged=unchanged,
        skipped=prev.skipped,
        errors=prev.errors,
        seconds=(datetime.now(UTC) - started).total_seconds(),
        problems=[{"kind": k, "where": w, "why": y} for k, w, y in details.get("problems", [])],
        message=message,
    )


def _record_failure(
    ws: Workspace, path: Path, fmt: str, started: datetime, why: str, trace: str | None = None
) -> None:
    """Note the failed run, if the database lets us (it may be what failed)."""
    with suppress(SQLAlchemyError), ws.sessions.begin() as s:
        s.add(
            ImportRun(
                path=str(path),
                format=fmt,
                started_at=started,
                finished_at=datetime.now(UTC),
                status="failed",
                details={"reason": why[:2000], **({"traceback": trace[-8000:]} if trace else {})},
            )
        )
