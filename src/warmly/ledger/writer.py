"""Write one import's records into the ledger, in batches, inside one transaction.

Per batch: drop rows already in the ledger (by source key), resolve every
identity reference (creating people and identities that are new), merge people
that one record names together (deterministic links), then bulk-insert the
rows and fold new interactions into the tie state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from warmly.config import Settings
from warmly.errors import MergeError
from warmly.identity.merge import are_distinct, merge_people
from warmly.identity.namekey import name_key
from warmly.importers.records import (
    ContactRecord,
    IdentityRef,
    InteractionRecord,
    OwnerRecord,
    PositionRecord,
    Record,
    RecordError,
    Skipped,
)
from warmly.ledger.batch import (
    BATCH,
    IDENTITIES,
    IDENTITY_COLS,
    INTERACTION_COLS,
    INTERACTIONS,
    NO_KEY,
    PEOPLE,
    PERSON_COLS,
    POSITION_COLS,
    POSITIONS,
    SIGHTING_COLS,
    SIGHTINGS,
    TEXT_CAP,
    TIE_STATES,
    Counts,
    PlannedRow,
    UnionFind,
    Work,
    nameless_person,
    row_key,
)
from warmly.ledger.bulk import BulkInserter
from warmly.ledger.jobs import JobRows
from warmly.ledger.owner import apply_owner_record
from warmly.ledger.resolver import IdentityIndex, Key, ref_key
from warmly.ledger.scores import refresh_scores
from warmly.ledger.tags import add_tags
from warmly.ledger.ties import apply_deltas, rebuild_ties
from warmly.ledger.tiestate import Tie, decay_rate, word_count
from warmly.store.models import Person


class LedgerWriter:
    """Accepts records one by one; call :meth:`finish` once at the end."""

    def __init__(self, session: Session, settings: Settings, run_id: int, owner: int) -> None:
        self.s = session
        self.settings = settings
        self.run_id = run_id
        self.owner = owner
        self.now = datetime.now(UTC)
        self.lam = decay_rate(settings.ties.half_life_days)
        self.index = IdentityIndex(session)
        self.bulk = BulkInserter(session.connection())
        self.counts = Counts()
        self.pending: list[Record] = []
        self.seen: set[str] = set()
        self.deltas: dict[int, Tie] = defaultdict(Tie)
        self.rebuild: set[int] = set()
        self.jobs = JobRows(session, self.bulk, self.now, self.seen)
        self._key_ident: dict[Key, int] = {}
        self._weights: dict[str, float] = {}

    # -- intake ---------------------------------------------------------------
    def add(self, rec: Record) -> None:
        self.counts.read += 1
        if type(rec) is InteractionRecord:  # the bulk of every import: skip the checks below
            self.pending.append(rec)
            if len(self.pending) >= BATCH:
                self.flush()
        elif isinstance(rec, RecordError):
            self.counts.errors += 1
            self.counts.note("error", rec.location, rec.reason)
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
        self, records: Iterable[Record], progress: Callable[[int], None] | None = None
    ) -> None:
        """:meth:`add` every record (an interaction costs one append); ``progress(read)``
        at each thousandth."""
        counts = self.counts
        pending = self.pending
        for rec in records:
            if type(rec) is InteractionRecord:
                counts.read += 1
                pending.append(rec)
                if len(pending) >= BATCH:
                    self.flush()
                    pending = self.pending
            else:
                self.add(rec)
                pending = self.pending  # an OwnerRecord flushes
            if progress is not None and counts.read % 1000 == 0:
                progress(counts.read)

    def finish(self) -> Counts:
        self.flush()
        for pid in self.rebuild:
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
        rebuild_ties(self.s, self.rebuild - {self.owner}, self.settings.ties)
        refresh_scores(self.s, self.settings, self.now, set(ids) | self.rebuild)
        return self.counts

    def _owner(self, rec: OwnerRecord) -> None:
        if apply_owner_record(self.s, self.owner, rec, self.now):
            self.index = IdentityIndex(self.s)  # merges into the owner moved identities

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
                self._write(part, self._resolve(part))

    def _new_rows(self, batch: list[Record]) -> list[Work]:
        """Each record with the (row key, identity key, ref) rows it would add, minus known ones."""
        planned: list[Work] = []
        # Row keys to look up, each in the one table that holds its kind of row.
        inter_keys: list[str] = []
        contact_keys: list[str] = []
        pos_keys: list[str] = []
        for rec in batch:
            rows: list[PlannedRow]
            if isinstance(rec, InteractionRecord):
                cps = rec.counterparts
                if len(cps) == 1:  # the common case, without the list building below
                    r = cps[0]
                    k = (r.platform, r.handle) if r.handle else ref_key(r)
                    rows = [(rec.source_key, k, r)] if k is not None else []
                    inter_keys.append(rec.source_key)
                else:
                    refs = [(r, k) for r in cps if (k := ref_key(r)) is not None]
                    rows = [(row_key(rec.source_key, k, len(refs)), k, r) for r, k in refs]
                    inter_keys.extend(rk for rk, _, _ in rows)
                if not rows:
                    self.counts.errors += 1
                    self.counts.note("error", rec.location or rec.source_key, "no counterpart")
                    continue
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

    def _resolve(self, work: list[Work]) -> dict[Key, int]:
        """Map every identity key of the batch to a person id, creating and merging as needed.

        A key that names exactly one known identity and is not tied to other keys
        by a contact of this batch resolves to that identity's person directly;
        only the others (new keys, keys whose handle and id disagree, a contact's
        keys) take the union-find below.
        """
        index, owner = self.index, self.owner
        person_of = index.person_of
        uf = UnionFind()
        found: dict[Key, list[int]] = {}
        refs: dict[Key, IdentityRef] = {}
        names: dict[Key, str] = {}
        linked = {k for rec, rows in work if isinstance(rec, ContactRecord) for _, k, _ in rows}
        lookup = index.lookup
        for rec, rows in work:
            if len(rows) == 1 and not isinstance(rec, ContactRecord):
                # most rows: one counterpart, often known (same steps as below)
                _, k, r = rows[0]
                ids = found.get(k)
                if ids is None:
                    ids = found[k] = lookup(r, k)
                    refs[k] = r
                    grouped = len(ids) != 1 or k in linked
                    if grouped and not any(person_of[i] == owner for i in ids):
                        uf.find(k)
                if not ids and r.name:
                    names.setdefault(k, r.name)
                continue
            for _, k, r in rows:
                if k in found or k == NO_KEY:
                    continue
                ids = found[k] = index.lookup(r, k)
                refs[k] = r
                # A key held by the owner is never part of a contact's group.
                if any(person_of[i] == owner for i in ids):
                    continue
                if len(ids) != 1 or k in linked:
                    uf.find(k)
            if isinstance(rec, ContactRecord):
                contact_keys = [k for _, k, _ in rows if k != NO_KEY and k in uf.parent]
                for linked_key in contact_keys[1:]:
                    uf.union(contact_keys[0], linked_key)
                nm = rec.name or " ".join(x for x in (rec.first_name, rec.last_name) if x)
                for k in contact_keys:
                    names.setdefault(k, nm)
            for _, k, r in rows:
                # Names only serve keys that become new people or identities.
                if r.name and not found.get(k, True):
                    names.setdefault(k, r.name)
        components: dict[Key, list[Key]] = defaultdict(list)
        for k in uf.parent:
            components[uf.find(k)].append(k)
        person_for: dict[Key, int] = {}
        new_people: list[tuple[Key, tuple[object, ...]]] = []
        for root, members in components.items():
            people = sorted({person_of[i] for k in members for i in found[k]})
            if not people:
                nm = next((names[k] for k in members if names.get(k)), "") or members[0][1].lstrip(
                    "~#"
                )
                new_people.append((root, (nm[:300], name_key(nm)[:300], False, self.now)))
                continue
            survivor = people[0]
            for other in people[1:]:
                survivor = self._merge(survivor, other, members, refs)
            person_for[root] = survivor
        if new_people:
            ids = self.bulk.insert_ids(PEOPLE, PERSON_COLS, [row for _, row in new_people])
            self.counts.people_added += len(ids)
            for (root, _), pid in zip(new_people, ids, strict=True):
                person_for[root] = pid
        # identities that are new to the ledger
        new_idents: list[tuple[object, ...]] = []
        new_keys: list[tuple[Key, int]] = []
        for root, members in components.items():
            pid = person_for[root]
            for k in members:
                if not found[k]:
                    r = refs[k]
                    new_keys.append((k, pid))
                    display = names.get(k) or r.name
                    new_idents.append(
                        (pid, k[0], k[1][:400], r.external_id, display, r.url, self.now)
                    )
        if new_idents:
            ids = self.bulk.insert_ids(IDENTITIES, IDENTITY_COLS, new_idents)
            for (k, pid), iid in zip(new_keys, ids, strict=True):
                index.add(iid, k[0], k[1], refs[k].external_id, pid, name_key(names.get(k)))
                found[k] = [iid]
        # learn handles for id-only identities (an X follower seen later in a mention)
        by_ext = index.by_ext
        for k, ids_ in found.items():
            r = refs[k]
            if r.external_id and r.handle and len(ids_) == 1:
                by_ext[(k[0], r.external_id)] = ids_[0]
        self._key_ident = {k: ids_[0] for k, ids_ in found.items()}
        return {k: person_of[ids_[0]] for k, ids_ in found.items()}

    def _merge(
        self, survivor: int, other: int, members: list[Key], refs: dict[Key, IdentityRef]
    ) -> int:
        """Deterministic link: one record names identities of two people."""
        a, b = sorted((survivor, other))
        if are_distinct(self.s, self.index.idents_of[a], self.index.idents_of[b]):
            return survivor
        shared = ", ".join(f"{k[0]}:{k[1]}" for k in members[:3])
        try:
            merge_people(
                self.s,
                a,
                b,
                decided_by="import",
                confidence=1.0,
                reasons=[f"one record names both ({shared})"],
                now=self.now,
            )
        except MergeError:
            return survivor
        self.index.moved(b, a)
        self.rebuild.add(a)
        self.rebuild.discard(b)
        self.counts.merged += 1
        return a

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
        key_ident, deltas = self._key_ident, self.deltas
        for rec, rows in work:
            if isinstance(rec, InteractionRecord):
                text = (rec.text or "")[:TEXT_CAP] or None
                words = word_count(rec.text)
                w = weights.get(rec.kind)
                if w is None:
                    w = weights[rec.kind] = self.settings.ties.weight(rec.kind)
                thread = rec.thread[:300] if rec.thread else None
                subject = rec.subject[:500] if rec.subject else None
                row_tags = ",".join(rec.tags)[:200] or None if rec.tags else None
                added = False
                for rk, k, _ in rows:
                    pid = person[k]
                    if pid == owner:
                        continue
                    inter_rows.append(
                        (
                            rk,
                            pid,
                            key_ident[k],
                            rec.platform,
                            rec.kind,
                            rec.direction,
                            rec.occurred_at,
                            thread,
                            subject,
                            text,
                            words,
                            run_id,
                            row_tags,
                        )
                    )
                    deltas[pid].add(rec.occurred_at, rec.direction, w, words, rec.platform, lam)
                    added = True
                if added:
                    self.counts.added += 1
                else:
                    self.counts.skipped += 1
                    self.counts.note(
                        "skipped", rec.location or rec.source_key, "interaction with yourself"
                    )
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
                for attr in ("organisation", "title", "birthday"):
                    if getattr(rec, attr):
                        upd[attr] = getattr(rec, attr)
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
        self.bulk.insert(INTERACTIONS, INTERACTION_COLS, inter_rows)
        self.bulk.insert(SIGHTINGS, SIGHTING_COLS, sight_rows)
        self.bulk.insert(POSITIONS, POSITION_COLS, self.jobs.new_only(pos_rows) + job_rows)
        if person_updates:
            self.s.execute(
                update(Person), [{"id": pid, **v} for pid, v in person_updates.items() if v]
            )
        add_tags(self.s, tags)
