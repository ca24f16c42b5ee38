"""Pause Python's cyclic garbage collector around bulk work that makes no cycles.

Parsing an export, writing an import and matching identities each allocate
millions of small acyclic objects; every allocation burst triggers a collection
that rescans the whole (large) live heap for nothing. Measured: a fifth of an
import's CPU time, a third of parsing a 60 MB ``tweets.js``. Nested pauses are
fine: only the outermost one turns the collector back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off, restoring its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
