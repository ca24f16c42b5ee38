"""ExportTree: what a damaged or empty export says before any importer sees it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from warmly.errors import ImportFileError
from warmly.importers import detect_importer
from warmly.importers.source import ExportTree

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Inkwell,Editor,02 Mar 2024\n"
)


def _zip(path: Path) -> bytes:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Connections.csv", CONNECTIONS * 20)
        zf.writestr("messages.csv", "CONVERSATION ID,FROM,DATE,CONTENT\n")
    return path.read_bytes()


@pytest.mark.parametrize("name", ["Basic_LinkedInDataExport_03-01-2026.zip", "export"])
def test_a_truncated_zip_is_named_as_damaged(tmp_path: Path, name: str) -> None:
    # An interrupted download keeps the members' start but loses the central
    # directory at the end: zipfile no longer sees a zip at all.
    raw = _zip(tmp_path / "whole.zip")
    cut = tmp_path / name
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ImportFileError) as err:
        ExportTree(cut)
    assert str(cut) in str(err.value)
    assert "truncated or damaged zip" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_file_named_zip_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("<html>Your download has expired</html>")
    with pytest.raises(ImportFileError, match="truncated or damaged zip"):
        ExportTree(path)


def test_an_empty_file_is_refused_not_imported_as_nothing(tmp_path: Path) -> None:
    # The mbox importer would claim an empty .mbox by its name and read nothing.
    path = tmp_path / "Inbox.mbox"
    path.write_bytes(b"")
    with ExportTree(path) as tree, pytest.raises(ImportFileError) as err:
        detect_importer(tree, path)
    assert str(err.value) == f"{path}: the file is empty: nothing to import"


def test_an_empty_member_of_a_folder_is_left_to_the_importer(tmp_path: Path) -> None:
    (tmp_path / "Inbox.mbox").write_bytes(b"")  # Takeout writes one per label, mail or not
    with ExportTree(tmp_path) as tree:
        assert detect_importer(tree, tmp_path).name == "mbox"


@pytest.mark.parametrize("kind", ["file", "folder", "archive"])
def test_what_no_importer_recognises_is_named_for_what_it_is(tmp_path: Path, kind: str) -> None:
    from warmly.errors import UnknownFormatError

    if kind == "file":
        path = tmp_path / "notes.bin"
        path.write_bytes(b"\x00\x01")
    elif kind == "folder":
        path = tmp_path / "misc"
        path.mkdir()
        (path / "notes.bin").write_bytes(b"\x00\x01")
    else:
        path = tmp_path / "misc.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("notes.bin", b"\x00\x01")
    with ExportTree(path) as tree, pytest.raises(UnknownFormatError) as err:
        detect_importer(tree, path)
    assert f"no importer recognises this {kind};" in str(err.value)


@pytest.mark.parametrize("name", ["Connections (1).csv", "Connections (12).csv"])
def test_a_second_download_of_a_file_is_recognised_by_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(CONNECTIONS, encoding="utf-8")
    with ExportTree(path) as tree:
        assert detect_importer(tree, path).name == "linkedin"


def test_norm_name_drops_only_a_copy_number_before_the_extension() -> None:
    from warmly.importers.source import norm_name

    assert norm_name("data/Connections (1).csv") == "connections.csv"
    assert norm_name("Email_Addresses.csv") == "emailaddresses.csv"
    assert norm_name("Notes (2024).txt") == "notes(2024).txt"  # a year, not a copy number
