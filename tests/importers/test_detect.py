"""Detection (no ``--format``) of a damaged archive: the member and what is wrong with it.

An archive member that cannot be read is an :class:`ImportFileError` naming
the file, the member and the reason, never "no importer recognises this file".
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from warmly.errors import ImportFileError, UnknownFormatError
from warmly.importers import detect_importer
from warmly.importers.base import ImportContext
from warmly.importers.source import ExportTree

# Longer than the first read of detection (4 KiB for X, 64 KiB for LinkedIn):
# a byte changed at the start shows no error until the end.
DATA_TYPES = {
    f"type{n}": {"files": [{"fileName": f"data/type-{n}.js", "count": "0"}]} for n in range(80)
}
MANIFEST = "window.__THAR_CONFIG = " + json.dumps(
    {
        "userInfo": {"accountId": "1", "userName": "ann", "displayName": "Ann"},
        "dataTypes": DATA_TYPES,
    },
    indent=2,
)
ACCOUNT = "window.YTD.account.part0 = " + json.dumps(
    [{"account": {"accountId": "1", "username": "ann", "accountDisplayName": "Ann Lee"}}],
    indent=2,
)
LIKES = "window.YTD.like.part0 = [ ]"
CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "".join(
    f"Ada,Byron{n},https://www.linkedin.com/in/ada-{n},,Analytical,CTO,01 Jan 2024\n"
    for n in range(1000)
)


def make_zip(path: Path, members: dict[str, str], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def damage(path: Path, member: str, how: str) -> None:
    """Break ``member`` of the zip at ``path`` as a bad copy or a password would."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")  # the central directory entry of member
    while data[central + 46 : central + 46 + len(member) + 1] != member.encode() + b"P":
        central = data.index(b"PK\x01\x02", central + 4)
    local = info.header_offset
    body = local + 30 + len(info.filename) + len(info.extra)
    if how == "encrypted":
        data[central + 8] |= 0x01  # what a zip made with a password says
    elif how == "crc":  # the stored CRC-32 does not match the data
        for at in (central + 16, local + 14):
            data[at] ^= 0xFF
    elif how == "bytes":  # the first bytes of the data changed: no error until the end
        data[body : body + 8] = b"\xfe" * 8
    elif how == "deflate":  # broken compressed data
        data[body : body + 8] = b"\xff" * 8
    elif how == "method":  # a compression method Python cannot read
        data[central + 10] = data[local + 8] = 99
    path.write_bytes(bytes(data))


def detect(path: Path) -> str:
    with ExportTree(path) as tree:
        return detect_importer(tree, path).name


def import_error(path: Path) -> ImportFileError:
    """What importing ``path`` without ``--format`` fails with (detection, then reading)."""
    with ExportTree(path) as tree, pytest.raises(ImportFileError) as err:
        list(detect_importer(tree, path).read(tree, ImportContext()))
    assert not isinstance(err.value, UnknownFormatError), err.value
    return err.value


REASONS = {
    "encrypted": "encrypted",
    "crc": "damaged",
    "bytes": "damaged",
    "deflate": "damaged",
    "method": "unsupported compression",
}


@pytest.mark.parametrize("how", list(REASONS))
@pytest.mark.parametrize(
    ("members", "broken"),
    [
        # The broken member is the only one that tells an X archive.
        ({"data/manifest.js": MANIFEST, "data/like.js": LIKES}, "data/manifest.js"),
        ({"data/account.js": ACCOUNT, "data/like.js": LIKES}, "data/account.js"),
        ({"twitter/data/account.js": ACCOUNT}, "twitter/data/account.js"),
    ],
    ids=["manifest", "account", "account-in-folder"],
)
def test_a_damaged_x_archive_names_the_member_and_the_reason(
    tmp_path: Path, members: dict[str, str], broken: str, how: str
) -> None:
    method = zipfile.ZIP_STORED if how in ("bytes", "crc") else zipfile.ZIP_DEFLATED
    path = make_zip(tmp_path / "twitter-2024-03-02.zip", members, method)
    assert detect(path) == "x"
    damage(path, broken, how)
    message = str(import_error(path)).replace(str(tmp_path), "")
    assert path.name in message and broken in message and REASONS[how] in message


@pytest.mark.parametrize("how", ["encrypted", "crc", "bytes", "method"])
def test_a_damaged_linkedin_export_names_the_member_and_the_reason(
    tmp_path: Path, how: str
) -> None:
    method = zipfile.ZIP_STORED if how in ("bytes", "crc") else zipfile.ZIP_DEFLATED
    path = make_zip(
        tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip",
        {"Connections.csv": CONNECTIONS},
        method,
    )
    assert detect(path) == "linkedin"
    damage(path, "Connections.csv", how)
    message = str(import_error(path)).replace(str(tmp_path), "")
    assert path.name in message and "Connections.csv" in message and REASONS[how] in message


def test_a_sound_file_of_the_same_name_is_simply_not_claimed(tmp_path: Path) -> None:
    # A web project's account.js and Connections.csv are no X or LinkedIn files,
    # and reading them through finds nothing wrong: "no importer" it is.
    path = make_zip(
        tmp_path / "site.zip",
        {"js/account.js": "export const account = {};\n" * 20, "Connections.csv": "a,b\n1,2\n"},
        zipfile.ZIP_STORED,
    )
    with pytest.raises(UnknownFormatError):
        detect(path)
