"""Inbound triage and replies in the user's voice.

Pure engine: typed messages, the user's profile, tie info and a mass-mail oracle
in; a label, every label that applies, human reasons and a draft out. No
database, no CLI: ``warmly triage`` fills the inputs from the ledger.
"""

from __future__ import annotations

from warmly.triage.draft import draft_reply
from warmly.triage.label import label_one, triage
from warmly.triage.lexicon import Lexicon
from warmly.triage.massmail import InMemoryMassMailOracle, MassMailOracle, mask
from warmly.triage.profile import Specialty, SpecialtyMatch, SpecialtyProfile, build_profile
from warmly.triage.signals import Signals, extract_ask, placeholders, request_cue, signals
from warmly.triage.templates import (
    Template,
    TemplateError,
    Templates,
    check_template,
    default_templates,
    load_templates,
    templates_from_mapping,
)
from warmly.triage.types import (
    PRECEDENCE,
    InboundMessage,
    Label,
    TieInfo,
    TriageConfig,
    TriageResult,
)
from warmly.triage.voice import Style, learn_style

__all__ = [
    "PRECEDENCE",
    "InMemoryMassMailOracle",
    "InboundMessage",
    "Label",
    "Lexicon",
    "MassMailOracle",
    "Signals",
    "Specialty",
    "SpecialtyMatch",
    "SpecialtyProfile",
    "Style",
    "Template",
    "TemplateError",
    "Templates",
    "TieInfo",
    "TriageConfig",
    "TriageResult",
    "build_profile",
    "check_template",
    "default_templates",
    "draft_reply",
    "extract_ask",
    "label_one",
    "learn_style",
    "load_templates",
    "mask",
    "placeholders",
    "request_cue",
    "signals",
    "templates_from_mapping",
    "triage",
]
