"""generate_demo: determinism, file names, profile shape, timing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warmly.demo import DemoFiles, generate_demo


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate_demo(tmp_path / "a", seed=11)
    generate_demo(tmp_path / "b", seed=11)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_different_seed_gives_different_files(tmp_path: Path, demo: DemoFiles) -> None:
    other = generate_demo(tmp_path, seed=8)
    assert other.vcard.read_bytes() != demo.vcard.read_bytes()
    assert other.linkedin.read_bytes() != demo.linkedin.read_bytes()
    assert other.summary["contacts"] >= 1900


def test_file_names_follow_the_real_exports(demo: DemoFiles) -> None:
    assert demo.linkedin.name == "Basic_LinkedInDataExport_03-02-2026.zip"
    assert demo.x.name.startswith("twitter-2026-03-02-") and demo.x.suffix == ".zip"
    assert demo.mbox.name == "takeout-20260302T000000Z-001.zip"
    assert demo.vcard.name == "contacts.vcf"
    assert all(p.is_file() for p in demo.paths)


def test_profile_matches_the_config_shape(demo: DemoFiles) -> None:
    p = demo.profile
    assert set(p) == {
        "name",
        "emails",
        "handles",
        "specialties",
        "timezone",
        "working_hours",
        "minutes_per_day",
    }
    assert p["handles"]["linkedin"] and p["handles"]["x"]
    assert p["timezone"] == "Europe/Berlin"
    assert p["working_hours"] == "09:00-17:30"
    assert p["minutes_per_day"] == 20
    assert "Python backend engineers" in p["specialties"]


def test_now_drives_every_time_and_naive_means_utc(tmp_path: Path) -> None:
    aware = generate_demo(tmp_path / "a", seed=3, now=datetime(2031, 7, 9, tzinfo=UTC))
    naive = generate_demo(tmp_path / "b", seed=3, now=datetime(2031, 7, 9))
    assert aware.linkedin.name == "Basic_LinkedInDataExport_07-09-2031.zip"
    assert aware.vcard.read_bytes() == naive.vcard.read_bytes()
    assert aware.summary["now"] == "2031-07-09T00:00:00+00:00"
