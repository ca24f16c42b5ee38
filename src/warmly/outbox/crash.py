"""Named crash points for the kill-at-every-step tests.

``WARMLY_CRASH_AT=<name>`` makes the process die (``os._exit``: no cleanup, no
commit, like a power cut) when it reaches that point. Unset, it costs one lookup.
"""

from __future__ import annotations

import os

POINTS: tuple[str, ...] = (
    "before_claim",  # nothing written yet
    "after_claim",  # `sending` committed, connector not called
    "after_send",  # connector delivered, `sent` not yet written
    "after_mark_sent",  # everything written
)
EXIT_CODE = 86


def crash_point(name: str) -> None:
    """Die here if ``WARMLY_CRASH_AT`` names this point."""
    if os.environ.get("WARMLY_CRASH_AT") == name:
        os._exit(EXIT_CODE)
