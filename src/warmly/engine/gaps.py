"""A person's own rhythm: an O(1)-updatable estimate of their median contact gap.

The tie state has no median gap yet. Proposed additions to ``Tie``/``TieState``:

- ``n_sessions: int`` — contact sessions (interactions more than ``session_hours``
  after the previous one start a new session, so a 20-message thread counts once);
- ``gap_log_ewma: float | None`` — exponentially weighted mean of ln(gap in days)
  between sessions. Gaps are roughly log-normal, and the exponential of the mean
  log is the median of a log-normal, so ``exp(gap_log_ewma)`` estimates the median
  gap of the recent past while one long silence moves it only by a factor ``α``.

:func:`fold_gap` is the O(1) update for an interaction arriving in time order;
an out-of-order interaction (an older export imported later) only widens the
range, and ``rebuild_ties`` (which reads interactions sorted) makes it exact.
Until the fields exist, :func:`typical_gap_days` falls back to the mean gap
``(last − first) / (n − 1)``, which needs nothing new.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class GapState:
    """The proposed new tie-state fields, with ``last_at`` for the update."""

    n_sessions: int = 0
    gap_log_ewma: float | None = None
    last_at: datetime | None = None


def fold_gap(
    state: GapState, at: datetime, *, alpha: float = 0.3, session_hours: float = 12.0
) -> GapState:
    """The state after one more interaction at ``at`` (O(1))."""
    if state.last_at is None:
        return GapState(1, None, at)
    gap_days = (at - state.last_at).total_seconds() / 86400.0
    if gap_days * 24.0 < session_hours:
        # Same session, or an older interaction arriving late: only the range moves.
        return replace(state, last_at=max(state.last_at, at))
    lg = math.log(gap_days)
    ewma = lg if state.gap_log_ewma is None else (1 - alpha) * state.gap_log_ewma + alpha * lg
    return GapState(state.n_sessions + 1, ewma, at)


def typical_gap_days(
    first_at: datetime | None,
    last_at: datetime | None,
    n_interactions: int,
    gap_log_ewma: float | None = None,
    n_sessions: int | None = None,
    *,
    min_gaps: int = 3,
) -> float | None:
    """The person's usual gap in days, or None when there is too little history.

    Prefers the EWMA median (once ``n_sessions − 1 ≥ min_gaps``), else the mean gap
    over ``n_interactions − 1 ≥ min_gaps`` gaps.
    """
    if gap_log_ewma is not None and n_sessions is not None and n_sessions - 1 >= min_gaps:
        return math.exp(gap_log_ewma)
    if first_at is None or last_at is None or n_interactions - 1 < min_gaps:
        return None
    return (last_at - first_at).total_seconds() / 86400.0 / (n_interactions - 1)
