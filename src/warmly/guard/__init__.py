"""The outbound guard: catches duplicates, templates, platform-rule breaks and generic drafts.

Pure engine: values in, a :class:`Verdict` out; the clock, config and store are passed
in. The lead fills :class:`GuardContext` from the ledger and keeps the index in SQL
through a :class:`BandStore` (table shape in :mod:`warmly.guard.neardup`). The same
:class:`NearDupIndex` with ``stream="in"`` finds mass mail among received messages.
"""

from __future__ import annotations

from warmly.guard.bandstore import ArrayBandStore, BandStore, IndexEntry, MemoryBandStore
from warmly.guard.config import GuardConfig, PlatformRules
from warmly.guard.mask import RecipientTokens, canonical, mask, normalise, shingles
from warmly.guard.model import Draft, Reason, Verdict
from warmly.guard.neardup import Match, NearDupIndex, Prepared
from warmly.guard.signature import Signer, from_bytes, to_bytes
from warmly.guard.specificity import (
    Background,
    ContextItem,
    RecipientContext,
    Specificity,
    Suggestion,
    score,
)
from warmly.guard.verdict import GuardContext, check

__all__ = [
    "ArrayBandStore",
    "Background",
    "BandStore",
    "ContextItem",
    "Draft",
    "GuardConfig",
    "GuardContext",
    "IndexEntry",
    "Match",
    "MemoryBandStore",
    "NearDupIndex",
    "PlatformRules",
    "Prepared",
    "Reason",
    "RecipientContext",
    "RecipientTokens",
    "Signer",
    "Specificity",
    "Suggestion",
    "Verdict",
    "canonical",
    "check",
    "from_bytes",
    "mask",
    "normalise",
    "score",
    "shingles",
    "to_bytes",
]
