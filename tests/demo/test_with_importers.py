"""warmly's own importers read the demo files without errors (skipped if not present)."""

from __future__ import annotations

from collections import Counter

import pytest

from warmly.demo import DemoFiles
from warmly.importers import available, detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.records import ContactRecord, InteractionRecord, Record, RecordError
from warmly.importers.source import ExportTree


def _read(demo: DemoFiles, attr: str, expected: str) -> list[Record]:
    if expected not in available():
        pytest.skip(f"importer {expected!r} not present")
    path = getattr(demo, attr)
    p = demo.profile
    owner = {("linkedin", p["handles"]["linkedin"]), ("x", p["handles"]["x"])}
    owner |= {("email", e) for e in p["emails"]}
    ctx = ImportContext(owner=owner, owner_names={p["name"].lower()}, default_region="DE")
    tree = ExportTree(path)
    importer = detect_importer(tree, path)
    assert importer.name == expected
    records = list(importer.read(tree, ctx))
    errors = [r for r in records if isinstance(r, RecordError)]
    assert errors == []
    return records


@pytest.mark.slow
@pytest.mark.parametrize(
    ("attr", "name"), [("linkedin", "linkedin"), ("x", "x"), ("mbox", "mbox"), ("vcard", "vcard")]
)
def test_importer_reads_demo_file(demo: DemoFiles, attr: str, name: str) -> None:
    records = _read(demo, attr, name)
    kinds = Counter((r.platform, r.kind) for r in records if isinstance(r, InteractionRecord))
    contacts = sum(isinstance(r, ContactRecord) for r in records)
    s = demo.summary
    if name == "linkedin":
        assert contacts == s["networks"]["linkedin_connections"]
        assert kinds["linkedin", "message"] > 3000
    elif name == "x":
        assert kinds["x", "reply"] > 100 and kinds["x", "message"] > 100
    elif name == "mbox":
        shares = sum(n for (_, kind), n in kinds.items() if kind in ("share", "comment"))
        notified = sum(n for k, n in s["notifications"].items() if not k.endswith("invite"))
        assert shares == notified
        assert kinds["email", "email"] == s["files"]["mbox"]["conversation"]
    else:
        assert contacts == s["files"]["vcards"]
