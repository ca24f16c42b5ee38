"""In-memory index of identities during an import: key -> identity -> person.

Loaded once per import (one query), so resolving a handle costs a dict lookup,
and kept in step with every identity the import creates and every merge it makes.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from warmly.importers.records import IdentityRef
from warmly.ledger.rows import Key
from warmly.store.models import Identity, Person


class IdentityIndex:
    """Where each identity key lives, for the duration of one import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[Key, int] = {}
        self.by_ext: dict[Key, int] = {}
        self.person_of: dict[int, int] = {}
        self.idents_of: dict[int, set[int]] = defaultdict(set)
        self._names: dict[str, dict[str, set[int]]] = {}
        self._keyed_on: dict[tuple[int, str], int] = {}
        q = select(
            Identity.id,
            Identity.platform,
            Identity.handle,
            Identity.external_id,
            Identity.person_id,
        )
        for iid, platform, handle, ext, pid in session.execute(q):
            self._remember(iid, platform, handle, ext, pid)

    def _remember(self, iid: int, platform: str, handle: str, ext: str | None, pid: int) -> None:
        self.by_key[(platform, handle)] = iid
        if ext:
            self.by_ext[(platform, ext)] = iid
        self.person_of[iid] = pid
        self.idents_of[pid].add(iid)
        if not handle.startswith(("~", "#")):
            self._keyed_on.setdefault((pid, platform), iid)

    def add(
        self, iid: int, platform: str, handle: str, ext: str | None, pid: int, person_key: str
    ) -> None:
        """Index an identity created by this import (``person_key``: its person's name key)."""
        self._remember(iid, platform, handle, ext, pid)
        names = self._names.get(platform)
        if names is not None and person_key and not handle.startswith(("~", "#")):
            names.setdefault(person_key, set()).add(pid)

    def lookup(self, ref: IdentityRef, key: Key) -> list[int]:
        """Existing identities a reference points at (two when handle and id disagree)."""
        found: list[int] = []
        iid = self.by_key.get(key)
        if iid is not None:
            found.append(iid)
        if ref.external_id:
            other = self.by_ext.get((ref.platform, ref.external_id))
            if other is None:
                other = self.by_key.get((ref.platform, "#" + ref.external_id))
            if other is not None and other not in found:
                found.append(other)
        if not found and key[1].startswith("~"):
            pid = self._unique_named(ref.platform, key[1][1:])
            if pid is not None:
                found.append(self._keyed_on[(pid, ref.platform)])
        return found

    def _unique_named(self, platform: str, nk: str) -> int | None:
        """The one person with a real identity on ``platform`` and this name, if exactly one."""
        names = self._names.get(platform)
        if names is None:
            names = {}
            q = (
                select(Person.name_key, Identity.person_id)
                .join(Person, Person.id == Identity.person_id)
                .where(Identity.platform == platform)
                .where(Identity.handle.not_like("~%"), Identity.handle.not_like("#%"))
            )
            for key, pid in self.session.execute(q):
                if key:
                    names.setdefault(key, set()).add(pid)
            self._names[platform] = names
        people = names.get(nk, set())
        return next(iter(people)) if len(people) == 1 else None

    def moved(self, absorbed: int, survivor: int) -> None:
        """Reflect a merge: every identity of ``absorbed`` now belongs to ``survivor``."""
        for iid in self.idents_of.pop(absorbed, set()):
            self.person_of[iid] = survivor
            self.idents_of[survivor].add(iid)
        for (pid, platform), iid in list(self._keyed_on.items()):
            if pid == absorbed:
                self._keyed_on.setdefault((survivor, platform), iid)
        for names in self._names.values():
            for people in names.values():
                if absorbed in people:
                    people.discard(absorbed)
                    people.add(survivor)
