"""Typed values in and out of the triage engine."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from warmly.config.values import AT_LEAST_ONE, SHARE, Range, check_table
from warmly.errors import ConfigError

Label = Literal[
    "personal", "mass_mail", "didnt_read_profile", "not_a_fit", "fit", "needs_me", "fyi"
]
# One label per message, by this precedence. "fyi" is the fallback when nothing
# applies (a thank-you, a bump): it needs no answer and is never filed as spam.
PRECEDENCE: tuple[Label, ...] = (
    "personal",
    "mass_mail",
    "didnt_read_profile",
    "not_a_fit",
    "fit",
    "needs_me",
    "fyi",
)
# What ``warmly triage`` lists (and ``--label`` takes): "fyi" needs no answer, so
# it is counted, not listed.
LISTED: tuple[Label, ...] = tuple(lab for lab in PRECEDENCE if lab != "fyi")
PersonId = Hashable


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One unanswered inbound message (fill from ``interactions`` with direction 'in')."""

    id: Hashable
    person_id: PersonId
    sender_name: str  # the sender's display name, e.g. people.display_name
    text: str
    received_at: datetime
    platform: str = ""
    subject: str | None = None
    tags: tuple[str, ...] = ()  # source tags, e.g. "sponsored" for LinkedIn InMail


@dataclass(frozen=True, slots=True)
class TieInfo:
    """How close the sender is (fill from the strength and circles engines)."""

    strength: float = 0.0  # 0..1, warmly.engine.strength
    layer: int | None = None  # 0-based circle (0 = the innermost ~5), None = outside


@dataclass(frozen=True, slots=True)
class TriageResult:
    """A label for one message, every label that applies, and why."""

    message_id: Hashable
    person_id: PersonId
    label: Label
    labels: tuple[Label, ...]
    reasons: tuple[str, ...]
    scores: Mapping[str, float]
    draft: str
    ask: str | None = None

    def to_json(self, message_text: str, person: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The ``warmly triage --json`` item: message, person, label, labels, reasons, draft."""
        return {
            "message": {"id": self.message_id, "text": message_text},
            "person": dict(person) if person is not None else {"id": self.person_id},
            "label": self.label,
            "labels": list(self.labels),
            "reasons": list(self.reasons),
            "scores": dict(self.scores),
            "ask": self.ask,
            "draft": self.draft,
        }


@dataclass(frozen=True, slots=True)
class TriageConfig:
    """Thresholds of the triage engine (``[triage]`` in warmly.toml; defaults documented)."""

    fit_threshold: float = 0.55  # tuned on bench/eval/triage.jsonl; see defaults.toml
    skill_factor: float = 0.8  # a LinkedIn skill's fit score × this (stated specialties: 1)
    modifier_bonus: float = 0.1  # added per matched where/how word (at most two)
    mass_mail_min_senders: int = 3
    # Short texts ("Are you hiring?") coincide by chance: the sender count counts
    # only for texts of at least this many words. Placeholders always count.
    mass_mail_min_words: int = 12
    personal_max_layer: int = 2  # the ~50 "affinity" circle and closer
    # A strength of 0.5 let in near-strangers: a 2022 connection with one message
    # each way reaches ~0.52, partly from the very message being triaged, so a
    # cold job-seeker became "personal" and skipped every other label. At 0.6 a tie
    # needs an exchange beyond that; close circles still count via the layer rule.
    personal_min_strength: float = 0.6
    # A term → other words for it: kubernetes = ["k8s", "kube"] (see implied_terms).
    extra_synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_doing: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 < self.fit_threshold <= 1:
            raise ConfigError(f"triage.fit_threshold must be in (0, 1], got {self.fit_threshold}")
        if self.mass_mail_min_senders < 2:
            raise ConfigError("triage.mass_mail_min_senders must be at least 2")
        if not 0 <= self.skill_factor <= 1:
            raise ConfigError(f"triage.skill_factor must be in [0, 1], got {self.skill_factor}")
        if not 0 <= self.modifier_bonus <= 1:
            raise ConfigError(f"triage.modifier_bonus must be in [0, 1], got {self.modifier_bonus}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TriageConfig:
        """Read the ``[triage]`` table; unknown keys are an error that names them."""
        ranges = {
            "mass_mail_min_words": AT_LEAST_ONE,
            "personal_min_strength": SHARE,
            # finite only here: __post_init__ states their ranges
            **{k: Range() for k in ("fit_threshold", "skill_factor", "modifier_bonus")},
        }
        # Types and ranges checked there: a bare string for not_doing would
        # otherwise become a tuple of its letters.
        values = check_table(cls, "triage", data, ranges)
        if "extra_synonyms" in values:
            values["extra_synonyms"] = _synonyms(values["extra_synonyms"])
        return cls(**values)

    def implied_terms(self) -> dict[str, tuple[str, ...]]:
        """``extra_synonyms`` as the lexicon reads them: each other word → its term.

        Only that way round: were "kubernetes" to imply "k8s" and "kube" as well, a
        "Kubernetes" specialty would hold all three, and a message saying only "k8s"
        would match a third of it instead of all.
        """
        out: dict[str, tuple[str, ...]] = {}
        for term, words in self.extra_synonyms.items():
            for word in words:
                out[word] = (*out.get(word, ()), term)
        return out


def _synonyms(data: Any) -> dict[str, tuple[str, ...]]:
    # A bare string would otherwise become a tuple of its letters, and a word of two
    # (an unknown phrase) would never be matched: both are refused, not ignored.
    ok = isinstance(data, Mapping) and all(
        isinstance(v, list | tuple) and all(isinstance(w, str) and len(w.split()) == 1 for w in v)
        for v in data.values()
    )
    if not ok:
        raise ConfigError(
            "triage.extra_synonyms must map a term to a list of single words for it, "
            'e.g. kubernetes = ["k8s", "kube"]'
        )
    return {str(k): tuple(v) for k, v in data.items()}
