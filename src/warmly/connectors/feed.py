"""What a connector that can *read* gives back: notifications as ledger records.

A batch carries the records and the cursor the next sync should start from, so
:func:`warmly.connectors.sync.sync_notifications` can store it in the import
run and continue there next time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from warmly.importers.records import ContactRecord, InteractionRecord, RecordError

# A notification that cannot be read becomes a RecordError: counted and reported
# by the ledger writer like a bad line in an export, never a failed sync.
FeedRecord = InteractionRecord | ContactRecord | RecordError


@dataclass(slots=True)
class NotificationBatch:
    """Records read from a platform's notifications.

    ``cursor`` is what to pass as ``since`` next time (a Mastodon notification
    id, a Bluesky ``indexedAt`` time); ``None`` when nothing was seen yet.
    ``ignored`` counts notifications of types warmly does not record (polls,
    admin reports, starter packs).
    """

    records: list[FeedRecord] = field(default_factory=list)
    cursor: str | None = None
    ignored: int = 0
    pages: int = 0
    complete: bool = True  # false when the page budget ran out before the end

    @property
    def interactions(self) -> list[InteractionRecord]:
        return [r for r in self.records if isinstance(r, InteractionRecord)]

    def add(self, read: list[InteractionRecord | ContactRecord] | RecordError) -> None:
        """Add what one notification gave: records, nothing (ignored type) or an error."""
        if isinstance(read, RecordError):
            self.records.append(read)
        elif read:
            self.records.extend(read)
        else:
            self.ignored += 1


class NotificationSource(Protocol):
    """A connector that can list the account's notifications."""

    platform: str

    @property
    def source(self) -> str:
        """The account read (``mastodon:host``, ``bluesky:handle``); runs are kept per source."""
        ...

    def fetch_notifications(self, since: str | None = None) -> NotificationBatch:
        """Notifications newer than ``since`` (all that paging allows when ``None``)."""
        ...
