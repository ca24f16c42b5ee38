"""Write one import's records into the ledger, in batches, inside one transaction.

Per batch: drop rows already in the ledger (by source key), resolve every
identity reference (creating people and identities that are new), merge people
that one record names together (deterministic links), then bulk-insert the
rows and fold new interactions into the tie state.

Interactions arrive as records or already prepared
(:mod:`warmly.ledger.prepare`, e.g. by a parsing worker process); either way
the writer works on the prepared form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.config import Settings
from warmly.identity.namekey import name_key
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    Known,
    NotRead,
    OwnerRecord,
    PositionRecord,
    RecordError,
    Skipped,
)
from warmly.ledger.batch import (
    BATCH,
    INTERACTION_COLS,
    INTERACTIONS,
    NO_KEY,
    PEOPLE,
    POSITION_COLS,
    POSITIONS,
    SIGHTING_COLS,
    SIGHTINGS,
    TIE_STATES,
    Counts,
    Work,
    nameless_person,
)
from warmly.ledger.bulk import BulkInserter, DeferredIndexes
from warmly.ledger.jobs import JobRows
from warmly.ledger.owner import apply_owner_record
from warmly.ledger.prepare import Item, latest_time, row_tail, stored_time
from warmly.ledger.prepare import prepare as prepare_interaction
from warmly.ledger.resolve_batch import BatchResolver
from warmly.ledger.resolver import IdentityIndex
from warmly.ledger.rows import Key, PlannedRow, ref_key
from warmly.ledger.scores import refresh_scores
from warmly.ledger.tags import add_tags
from warmly.ledger.ties import apply_deltas, rebuild_ties
from warmly.ledger.tiestate import Tie, decay_rate
from warmly.store.models import Identity, Person


class LedgerWriter:
    """Accepts records one by one; call :meth:`finish` once at the end."""

    def __init__(self, session: Session, settings: Settings, run_id: int, owner: int) -> None:
        self.s = session
        self.settings = settings
        self.run_id = run_id
        self.owner = owner
        self.now = datetime.now(UTC)
        self.lam = decay_rate(settings.ties.half_life_days)
        self.bulk = BulkInserter(
            session.connection(), watch=(INTERACTIONS, SIGHTINGS, POSITIONS, TIE_STATES)
        )
        self.text_dates = self.bulk.fast  # prepared interactions carry stored text times
        self._when = stored_time(self.text_dates)
        self._latest = latest_time(self.now)
        self.counts = Counts()
        self.indexes = DeferredIndexes(self.bulk, INTERACTIONS)
        self.resolver = BatchResolver(
            session, self.bulk, owner, self.now, self.counts, self.indexes.restore
        )
        self.pending: list[Item] = []
        self.seen: set[str] = set()
        self.deltas: dict[int, Tie] = defaultdict(Tie)
        self.jobs = JobRows(session, self.bulk, self.now, self.seen)
        self._weights: dict[str, float] = {}

    # -- intake ---------------------------------------------------------------
    def add(self, rec: Item) -> None:
        """Take one record, or an interaction prepared by :mod:`~warmly.ledger.prepare`."""
        self.counts.read += 1
        if type(rec) is InteractionRecord:
            prepared = prepare_interaction(rec, self._when, self._latest, eager=False)
            if type(prepared) is tuple:
                rec = prepared
            else:
                self.counts.read -= 1
                self.add(prepared)  # a RecordError
                return
        if type(rec) is tuple:  # the bulk of every import: skip the checks below
            self.pending.append(rec)
            if len(self.pending) >= BATCH:
                self.flush()
        elif isinstance(rec, RecordError):
            self.counts.errors += 1
            self.counts.note("error", rec.location, rec.reason)
        elif isinstance(rec, Known):
            self.counts.unchanged += 1
        elif isinstance(rec, NotRead):
            self.counts.read -= 1  # a file left alone, not a record of it
            self.counts.not_read.append((rec.location, rec.reason))
        elif isinstance(rec, Skipped):
            self.counts.skipped += 1
            self.counts.note("skipped", rec.location, rec.reason)
        elif isinstance(rec, OwnerRecord):
            self.counts.read -= 1  # facts about the user are not rows of the file
            self.flush()
            self._owner(rec)
        else:
            self.pending.append(rec)
            if len(self.pending) >= BATCH:
                self.flush()

    def add_all(
        self, records: Iterable[Item], progress: Callable[[int], None] | None = None
    ) -> None:
        """:meth:`add` every record (an interaction costs one append); ``progress(read)``
        at each thousandth."""
        counts = self.counts
        pending = self.pending
        when, latest = self._when, self._latest
        for rec in records:
            if type(rec) is InteractionRecord:
                rec = prepare_interaction(rec, when, latest, eager=False)
            if type(rec) is tuple:
                counts.read += 1
                pending.append(rec)
                if len(pending) >= BATCH:
                    self.flush()
                    pending = self.pending
            elif type(rec) is Known:  # most of a re-import of an overlapping export
                counts.read += 1
                counts.unchanged += 1
            else:
                self.add(rec)
                pending = self.pending  # an OwnerRecord flushes
            if progress is not None and counts.read % 1000 == 0:
                progress(counts.read)

    def finish(self) -> Counts:
        self.flush()
        # The tie work below reads interactions by person.
        self.indexes.restore()
        rebuild = self.resolver.rebuild
        for pid in rebuild:
            self.deltas.pop(pid, None)
        self.deltas.pop(self.owner, None)
        # People without a tie state yet (most of a first import) get theirs in
        # one bulk insert; apply_deltas folds the rest into their stored rows.
        ids = sorted(self.deltas)
        stored = self.bulk.existing(TIE_STATES, "person_id", ids)
        new = [(pid, *self.deltas[pid].as_tuple()) for pid in ids if pid not in stored]
        self.bulk.insert(TIE_STATES, ("person_id", *Tie.FIELDS), new)
        old = {pid: self.deltas[pid] for pid in ids if pid in stored}
        apply_deltas(self.s, old, self.settings.ties)
        rebuild_ties(self.s, rebuild - {self.owner}, self.settings.ties)
        refresh_scores(self.s, self.settings, self.now, set(ids) | rebuild)
        return self.counts

    def _owner(self, rec: OwnerRecord) -> None:
        merges = self._claims_a_contact(rec)
        if merges:
            self.indexes.restore()  # an owner merge moves and deletes interactions
        if not apply_owner_record(self.s, self.owner, rec, self.now):
            return
        if merges:  # identities moved between people: read them all again
            self.resolver.index = IdentityIndex(self.s)
            return
        # Only the owner's identities changed (new ones, a learned account id):
        # an mbox names new owner addresses mid-stream, and reloading every
        # identity of a large ledger for each would cost more than the import.
        index = self.resolver.index
        me = self.s.get(Person, self.owner)
        person_key = me.name_key if me is not None else ""
        q = select(Identity.id, Identity.platform, Identity.handle, Identity.external_id)
        for iid, platform, handle, ext in self.s.execute(q.where(Identity.person_id == self.owner)):
            index.add(iid, platform, handle, ext, self.owner, person_key)

    def _claims_a_contact(self, rec: OwnerRecord) -> bool:
        """Does ``rec`` name an identity a contact holds (so that claiming it merges)?

        If not, claiming only adds identities to the owner, and interaction
        indexes dropped for the import can stay dropped (an export may say
        more of its owner after its first rows).
        """
        index = self.resolver.index
        for ref in rec.identities:
            key = ref_key(ref) if ref.handle else None
            if key is not None and any(
                index.person_of[i] != self.owner for i in index.lookup(ref, key)
            ):
                return True
        return False

    # -- one batch ------------------------------------------------------------
    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        work = self._new_rows(batch)
        # Name-only references resolve against people this very batch may create
        # ("Jane Doe commented" after Jane's connection row), so they go second.
        keyed: list[Work] = []
        named: list[Work] = []
        for w in work:
            rows = w[1]
            if len(rows) == 1:
                is_named = rows[0][1][1].startswith("~")
            else:
                is_named = any(k[1].startswith("~") for _, k, _ in rows)
            if is_named:
                named.append(w)
            else:
                keyed.append(w)
        for part in (keyed, named):
            if part:
                self._write(part, self.resolver.resolve(part))

    def _new_rows(self, batch: list[Item]) -> list[Work]:
        """Each record with the (row key, identity key, ref) rows it would add, minus known ones."""
        planned: list[Work] = []
        # Row keys to look up, each in the one table that holds its kind of row.
        inter_keys: list[str] = []
        contact_keys: list[str] = []
        pos_keys: list[str] = []
        for rec in batch:
            rows: list[PlannedRow]
            if type(rec) is tuple:  # a prepared interaction: its rows are planned
                rows = rec[0]
                if len(rows) == 1:
                    inter_keys.append(rows[0][0])
                else:
                    inter_keys.extend(rk for rk, _, _ in rows)
            elif isinstance(rec, ContactRecord):
                refs = [(r, k) for r in rec.identities if (k := ref_key(r)) is not None]
                if not refs:
                    nk = name_key(rec.name or f"{rec.first_name or ''} {rec.last_name or ''}")
                    if not nk:
                        self.counts.skipped += 1
                        self.counts.note(
                            "skipped", rec.location or rec.source_key, "no name, no handle"
                        )
                        continue
                rows = [(rec.source_key, k, r) for r, k in refs] or [
                    (rec.source_key, NO_KEY, IdentityRef("", None))
                ]
                contact_keys.append(rec.source_key)
            elif isinstance(rec, PositionRecord):
                pk = ref_key(rec.person)
                if pk is None:
                    self.counts.errors += 1
                    self.counts.note(
                        "error", rec.location or rec.source_key, "position names nobody"
                    )
                    continue
                rows = [(rec.source_key, pk, rec.person)]
                pos_keys.append(rec.source_key)
            else:
                rows = []
            planned.append((rec, rows))
        known: set[str] = set()
        for table, keys in (
            (INTERACTIONS, inter_keys),
            (SIGHTINGS, contact_keys),
            (POSITIONS, pos_keys),
        ):
            if keys:
                known |= self.bulk.existing(table, "source_key", keys)
        seen = self.seen
        out = []
        unchanged = 0
        for rec, rows in planned:
            if len(rows) == 1 or isinstance(rec, ContactRecord):
                # all rows of a contact share its source key: new or known as a whole
                rk = rows[0][0]
                if rk in known or rk in seen:
                    unchanged += 1
                else:
                    seen.add(rk)
                    out.append((rec, rows))
                continue
            fresh = [row for row in rows if row[0] not in known and row[0] not in seen]
            if fresh:
                seen.update(row[0] for row in fresh)
                out.append((rec, fresh))
            else:
                unchanged += 1
        self.counts.unchanged += unchanged
        return out

    # -- rows -----------------------------------------------------------------
    def _write(self, work: list[Work], person: dict[Key, int]) -> None:
        inter_rows: list[tuple[object, ...]] = []
        sight_rows: list[tuple[object, ...]] = []
        pos_rows: list[tuple[object, ...]] = []  # from contacts' current jobs
        job_rows: list[tuple[object, ...]] = []  # from position records (already new)
        person_updates: dict[int, dict[str, object]] = {}
        tags: set[tuple[int, str]] = set()
        self.jobs.ensure_orgs(
            {r.organisation for r, _ in work if isinstance(r, ContactRecord) and r.organisation}
            | {r.position.organisation for r, _ in work if isinstance(r, PositionRecord)}
        )
        owner, run_id, lam, weights = self.owner, self.run_id, self.lam, self._weights
        key_ident, deltas = self.resolver.key_ident, self.deltas
        n_inter = 0
        for rec, rows in work:
            if type(rec) is tuple:  # a prepared interaction: (rows, tail, occurred_at, where)
                tail = rec[1]
                if type(tail) is InteractionRecord:  # prepared lazily, in this process
                    tail = row_tail(tail, self._when)
                when = rec[2]
                platform, kind, direction, words = tail[0], tail[1], tail[2], tail[7]
                w = weights.get(kind)
                if w is None:
                    w = weights[kind] = self.settings.ties.weight(kind)
                added = False
                for rk, k, _ in rows:
                    pid = person[k]
                    if pid == owner:
                        continue
                    inter_rows.append((rk, pid, key_ident[k], run_id, *tail))
                    deltas[pid].add(when, direction, w, words, platform, lam)
                    added = True
                if added:
                    n_inter += 1
                else:
                    self.counts.skipped += 1
                    self.counts.note("skipped", rec[3], "interaction with yourself")
            elif isinstance(rec, ContactRecord):
                real = [k for _, k, _ in rows if k != NO_KEY]
                if real:
                    pid = person[real[0]]
                    ident: int | None = key_ident[real[0]]
                else:
                    pid, ident = nameless_person(self.s, rec, self.now, self.counts), None
                if pid == owner:
                    self.counts.skipped += 1
                    self.counts.note("skipped", rec.location or rec.source_key, "this is the user")
                    continue
                data = {
                    k: v
                    for k, v in (
                        ("name", rec.name),
                        ("organisation", rec.organisation),
                        ("title", rec.title),
                        ("note", rec.note),
                    )
                    if v
                }
                sight_rows.append((rec.source_key, pid, ident, data, run_id))
                upd = person_updates.setdefault(pid, {})
                if rec.organisation:
                    upd["organisation"] = rec.organisation[:300]
                if rec.title:
                    upd["title"] = rec.title[:300]
                if rec.birthday:
                    upd["birthday"] = rec.birthday
                for t in rec.tags:
                    tags.add((pid, t[:100]))
                if rec.organisation:
                    pos_rows.append(
                        self.jobs.row(
                            f"pos:{real[0][0]}:{real[0][1]}:{name_key(rec.organisation)}:{name_key(rec.title)}"
                            if real
                            else f"pos:{rec.source_key}",
                            pid,
                            ident,
                            rec.organisation,
                            rec.title,
                            None,
                            None,
                        )
                    )
                self.counts.added += 1
            elif isinstance(rec, PositionRecord):
                _, k, _ = rows[0]
                p = rec.position
                job_rows.append(
                    self.jobs.row(
                        rec.source_key,
                        person[k],
                        key_ident[k],
                        p.organisation,
                        p.title,
                        p.started,
                        p.ended,
                    )
                )
                self.counts.added += 1
        self.counts.added += n_inter
        self.indexes.adding(len(inter_rows))
        self.bulk.insert(INTERACTIONS, INTERACTION_COLS, inter_rows, converted=self.text_dates)
        self.bulk.insert(SIGHTINGS, SIGHTING_COLS, sight_rows)
        self.bulk.insert(POSITIONS, POSITION_COLS, self.jobs.new_only(pos_rows) + job_rows)
        self.bulk.update_by_id(PEOPLE, person_updates)
        add_tags(self.s, tags)
