"""Every real export sample (``../shared/formats/samples``) through the whole pipeline.

The samples are not in the repo (licences and privacy): this runs only where the
folder exists. Counts are checked against what each sample holds.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from warmly.ledger.pipeline import import_path
from warmly.store.models import Identity, Interaction, Person


def _named_connections(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = csv.DictReader(lines[start:])
    return sum(1 for r in rows if r.get("First Name") or r.get("Last Name"))


def _prepare(samples: Path, tmp: Path) -> list[Path]:
    li = tmp / "li"
    li.mkdir()
    shutil.copy(samples / "linkedin/orgsignal_2026_Connections.csv", li / "Connections.csv")
    shutil.copy(samples / "linkedin/orgsignal_2026_messages.csv", li / "messages.csv")
    shutil.copy(samples / "linkedin/orgsignal_2023_Invitations.csv", li / "Invitations.csv")
    x = tmp / "x" / "data"
    x.mkdir(parents=True)
    for name in ("account", "manifest"):
        shutil.copy(samples / f"x_archive/{name}.js", x / f"{name}.js")
    for name in ("tweets", "follower", "following", "like"):
        shutil.copy(samples / f"x_archive/{name}.excerpt.js", x / f"{name}.js")
    masto = tmp / "archive-20261101000000-0123456789abcdef0123456789abcdef.zip"
    with zipfile.ZipFile(masto, "w") as z:
        for name in ("outbox", "actor", "likes"):
            z.write(samples / f"mastodon/{name}.fossilizer-zip-export.json", f"{name}.json")
    return [
        li,
        tmp / "x",
        masto,
        samples / "mastodon/following_accounts.excerpt.csv",
        samples / "bluesky/tiny.car",
        *sorted((samples / "email").glob("*.mbox")),
        *sorted((samples / "email").glob("*.eml")),
        *sorted((samples / "vcard").glob("*.vcf")),
    ]


def test_every_sample_imports_and_reimports_to_nothing(workspace, samples: Path, tmp_path: Path):
    paths = _prepare(samples, tmp_path)
    reports = [import_path(workspace, p) for p in paths]
    assert all(r.status == "ok" for r in reports)
    again = [import_path(workspace, p) for p in paths]
    assert sum(r.added for r in again) == 0
    with workspace.sessions() as s:
        people = s.scalar(
            select(func.count()).select_from(Person).where(Person.is_owner.is_(False))
        )
        linkedin = s.scalar(
            select(func.count()).select_from(Identity).where(Identity.platform == "linkedin")
        )
        interactions = s.scalar(select(func.count()).select_from(Interaction))
    named = _named_connections(samples / "linkedin/orgsignal_2026_Connections.csv")
    assert linkedin >= named
    assert people >= named
    assert interactions > 0
    by_format = {r.format: r for r in reports}
    assert set(by_format) >= {
        "linkedin",
        "x",
        "mastodon",
        "mastodon-follows",
        "bluesky",
        "mbox",
        "vcard",
    }
    assert by_format["mastodon-follows"].added == 10
