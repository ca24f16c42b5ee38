"""Write one import's records into the ledger, in batches, inside one transaction.

Per batch: drop rows already in the ledger (by source key), resolve every
identity reference (creating people and identities that are new), merge people
that one record names together (deterministic links), then bulk-insert the
rows and fold new interactions into the tie state.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
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
from warmly.ledger.owner import claim_identities
from warmly.ledger.resolver import IdentityIndex, Key, ref_key
from warmly.ledger.ties import apply_deltas, rebuild_ties
from warmly.ledger.tiestate import Tie, decay_rate, word_count
from warmly.store.models import (
    Identity,
    Interaction,
    Organisation,
    Person,
    Position,
    ProfileFact,
    Sighting,
    Tag,
)

BATCH = 5000
MAX_PROBLEMS = 200  # problems kept per file in the run's details; all are counted
_TEXT_CAP = 20000


@dataclass
class Counts:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    people_added: int = 0
    merged: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, where, why)

    def note(self, kind: str, where: str, why: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((kind, where, why))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, k: Key) -> Key:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _row_key(source_key: str, key: Key, n: int) -> str:
    if n == 1:
        return source_key
    suffix = f"{key[0]}:{key[1]}"
    if len(source_key) + len(suffix) > 290:
        suffix = hashlib.sha1(suffix.encode()).hexdigest()[:16]
    return f"{source_key}|{suffix}"


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
        self.counts = Counts()
        self.pending: list[Record] = []
        self.seen: set[str] = set()
        self.deltas: dict[int, Tie] = defaultdict(Tie)
        self.rebuild: set[int] = set()
        self.orgs: dict[str, int] = {}

    # -- intake ---------------------------------------------------------------
    def add(self, rec: Record) -> None:
        self.counts.read += 1
        if isinstance(rec, RecordError):
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

    def finish(self) -> Counts:
        self.flush()
        for pid in self.rebuild:
            self.deltas.pop(pid, None)
        self.deltas.pop(self.owner, None)
        apply_deltas(self.s, self.deltas, self.settings.ties)
        rebuild_ties(self.s, self.rebuild - {self.owner}, self.settings.ties)
        return self.counts

    # -- the owner ------------------------------------------------------------
    def _owner(self, rec: OwnerRecord) -> None:
        refs = [r for r in rec.identities if r.handle]
        if claim_identities(self.s, self.owner, refs, self.now):
            self.index = IdentityIndex(self.s)  # merges into the owner moved identities
        person = self.s.get(Person, self.owner)
        if person is not None and rec.name and person.display_name in ("", "me"):
            person.display_name, person.name_key = rec.name, name_key(rec.name)
        facts = [("specialty", s) for s in rec.specialties]
        facts += [("headline", rec.headline)] if rec.headline else []
        facts += [("summary", rec.summary)] if rec.summary else []
        for p in rec.positions:
            current = "current" if p.ended is None else "past"
            facts.append((f"position:{current}", f"{p.title or ''} at {p.organisation}".strip()))
        for kind, value in facts:
            vk = name_key(value)[:300] or value[:300]
            exists = self.s.scalars(
                select(ProfileFact.id).where(ProfileFact.kind == kind, ProfileFact.value_key == vk)
            ).first()
            if exists is None:
                self.s.add(ProfileFact(kind=kind, value=value, value_key=vk, source=rec.location))
        self.s.flush()

    # -- one batch ------------------------------------------------------------
    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        work = self._new_rows(batch)
        # Name-only references resolve against people this very batch may create
        # ("Jane Doe commented" after Jane's connection row), so they go second.
        named = [w for w in work if any(k[1].startswith("~") for _, k, _ in w[1])]
        keyed = [w for w in work if not any(k[1].startswith("~") for _, k, _ in w[1])]
        for part in (keyed, named):
            if part:
                self._write(part, self._resolve(part))

    def _new_rows(self, batch: list[Record]) -> list[tuple[Record, list[tuple[str, Key, IdentityRef]]]]:
        """Each record with the (row key, identity key, ref) rows it would add, minus known ones."""
        planned: list[tuple[Record, list[tuple[str, Key, IdentityRef]]]] = []
        for rec in batch:
            rows: list[tuple[str, Key, IdentityRef]] = []
            if isinstance(rec, InteractionRecord):
                refs = [(r, k) for r in rec.counterparts if (k := ref_key(r)) is not None]
                rows = [(_row_key(rec.source_key, k, len(refs)), k, r) for r, k in refs]
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
                        self.counts.note("skipped", rec.location or rec.source_key, "no name, no handle")
                        continue
                rows = [(rec.source_key, k, r) for r, k in refs] or [(rec.source_key, ("", ""), IdentityRef("", None))]
            elif isinstance(rec, PositionRecord):
                k = ref_key(rec.person)
                if k is None:
                    self.counts.errors += 1
                    self.counts.note("error", rec.location or rec.source_key, "position names nobody")
                    continue
                rows = [(rec.source_key, k, rec.person)]
            planned.append((rec, rows))
        keys = [rk for _, rows in planned for rk, _, _ in rows]
        known = self._known_keys(keys)
        out = []
        for rec, rows in planned:
            if isinstance(rec, ContactRecord):
                # all rows of a contact share its source key: new or known as a whole
                fresh = [] if rows[0][0] in known or rows[0][0] in self.seen else rows
            else:
                fresh = [row for row in rows if row[0] not in known and row[0] not in self.seen]
            self.seen.update(row[0] for row in fresh)
            if fresh:
                out.append((rec, fresh))
            else:
                self.counts.unchanged += 1
        return out

    def _known_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        models = (Interaction, Sighting, Position)
        for i in range(0, len(keys), 2000):
            chunk = keys[i : i + 2000]
            for model in models:
                found.update(self.s.scalars(select(model.source_key).where(model.source_key.in_(chunk))))
        return found

    def _resolve(self, work: list[tuple[Record, list[tuple[str, Key, IdentityRef]]]]) -> dict[Key, int]:
        """Map every identity key of the batch to a person id, creating and merging as needed."""
        uf = _UnionFind()
        found: dict[Key, list[int]] = {}
        refs: dict[Key, IdentityRef] = {}
        names: dict[Key, str] = {}
        for rec, rows in work:
            keys = [k for _, k, _ in rows if k != ("", "")]
            for _, k, r in rows:
                if k == ("", ""):
                    continue
                if k not in found:
                    found[k] = self.index.lookup(r, k)
                    refs[k] = r
                # A key held by the owner is never part of a contact's group.
                if any(self.index.person_of[i] == self.owner for i in found[k]):
                    continue
                uf.find(k)
            if isinstance(rec, ContactRecord):
                contact_keys = [k for k in keys if k in uf.parent]
                for other in contact_keys[1:]:
                    uf.union(contact_keys[0], other)
                nm = rec.name or " ".join(x for x in (rec.first_name, rec.last_name) if x)
                for k in contact_keys:
                    names.setdefault(k, nm)
            for _, k, r in rows:
                if r.name:
                    names.setdefault(k, r.name)
        components: dict[Key, list[Key]] = defaultdict(list)
        for k in uf.parent:
            components[uf.find(k)].append(k)
        person_for: dict[Key, int] = {}
        new_people: list[tuple[Key, dict[str, object]]] = []
        for root, members in components.items():
            people = sorted({self.index.person_of[i] for k in members for i in found[k]})
            if not people:
                nm = next((names[k] for k in members if names.get(k)), "") or members[0][1].lstrip("~#")
                new_people.append((root, {"display_name": nm[:300], "name_key": name_key(nm)[:300],
                                          "is_owner": False, "created_at": self.now}))
                continue
            survivor = people[0]
            for other in people[1:]:
                survivor = self._merge(survivor, other, members, refs)
            person_for[root] = survivor
        if new_people:
            ids = self.s.scalars(
                insert(Person).returning(Person.id, sort_by_parameter_order=True),
                [row for _, row in new_people],
            ).all()
            self.counts.people_added += len(ids)
            for (root, _), pid in zip(new_people, ids, strict=True):
                person_for[root] = pid
        # identities that are new to the ledger
        new_idents: list[dict[str, object]] = []
        new_keys: list[Key] = []
        for root, members in components.items():
            pid = person_for[root]
            for k in members:
                if not found[k] and k not in new_keys:
                    r = refs[k]
                    new_keys.append(k)
                    new_idents.append({
                        "person_id": pid, "platform": k[0], "handle": k[1][:400],
                        "external_id": r.external_id, "display_name": (names.get(k) or r.name),
                        "url": r.url, "created_at": self.now,
                    })  # fmt: skip
        if new_idents:
            ids = self.s.scalars(
                insert(Identity).returning(Identity.id, sort_by_parameter_order=True), new_idents
            ).all()
            for k, row, iid in zip(new_keys, new_idents, ids, strict=True):
                pid = int(row["person_id"])  # type: ignore[call-overload]
                self.index.add(iid, k[0], k[1], refs[k].external_id, pid, name_key(names.get(k)))
                found[k] = [iid]
        # learn handles for id-only identities (an X follower seen later in a mention)
        for k, ids_ in found.items():
            r = refs[k]
            if r.handle and r.external_id and len(ids_) == 1:
                self.index.by_ext[(k[0], r.external_id)] = ids_[0]
        result: dict[Key, int] = {}
        for k, ids_ in found.items():
            result[k] = self.index.person_of[ids_[0]]
        self._key_ident = {k: ids_[0] for k, ids_ in found.items()}
        return result

    def _merge(self, survivor: int, other: int, members: list[Key], refs: dict[Key, IdentityRef]) -> int:
        """Deterministic link: one record names identities of two people."""
        a, b = sorted((survivor, other))
        if are_distinct(self.s, self.index.idents_of[a], self.index.idents_of[b]):
            return survivor
        shared = ", ".join(f"{k[0]}:{k[1]}" for k in members[:3])
        try:
            merge_people(self.s, a, b, decided_by="import", confidence=1.0,
                         reasons=[f"one record names both ({shared})"], now=self.now)  # fmt: skip
        except MergeError:
            return survivor
        self.index.moved(b, a)
        self.rebuild.add(a)
        self.rebuild.discard(b)
        self.counts.merged += 1
        return a

    # -- rows -----------------------------------------------------------------
    def _write(self, work: list[tuple[Record, list[tuple[str, Key, IdentityRef]]]], person: dict[Key, int]) -> None:
        inter_rows: list[dict[str, object]] = []
        sight_rows: list[dict[str, object]] = []
        pos_rows: list[dict[str, object]] = []  # from contacts' current jobs
        job_rows: list[dict[str, object]] = []  # from position records (already new)
        person_updates: dict[int, dict[str, object]] = {}
        tags: set[tuple[int, str]] = set()
        weight = self.settings.ties.weight
        self._orgs({r.organisation for r, _ in work if isinstance(r, ContactRecord) and r.organisation}
                   | {r.position.organisation for r, _ in work if isinstance(r, PositionRecord)})
        for rec, rows in work:
            if isinstance(rec, InteractionRecord):
                text = (rec.text or "")[:_TEXT_CAP] or None
                words = word_count(rec.text)
                added = False
                for rk, k, _ in rows:
                    pid = person[k]
                    if pid == self.owner:
                        continue
                    inter_rows.append({
                        "source_key": rk, "person_id": pid, "identity_id": self._key_ident[k],
                        "platform": rec.platform, "kind": rec.kind, "direction": rec.direction,
                        "occurred_at": rec.occurred_at, "thread": (rec.thread or None) and rec.thread[:300],
                        "subject": rec.subject[:500] if rec.subject else None, "text": text,
                        "words": words, "run_id": self.run_id,
                        "tags": ",".join(rec.tags)[:200] or None,
                    })  # fmt: skip
                    self.deltas[pid].add(rec.occurred_at, rec.direction, weight(rec.kind), words,
                                         rec.platform, self.lam)  # fmt: skip
                    added = True
                if added:
                    self.counts.added += 1
                else:
                    self.counts.skipped += 1
                    self.counts.note("skipped", rec.location or rec.source_key, "interaction with yourself")
            elif isinstance(rec, ContactRecord):
                real = [k for _, k, _ in rows if k != ("", "")]
                if real:
                    pid = person[real[0]]
                    ident: int | None = self._key_ident[real[0]]
                else:
                    pid, ident = self._nameless_person(rec), None
                if pid == self.owner:
                    self.counts.skipped += 1
                    self.counts.note("skipped", rec.location or rec.source_key, "this is the user")
                    continue
                data = {k: v for k, v in (("name", rec.name), ("organisation", rec.organisation),
                        ("title", rec.title), ("note", rec.note)) if v}  # fmt: skip
                sight_rows.append({"source_key": rec.source_key, "person_id": pid,
                                   "identity_id": ident, "data": data, "run_id": self.run_id})  # fmt: skip
                upd = person_updates.setdefault(pid, {})
                for attr in ("organisation", "title", "birthday"):
                    if getattr(rec, attr):
                        upd[attr] = getattr(rec, attr)
                for t in rec.tags:
                    tags.add((pid, t[:100]))
                if rec.organisation:
                    pos_rows.append(self._position_row(
                        f"pos:{real[0][0]}:{real[0][1]}:{name_key(rec.organisation)}:{name_key(rec.title)}"
                        if real else f"pos:{rec.source_key}", pid, ident, rec.organisation, rec.title, None, None))
                self.counts.added += 1
            elif isinstance(rec, PositionRecord):
                _, k, _ = rows[0]
                p = rec.position
                job_rows.append(self._position_row(rec.source_key, person[k], self._key_ident[k],
                                                   p.organisation, p.title, p.started, p.ended))
                self.counts.added += 1
        conn = self.s.connection()
        if inter_rows:
            conn.execute(Interaction.__table__.insert(), inter_rows)
        if sight_rows:
            conn.execute(Sighting.__table__.insert(), sight_rows)
        pos_rows = self._new_positions(pos_rows) + job_rows
        if pos_rows:
            conn.execute(Position.__table__.insert(), pos_rows)
        if person_updates:
            self.s.execute(update(Person), [{"id": pid, **v} for pid, v in person_updates.items() if v])
        self._add_tags(tags)

    def _nameless_person(self, rec: ContactRecord) -> int:
        """A contact without any handle: one person per source row (found again by its key)."""
        nm = rec.name or " ".join(x for x in (rec.first_name, rec.last_name) if x)
        person = Person(display_name=nm[:300], name_key=name_key(nm)[:300], is_owner=False,
                        created_at=self.now)  # fmt: skip
        self.s.add(person)
        self.s.flush()
        self.counts.people_added += 1
        return person.id

    @staticmethod
    def _org_key(name: str) -> str:
        return name_key(name)[:300] or name[:300]

    def _orgs(self, names: set[str]) -> None:
        """Make sure every organisation of a batch has an id (one query, one insert)."""
        want = {self._org_key(n): n for n in names}
        missing = [k for k in want if k not in self.orgs]
        for i in range(0, len(missing), 2000):
            chunk = missing[i : i + 2000]
            q = select(Organisation.name_key, Organisation.id).where(Organisation.name_key.in_(chunk))
            self.orgs.update(dict(self.s.execute(q).all()))
        new = [k for k in missing if k not in self.orgs]
        if new:
            ids = self.s.scalars(
                insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
                [{"name": want[k][:300], "name_key": k} for k in new],
            ).all()
            self.orgs.update(zip(new, ids, strict=True))

    def _position_row(self, key: str, pid: int, ident: int | None, org: str, title: str | None,
                      started: object, ended: object) -> dict[str, object]:
        return {"source_key": key[:300], "person_id": pid, "identity_id": ident,
                "organisation_id": self.orgs[self._org_key(org)], "title": title[:300] if title else None,
                "started": started, "ended": ended, "seen_at": self.now}  # fmt: skip

    def _new_positions(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        """Contact-derived positions not yet in the ledger (the same job is seen by many sources)."""
        known = self._known_keys([str(r["source_key"]) for r in rows])
        out = []
        for r in rows:
            k = str(r["source_key"])
            if k in known or k in self.seen:
                continue
            self.seen.add(k)
            out.append(r)
        return out

    def _add_tags(self, tags: set[tuple[int, str]]) -> None:
        if not tags:
            return
        pids = sorted({p for p, _ in tags})
        have = set()
        for i in range(0, len(pids), 2000):
            q = select(Tag.person_id, Tag.tag).where(Tag.person_id.in_(pids[i : i + 2000]))
            have.update((p, t) for p, t in self.s.execute(q))
        rows = [{"person_id": p, "tag": t} for p, t in sorted(tags - have)]
        if rows:
            self.s.execute(insert(Tag), rows)
