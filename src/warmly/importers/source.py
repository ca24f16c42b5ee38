"""Uniform read access to an export that is a folder, a zip, a tar.gz or a file.

Importers ask for members by normalised name, so ``Company Follows.csv``,
``company_follows.csv`` and ``data/Company_Follows.csv`` all match the same
request, as LinkedIn's renamings across years require.
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from warmly.errors import ImportFileError

try:
    from lzma import LZMAError
except ImportError:  # a Python built without lzma: zipfile cannot use it either

    class LZMAError(Exception):  # type: ignore[no-redef]
        """Never raised."""


# What reading a damaged file or archive member raises (a bad CRC, broken
# deflate or LZMA data, a truncated tarball), besides plain OSError.
READ_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    LZMAError,
)
_READ_OR_VALUE_ERRORS: tuple[type[Exception], ...] = (*READ_ERRORS, ValueError)
_OPEN_ERRORS: tuple[type[Exception], ...] = (
    *READ_ERRORS,
    KeyError,
    RuntimeError,  # zipfile: an encrypted member
    NotImplementedError,  # zipfile: a compression method Python lacks
)


def unreadable(member: str, exc: BaseException) -> str:
    """``cannot read <member>: <what is wrong>`` for what opening or reading it raised.

    zipfile's own words do not say which of the three it is: the member is
    damaged (a bad CRC-32, broken compressed data), encrypted, or compressed
    with a method Python cannot read.
    """
    text = str(exc)
    if isinstance(exc, (RuntimeError, NotImplementedError)) and (
        "encrypt" in text or "password" in text
    ):
        what = "encrypted (password-protected); unzip it with its password and import the folder"
    elif isinstance(exc, (NotImplementedError, RuntimeError)):
        # RuntimeError: "Compression requires the (missing) lzma module".
        what = f"unsupported compression ({text}); unzip it with another tool and import the folder"
    elif isinstance(exc, KeyError):
        what = "not in the archive"
    elif isinstance(exc, READ_ERRORS) and type(exc) is not OSError:
        what = f"damaged ({text})"
    else:
        what = text  # a plain OSError: permission denied, a disk error
    return f"cannot read {member}: {what}"


def is_hidden(member: str) -> bool:
    """A hidden member (``.DS_Store``), or a Mac's copy of one (``__MACOSX/._x.csv``)
    in a zip made on a Mac: never part of an export."""
    return any(part.startswith(".") or part == "__MACOSX" for part in member.split("/"))


# The copy number a browser or file manager adds to a second download of one
# name: "Connections (1).csv", "messages (2).csv".
_COPY_NUMBER = re.compile(r"\s*\(\d{1,3}\)(?=\.[^.]+$)")


def norm_name(name: str) -> str:
    """Case-, space- and underscore-insensitive form of a file name (no folders),
    without a download's copy number (``Connections (1).csv``)."""
    base = _COPY_NUMBER.sub("", PurePosixPath(name).name)
    return re.sub(r"[\s_\-]+", "", base).lower()


class ExportTree:
    """A read-only view of an export: a folder, a zip or a tar(.gz) archive.

    A plain file is a tree with one member. Members are addressed by their
    POSIX path relative to the root.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._tar: tarfile.TarFile | None = None
        self._members: list[str]
        try:
            if path.is_dir():
                self._members = sorted(
                    p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
                )
            elif zipfile.is_zipfile(path):
                self._zip = zipfile.ZipFile(path)
                self._members = [i.filename for i in self._zip.infolist() if not i.is_dir()]
            elif is_tar(path):
                self._tar = tarfile.open(path)  # noqa: SIM115  (closed by close())
                self._members = [m.name for m in self._tar.getmembers() if m.isfile()]
            else:
                _refuse_broken_zip(path)
                self._members = [path.name]
        except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
            raise ImportFileError(path, f"cannot read archive: {exc}") from exc

    @property
    def is_archive(self) -> bool:
        return self._zip is not None or self._tar is not None

    @property
    def is_file(self) -> bool:
        return not self.is_archive and not self.path.is_dir()

    def members(self) -> list[str]:
        return list(self._members)

    def size(self) -> int:
        """Bytes of all members once unpacked (what reading the export costs)."""
        try:
            if self._zip is not None:
                return sum(i.file_size for i in self._zip.infolist())
            if self._tar is not None:
                return sum(m.size for m in self._tar.getmembers() if m.isfile())
            if self.path.is_dir():
                return sum((self.path / m).stat().st_size for m in self._members)
            return self.path.stat().st_size
        except OSError as exc:
            raise ImportFileError(self.path, f"cannot read: {exc}") from exc

    def find(self, *names: str) -> list[str]:
        """Members whose normalised base name equals one of ``names``' normalised form."""
        wanted = {norm_name(n) for n in names}
        return [m for m in self._members if norm_name(m) in wanted]

    def find_matching(self, pattern: str) -> list[str]:
        """Members whose normalised base name matches the regex ``pattern`` (full match)."""
        rx = re.compile(pattern)
        return [m for m in self._members if rx.fullmatch(norm_name(m))]

    def open_bytes(self, member: str) -> IO[bytes]:
        try:
            if self._zip is not None:
                return self._zip.open(member)
            if self._tar is not None:
                f = self._tar.extractfile(member)
                if f is None:
                    raise ImportFileError(self.path, f"{member} is not a regular file")
                return f
            if self.path.is_dir():
                return (self.path / member).open("rb")
            return self.path.open("rb")
        except _OPEN_ERRORS as exc:
            raise ImportFileError(self.path, unreadable(member, exc)) from exc

    def chunks(self, member: str, size: int) -> Iterator[bytes]:
        """A member's bytes in pieces of ``size``, damaged data an :class:`ImportFileError`."""
        with self.open_bytes(member) as f:
            try:
                while chunk := f.read(size):
                    yield chunk
            except READ_ERRORS as exc:
                raise ImportFileError(self.path, unreadable(member, exc)) from exc

    def verify(self, member: str) -> None:
        """Read a zip member through: an :class:`ImportFileError` if it is damaged.

        For detection, when a member named like a format's own does not begin
        like one: a changed byte near the start shows no error until the
        CRC-32 is checked at the member's end, and "no importer recognises
        this file" would hide what is wrong. Folders, plain files and tar
        members (whose gzip check ran when the archive was opened) have no
        such check to run.
        """
        if self._zip is not None:
            for _ in self.chunks(member, 1 << 20):
                pass

    def with_suffix(self, suffix: str) -> list[str]:
        """Members whose name ends in ``suffix`` (any case), in name order."""
        return sorted(m for m in self._members if m.lower().endswith(suffix))

    def read_bytes(self, member: str) -> bytes:
        with self.open_bytes(member) as f:
            try:
                return f.read()
            except _READ_OR_VALUE_ERRORS as exc:
                raise ImportFileError(self.path, unreadable(member, exc)) from exc

    def read_text(self, member: str) -> str:
        """Member decoded as UTF-8 (BOM stripped); invalid bytes are an error."""
        data = self.read_bytes(member)
        try:
            return data.decode("utf-8-sig").replace("\x00", "")  # NUL is never meant
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                self.display(member), f"not UTF-8 text (byte {exc.start})"
            ) from exc

    def open_text(self, member: str) -> Generator[str, None, None]:
        """Lines of a member, for streaming large CSVs without loading them; ``close()``
        closes the member when reading stops early."""
        raw = self.open_bytes(member)
        try:
            nul_free = io.BufferedReader(_NulFree(raw), buffer_size=1 << 16)
            with io.TextIOWrapper(nul_free, encoding="utf-8-sig", newline="") as f:
                yield from f
        except READ_ERRORS as exc:  # damaged compressed data shows only as it is read
            raise ImportFileError(self.path, unreadable(member, exc)) from exc

    def display(self, member: str) -> str:
        """Human-readable location of a member, e.g. ``export.zip!messages.csv``."""
        if self.is_file:
            return str(self.path)
        sep = "/" if self.path.is_dir() else "!"
        return f"{self.path}{sep}{member}"

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()

    def __enter__(self) -> ExportTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refuse_broken_zip(path: Path) -> None:
    """Refuse a zip that ``zipfile`` cannot open rather than read it as a plain file.

    A zip cut short (an interrupted download) keeps its first members but
    loses the central directory at its end, so ``zipfile`` no longer sees a
    zip: read as a plain file it would be "no importer recognises this file".
    """
    with path.open("rb") as f:
        head = f.read(4)
    if head == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        raise ImportFileError(
            path,
            "truncated or damaged zip archive (its central directory is missing); "
            "download the export again",
        )


def is_tar(path: Path) -> bool:
    """True for a tar (or gzipped tar) archive, by its name and its first block."""
    name = path.name.lower()
    if not (name.endswith((".tar", ".tar.gz", ".tgz"))):
        return False
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


class _NulFree(io.RawIOBase):
    """A binary stream with its NUL bytes dropped, chunk by chunk.

    A NUL is never meant text: it breaks tables and search, and PostgreSQL's
    text cannot hold one (a stray byte would fail the whole file). Dropping it
    per chunk costs nothing measurable; a check per line cost a big import 2%.
    (UTF-8 never uses the byte 0 inside a character, so no character is cut.)
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            data = self._raw.read(len(view))
            if not data:
                return 0
            data = data.replace(b"\x00", b"")
            if data:  # a chunk of NULs alone is not the end of the stream
                view[: len(data)] = data
                return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()
