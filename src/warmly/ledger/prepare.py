"""Turn interaction records into the rows they would add, before any database work.

Everything the writer does to an :class:`~warmly.importers.records.InteractionRecord`
that does not depend on the ledger happens here once: its identity keys, the
source key of each of its rows, the capped text and its word count, the
database form of its time. The result is a plain tuple, cheap to build, to keep
in a batch and to send from a parsing worker process to the writer
(:mod:`warmly.ledger.worker`). Every other kind of record passes through as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from warmly.importers.records import FUTURE_SLACK, InteractionRecord, Record, RecordError
from warmly.ledger.rows import TEXT_CAP, PlannedRow, ref_key, row_key, sqlite_datetime

# (rows, tail, occurred_at, where): ``rows`` as the writer plans them, ``tail``
# the interaction row's columns after (source_key, person_id, identity_id,
# run_id) in ``INTERACTION_COLS`` order, ``where`` the record's location for
# problems. ``tail`` = (platform, kind, direction, occurred_at as stored,
# thread, subject, text, words, tags), or the record itself until it is needed.
Prepared = tuple[list[PlannedRow], tuple[Any, ...] | InteractionRecord, datetime, str]
Item = Record | Prepared  # what the writer takes in


def latest_time(now: datetime | None = None) -> datetime:
    """The latest interaction time :func:`prepare` accepts, for a clock reading ``now``."""
    return (now or datetime.now(UTC)) + FUTURE_SLACK


def _same(value: datetime) -> datetime:
    return value


def stored_time(text_dates: bool) -> Callable[[datetime], Any]:
    """How an interaction's time goes into its row: SQLite text, or the datetime itself."""
    return sqlite_datetime if text_dates else _same


def prepare(
    rec: InteractionRecord,
    when: Callable[[datetime], Any],
    latest: datetime,
    eager: bool = True,
) -> Prepared | RecordError:
    """One interaction as the rows it would add; a :class:`RecordError` if it names
    nobody or is dated after ``latest`` (:func:`latest_time`).

    ``when`` is :func:`stored_time` of the target database. Unless ``eager``,
    the row's columns are left for :func:`row_tail` to work out (the record
    stands in their place): in the writer's own process that is only done for
    rows that turn out to be new.
    """
    cps = rec.counterparts
    if len(cps) == 1:  # the common case, without the list building below
        r = cps[0]
        k = (r.platform, r.handle) if r.handle else ref_key(r)
        rows: list[PlannedRow] = [(rec.source_key, k, r)] if k is not None else []
    else:
        refs = [(r, k) for r in cps if (k := ref_key(r)) is not None]
        rows = [(row_key(rec.source_key, k, len(refs)), k, r) for r, k in refs]
    where = rec.location or rec.source_key
    if not rows:
        return RecordError(where, "no counterpart")
    if rec.occurred_at > latest:
        stamp = rec.occurred_at.strftime("%Y-%m-%d %H:%M UTC")
        return RecordError(where, f"dated in the future ({stamp}): a wrong clock or a forged date")
    return (rows, row_tail(rec, when) if eager else rec, rec.occurred_at, where)


def row_tail(rec: InteractionRecord, when: Callable[[datetime], Any]) -> tuple[Any, ...]:
    """The columns of ``rec``'s rows after the writer's four (see :data:`Prepared`)."""
    text = rec.text
    return (
        rec.platform,
        rec.kind,
        rec.direction,
        when(rec.occurred_at),
        rec.thread[:300] if rec.thread else None,
        rec.subject[:500] if rec.subject else None,
        text[:TEXT_CAP] if text else None,
        len(text.split()) if text else 0,  # tiestate.word_count, inlined
        ",".join(rec.tags)[:200] or None if rec.tags else None,
    )


def prepare_all(records: Iterable[Record], text_dates: bool) -> Iterator[Item]:
    """:func:`prepare` every interaction of ``records``; other records pass through."""
    when, latest = stored_time(text_dates), latest_time()
    for rec in records:
        if type(rec) is InteractionRecord:
            yield prepare(rec, when, latest)
        else:
            yield rec
