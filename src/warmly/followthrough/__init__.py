"""Follow-through: promises in the user's messages and unanswered questions become tasks.

Pure engine: typed messages in, typed tasks out; the clock (``now``), the user's
time zone and the config are passed in. The lead writes tasks to the ledger.
"""

from __future__ import annotations

from warmly.followthrough.config import FollowThroughConfig, default_config
from warmly.followthrough.dates import Due, find_due
from warmly.followthrough.promises import Kind, Promise, extract_promises
from warmly.followthrough.tasks import Message, Status, Task, derive_tasks, is_kept

__all__ = [
    "Due",
    "FollowThroughConfig",
    "Kind",
    "Message",
    "Promise",
    "Status",
    "Task",
    "default_config",
    "derive_tasks",
    "extract_promises",
    "find_due",
    "is_kept",
]
