"""Who is who in an X archive: the owner, and handles learned from mentions.

Followers, followings and DM participants appear only as numeric account ids.
Tweets name people with both id and screen name (mentions, reply targets), so
the importer reads tweets first and uses what they reveal to name the rest.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from warmly.importers.base import ImportContext
from warmly.importers.records import IdentityRef


@dataclass(slots=True)
class ArchiveOwner:
    """The account the archive belongs to, as far as it is known."""

    account_id: str | None = None
    handle: str | None = None  # lower-case screen name
    name: str | None = None
    ctx: ImportContext = field(default_factory=ImportContext)

    def is_owner(self, account_id: str | None, handle: str | None) -> bool:
        """True if the id or the (any-case) handle is the owner's."""
        if account_id is not None and account_id == self.account_id:
            return True
        if not handle:
            return False
        h = handle.lower()
        return h == self.handle or self.ctx.is_owner("x", h)

    def identity(self) -> IdentityRef | None:
        """The owner's X identity, or ``None`` if neither id nor handle is known."""
        if self.account_id is None and self.handle is None:
            return None
        return IdentityRef("x", self.handle, self.name, external_id=self.account_id)


class HandleBook:
    """Account id <-> (screen name, display name), learned while reading tweets.

    The first pairing seen wins: archives list tweets newest first, so that is
    the most recent screen name when a person has renamed themselves.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[str, str | None]] = {}
        self._by_handle: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def learn(self, account_id: str | None, handle: str | None, name: str | None = None) -> None:
        """Record that ``account_id`` goes by ``handle`` (kept as given; looked up lower-case)."""
        if not account_id or not handle:
            return
        h = handle.lower()
        known = self._by_id.get(account_id)
        if known is None:
            self._by_id[account_id] = (h, name or None)
        elif name and known[1] is None and known[0] == h:
            self._by_id[account_id] = (h, name)
        # Every handle an id has worn points back to it (quotes name old handles).
        self._by_handle.setdefault(h, account_id)

    def ref(self, account_id: str, url: str | None = None) -> IdentityRef:
        """The identity of an account known only by id, named if a tweet revealed it."""
        handle, name = self._by_id.get(account_id, (None, None))
        return IdentityRef("x", handle, name, external_id=account_id, url=url)

    def complete(self, ref: IdentityRef) -> IdentityRef:
        """``ref`` with a missing handle, id or name filled in where known."""
        if ref.external_id is not None:
            known = self._by_id.get(ref.external_id)
            if known is None or (ref.handle is not None and ref.name is not None):
                return ref
            handle = ref.handle or known[0]
            # A display name belongs to the handle it was seen with.
            name = ref.name or (known[1] if handle == known[0] else None)
            if handle == ref.handle and name == ref.name:
                return ref
            return dataclasses.replace(ref, handle=handle, name=name)
        if ref.handle is not None and (uid := self._by_handle.get(ref.handle)) is not None:
            known_name = self._by_id[uid][1] if self._by_id[uid][0] == ref.handle else None
            return dataclasses.replace(ref, external_id=uid, name=ref.name or known_name)
        return ref
