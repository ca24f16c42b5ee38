"""Bulk inserts for the import writer: the one place with backend-specific SQL.

An import writes hundreds of thousands of rows. Through SQLAlchemy Core every
row is a dict and every value passes the column's bind processing (for
:class:`~warmly.store.types.UTCDateTime` a TypeDecorator plus the dialect's
own formatter), which costs more than SQLite spends storing the row. On SQLite
the rows therefore go to the DBAPI's ``executemany`` as tuples, with datetimes
formatted once, exactly as SQLAlchemy's SQLite ``DATETIME`` stores them. On
PostgreSQL through psycopg 3 the rows go by ``COPY ... FROM STDIN``, each value
through the bind processing SQLAlchemy would apply: an INSERT per row cost the
server several times what loading them as one stream does. Every other backend
takes the portable path: Core ``insert()`` with the same values, whose UTC
datetimes then pass the usual type processing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

from warmly.ledger.rows import sqlite_datetime
from warmly.store.types import UTCDateTime

Row = tuple[Any, ...]
V = TypeVar("V", str, int)
Processor = Callable[[Any], Any]
_CHUNK = 2000  # keys per IN (...) query: well under every backend's parameter limit


def is_fast(dialect: Dialect) -> bool:
    """True if bulk inserts on ``dialect`` take the SQLite fast path (datetimes as our text).

    Only when our text matches the dialect's own DATETIME text (guards a SQLAlchemy change).
    """
    if dialect.name != "sqlite":
        return False
    process = DateTime().dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return False
    samples = (
        datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, 7, tzinfo=UTC),
    )
    return all(process(d.replace(tzinfo=None)) == sqlite_datetime(d) for d in samples)


class BulkInserter:
    """Inserts many rows at once on the connection of an import's transaction."""

    def __init__(self, conn: Connection, watch: Sequence[Table] = ()) -> None:
        self.conn = conn
        self.fast = is_fast(conn.dialect)
        self.copy = conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"
        self._sql: dict[tuple[str, tuple[str, ...]], tuple[str, list[tuple[int, Processor]]]] = {}
        # Tables of ``watch`` that hold no row yet. The import's transaction holds
        # SQLite's one write lock, so only this import can add rows to them, and
        # it knows which: asking SQLite whether its keys exist is wasted work (a
        # first import asks for every one of its keys).
        self.empty: set[str] = set()
        if self.fast:
            for table in watch:
                sql = f"SELECT 1 FROM {table.name} LIMIT 1"
                if conn.exec_driver_sql(sql).first() is None:
                    self.empty.add(table.name)

    def _prepared(
        self, table: Table, columns: Sequence[str]
    ) -> tuple[str, list[tuple[int, Processor]]]:
        """The INSERT text and its value conversions."""
        key = (table.name, tuple(columns))
        prepared = self._sql.get(key)
        if prepared is None:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
            prepared = self._sql[key] = (sql, self._processors(table, columns))
        return prepared

    def _processors(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Processor]]:
        """The value conversions (by position in ``columns``) SQLAlchemy would apply.

        On the SQLite fast path a UTC datetime becomes our text directly.
        """
        dialect = self.conn.dialect
        procs: list[tuple[int, Processor]] = []
        for i, name in enumerate(columns):
            col_type = table.c[name].type
            proc = (
                sqlite_datetime
                if self.fast and isinstance(col_type, UTCDateTime)
                else col_type.dialect_impl(dialect).bind_processor(dialect)
            )
            if proc is not None:
                procs.append((i, proc))
        return procs

    def insert(
        self, table: Table, columns: Sequence[str], rows: list[Row], converted: bool = False
    ) -> None:
        """Insert ``rows``: tuples of Python values (aware datetimes) in ``columns`` order.

        ``converted``: the rows' datetimes are already in the database's form
        (:func:`sqlite_datetime` text on the fast path), as prepared interactions are.
        """
        if not rows:
            return
        if self.copy:
            self._copy(table, columns, rows)
            return
        if not self.fast:
            self.conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
            return
        sql, procs = self._prepared(table, columns)
        if converted:
            pass
        elif len(procs) == 1:  # the interactions' case: one datetime column
            (i, proc), j = procs[0], procs[0][0] + 1
            rows = [(*r[:i], proc(r[i]), *r[j:]) for r in rows]
        elif procs:
            rows = [_convert(r, procs) for r in rows]
        self.conn.exec_driver_sql(sql, rows)

    def _copy(self, table: Table, columns: Sequence[str], rows: list[Row]) -> None:
        """``rows`` into ``table`` by one ``COPY FROM STDIN`` (psycopg 3), in the
        import's transaction, with the values SQLAlchemy would bind."""
        import psycopg

        procs = self._processors(table, columns)

        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(sql) as copy:
                write = copy.write_row
                for r in rows:
                    if procs:
                        r = _convert(r, procs)
                    # PostgreSQL text cannot hold NUL (SQLite can): one stray
                    # byte in a name would fail the whole file.
                    if any(type(v) is str and "\x00" in v for v in r):
                        r = tuple(v.replace("\x00", "") if type(v) is str else v for v in r)
                    write(r)
        except psycopg.Error as exc:
            # As SQLAlchemy would have raised it: callers handle database errors
            # as SQLAlchemy's (a value too long fails that file, not the command).
            raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc
        finally:
            cursor.close()

    def update_by_id(self, table: Table, changes: dict[int, dict[str, Any]]) -> None:
        """Set columns of rows by ``id``: one statement per set of columns changed.

        Rows of the same columns go as one ``executemany``; an ORM bulk update
        of 30,000 people cost five times as much.
        """
        groups: dict[tuple[str, ...], list[Row]] = {}
        for rid, values in changes.items():
            if values:
                cols = tuple(sorted(values))
                groups.setdefault(cols, []).append((*(values[c] for c in cols), rid))
        for cols, rows in groups.items():
            if not self.fast:
                stmt = (
                    update(table)
                    .where(table.c.id == bindparam("row_id"))
                    .values({c: bindparam(c) for c in cols})
                )
                params = [{**dict(zip(cols, r[:-1], strict=True)), "row_id": r[-1]} for r in rows]
                self.conn.execute(stmt, params)
                continue
            procs = self._processors(table, cols)
            if procs:
                rows = [_convert(r, procs) for r in rows]
            sets = ", ".join(f"{c} = ?" for c in cols)
            self.conn.exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?", rows)

    def existing(self, table: Table, column: str, values: Sequence[V]) -> set[V]:
        """Which of ``values`` are already in ``table.column`` (one query per 2,000).

        For a table that was empty (see ``watch``) the answer is the caller's to
        know: nothing that was there before the import.
        """
        found: set[V] = set()
        if table.name in self.empty:
            return found
        col = table.c[column]
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            if self.fast:
                # SQLAlchemy renders an expanding IN anew for every execution;
                # the plain text costs nothing and SQLite caches the plan.
                marks = ", ".join("?" * len(chunk))
                sql = f"SELECT {column} FROM {table.name} WHERE {column} IN ({marks})"
                found.update(v for (v,) in self.conn.exec_driver_sql(sql, tuple(chunk)))
            elif self.copy:
                # One array parameter instead of 2,000: PostgreSQL plans it once.
                sql = f"SELECT {column} FROM {table.name} WHERE {column} = ANY(%s)"
                found.update(v for (v,) in self.conn.exec_driver_sql(sql, (list(chunk),)))
            else:
                found.update(self.conn.scalars(select(col).where(col.in_(chunk))))
        return found

    def insert_ids(self, table: Table, columns: Sequence[str], rows: list[Row]) -> list[int]:
        """Insert ``rows`` and return their new ``id`` values, in the order of ``rows``."""
        if not rows:
            return []
        if self.fast:
            # SQLite cannot return ids of a multi-row insert in parameter order,
            # so SQLAlchemy would insert row by row. The import's transaction
            # already holds SQLite's single write lock (its ImportRun row was
            # written first), so ids after the current maximum are ours; if that
            # ever did not hold, the insert fails on the primary key rather
            # than mislabel a row.
            top = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
            first = int(top or 0) + 1
            ids = list(range(first, first + len(rows)))
            self.insert(table, ("id", *columns), [(i, *r) for i, r in zip(ids, rows, strict=True)])
            return ids
        if self.copy:
            # Ids drawn from the table's own sequence (unique whatever else runs),
            # then one COPY: an INSERT ... RETURNING cost the server far more.
            seq = f"pg_get_serial_sequence('{table.name}', 'id')"
            ids = [
                int(i)
                for (i,) in self.conn.exec_driver_sql(
                    f"SELECT nextval({seq}) FROM generate_series(1, %s)", (len(rows),)
                )
            ]
            self._copy(table, ("id", *columns), [(i, *r) for i, r in zip(ids, rows, strict=True)])
            return ids
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        params = [dict(zip(columns, r, strict=True)) for r in rows]
        return [int(i) for i in self.conn.execute(stmt, params).scalars()]


def _convert(row: Row, procs: list[tuple[int, Processor]]) -> Row:
    values = list(row)
    for i, proc in procs:
        values[i] = proc(values[i])
    return tuple(values)


class DeferredIndexes:
    """Secondary indexes of one table, dropped while an import adds many rows to it.

    Inserting rows in key order into five B-trees costs SQLite more than
    building those indexes once at the end (measured: 1.4 s of 4.7 s for
    380,000 interactions). Only on SQLite, where DDL is transactional: the
    drop and the re-creation commit or roll back with the import, and other
    connections keep reading the indexes they had. The unique index behind the
    ``source_key`` constraint stays (it keeps re-imports idempotent).

    Re-creating costs about 70% of maintaining the indexes row by row, but over
    the whole table, so the indexes are dropped only once the import has added
    twice as many rows as the table held: always early in a first import,
    never for a small import into a large ledger.
    """

    MIN_ROWS = 10_000  # fewer new rows than this are cheaper to index as they come

    def __init__(self, bulk: BulkInserter, table: Table) -> None:
        self.bulk = bulk
        self.table = table.name
        self.enabled = bulk.fast
        self.held: list[str] = []  # CREATE INDEX statements to run again
        self.added = 0
        self.before = 0
        if self.enabled:
            top = bulk.conn.exec_driver_sql(f"SELECT max(id) FROM {self.table}").scalar()
            self.before = int(top or 0)

    def adding(self, n: int) -> None:
        """``n`` rows are about to be inserted: drop the indexes if that now pays."""
        self.added += n
        if self.enabled and self.added >= max(self.MIN_ROWS, 2 * self.before):
            self.enabled = False  # once per import at most
            conn = self.bulk.conn
            rows = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL ORDER BY name",
                (self.table,),
            ).all()
            for name, sql in rows:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self.held.append(sql)

    def restore(self) -> None:
        """Re-create what was dropped (before anything queries the table, and at the end).

        Indexes that had to come back early (a merge needs them) stay for the rest
        of the import: merges tend to come in numbers.
        """
        held, self.held = self.held, []
        for sql in held:
            self.bulk.conn.exec_driver_sql(sql)
