"""Organisations and positions of a batch: one query and one insert per batch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.identity.namekey import name_key
from warmly.ledger.batch import ORGANISATIONS, POSITIONS
from warmly.ledger.bulk import BulkInserter
from warmly.store.models import Organisation


class JobRows:
    """Builds position rows, making sure their organisations exist first."""

    def __init__(self, session: Session, bulk: BulkInserter, now: datetime, seen: set[str]) -> None:
        self.s = session
        self.bulk = bulk
        self.now = now
        self.seen = seen  # source keys already written by this import
        self.orgs: dict[str, int] = {}

    @staticmethod
    def org_key(name: str) -> str:
        return name_key(name)[:300] or name[:300]

    def ensure_orgs(self, names: set[str]) -> None:
        """Make sure every organisation of a batch has an id (one query, one insert)."""
        want = {self.org_key(n): n for n in names}
        missing = [k for k in want if k not in self.orgs]
        for i in range(0, len(missing), 2000):
            chunk = missing[i : i + 2000]
            q = select(Organisation.name_key, Organisation.id).where(
                Organisation.name_key.in_(chunk)
            )
            self.orgs.update(dict(self.s.execute(q).all()))
        new = [k for k in missing if k not in self.orgs]
        if new:
            rows = [(want[k][:300], k) for k in new]
            ids = self.bulk.insert_ids(ORGANISATIONS, ("name", "name_key"), rows)
            self.orgs.update(zip(new, ids, strict=True))

    def row(
        self,
        key: str,
        pid: int,
        ident: int | None,
        org: str,
        title: str | None,
        started: object,
        ended: object,
    ) -> tuple[object, ...]:
        """A row in ``POSITION_COLS`` order (the source key first)."""
        return (
            key[:300],
            pid,
            ident,
            self.orgs[self.org_key(org)],
            title[:300] if title else None,
            started,
            ended,
            self.now,
        )

    def new_only(self, rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        """Contact-derived positions not yet in the ledger (many sources see the same job)."""
        keys = [str(r[0]) for r in rows]
        known = self.bulk.existing(POSITIONS, "source_key", keys)
        out = []
        for k, r in zip(keys, rows, strict=True):
            if k in known or k in self.seen:
                continue
            self.seen.add(k)
            out.append(r)
        return out
