"""The guard's input and output values: a draft in, a verdict with reasons out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from warmly.guard.neardup import Match

Kind = Literal["message", "reply", "mention", "invitation_note", "email"]
VerdictName = Literal["duplicate", "templated", "rule", "generic", "ok"]
# A failing reason decides the verdict; "info" only explains (a similar note to the
# same person, a text too short to judge).
Severity = Literal["fail", "info"]

KINDS: tuple[str, ...] = ("message", "reply", "mention", "invitation_note", "email")


@dataclass(frozen=True)
class Draft:
    """What the user is about to send. ``to`` is the recipient's person id (as text)."""

    text: str
    to: str
    platform: str = ""
    kind: Kind = "message"
    subject: str | None = None
    recipients: tuple[str, ...] = ()  # every recipient of an email; empty = just ``to``
    message_id: int | None = None  # the outbox row, so a re-check never matches itself

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; expected one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Reason:
    """One finding, in words a user can read and disagree with."""

    code: str  # e.g. "duplicate", "templated", "linkedin.note_length", "generic"
    verdict: VerdictName  # the verdict this finding argues for ("ok" for info)
    severity: Severity
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """The answer of :func:`warmly.guard.check`: a verdict, every reason, the evidence."""

    verdict: VerdictName
    reasons: tuple[Reason, ...]
    specificity: float
    specificity_threshold: float
    matches: tuple[Match, ...] = ()
    # Whether the draft was long enough (or stock enough) to be judged generic at
    # all; a two-word "Thanks!" is not, whatever its specificity.
    generic_judged: bool = True

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    @property
    def failing(self) -> Sequence[Reason]:
        return [r for r in self.reasons if r.severity == "fail"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``warmly check --json`` (datetimes as ISO strings)."""
        data = asdict(self)
        for m in data["matches"]:
            m["at"] = m["at"].isoformat()
        return data
