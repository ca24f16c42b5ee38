"""Resolve the identity keys of one import batch to people, creating and linking them.

Part of :class:`~warmly.ledger.writer.LedgerWriter`: every key of a batch is
looked up in the in-memory :class:`~warmly.ledger.resolver.IdentityIndex`;
keys that are new become identities (and people), and keys that one record
names together are linked, merging their people (a deterministic link).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from warmly.errors import MergeError
from warmly.identity.merge import are_distinct, merge_people
from warmly.identity.namekey import name_key
from warmly.importers.records import ContactRecord, IdentityRef
from warmly.ledger.batch import (
    IDENTITIES,
    IDENTITY_COLS,
    NO_KEY,
    PEOPLE,
    PERSON_COLS,
    Counts,
    UnionFind,
    Work,
)
from warmly.ledger.bulk import BulkInserter
from warmly.ledger.resolver import IdentityIndex
from warmly.ledger.rows import Key


class BatchResolver:
    """Maps identity keys to person ids for the batches of one import."""

    def __init__(
        self,
        session: Session,
        bulk: BulkInserter,
        owner: int,
        now: datetime,
        counts: Counts,
        before_merge: Callable[[], None],
    ) -> None:
        self.s = session
        self.bulk = bulk
        self.owner = owner
        self.now = now
        self.counts = counts
        self.before_merge = before_merge  # called before a merge touches other tables
        self.index = IdentityIndex(session)
        self.rebuild: set[int] = set()  # people whose tie state a merge invalidated
        self.key_ident: dict[Key, int] = {}  # the last batch's keys -> identity ids

    def resolve(self, work: list[Work]) -> dict[Key, int]:
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
            if len(rows) == 1 and (type(rec) is tuple or not isinstance(rec, ContactRecord)):
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
        # New handles of one account id are one account renamed (an X mention of
        # the old screen name): one person, not two. Known ones were found by id.
        by_account: dict[tuple[str, str], Key] = {}
        for k, r in refs.items():
            if r.external_id and k in uf.parent:
                first = by_account.setdefault((r.platform, r.external_id), k)
                if first != k:
                    uf.union(first, k)
        components: dict[Key, list[Key]] = defaultdict(list)
        for k in uf.parent:
            components[uf.find(k)].append(k)
        person_for: dict[Key, int] = {}
        new_people: list[tuple[Key, tuple[object, ...]]] = []
        for root, members in components.items():
            people = sorted({person_of[i] for k in members for i in found[k]})
            if not people:
                # Without a name, a handle or name key stands in, but an id
                # ("#<X account id>") is no name: that person stays nameless ("",
                # as merge.py expects) and is shown by its identity (id:N).
                nm = next((names[k] for k in members if names.get(k)), "") or next(
                    (k[1].removeprefix("~") for k in members if not k[1].startswith("#")), ""
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
        by_ext = index.by_ext
        key_ident: dict[Key, int] = {}
        person: dict[Key, int] = {}
        for k, ids_ in found.items():
            iid = key_ident[k] = ids_[0]
            person[k] = person_of[iid]
            # learn handles for id-only identities (an X follower seen later in a mention)
            if len(ids_) == 1 and (r := refs[k]).external_id and r.handle:
                by_ext[(k[0], r.external_id)] = iid
        self.key_ident = key_ident
        return person

    def _merge(
        self, survivor: int, other: int, members: list[Key], refs: dict[Key, IdentityRef]
    ) -> int:
        """Deterministic link: one record names identities of two people."""
        a, b = sorted((survivor, other))
        self.before_merge()
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
