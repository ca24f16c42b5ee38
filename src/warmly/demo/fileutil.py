"""Byte-stable helpers shared by the writers: zips, dates in English, CSV rows."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def write_zip(path: Path, members: Iterable[tuple[str, bytes]], when: datetime) -> None:
    """Write a zip whose bytes depend only on ``members`` and ``when``.

    Every entry gets the same timestamp and permissions, so the same world
    always gives a byte-identical archive.
    """
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, 0)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the host
            zf.writestr(info, data, compresslevel=6)


def csv_text(rows: Sequence[Sequence[str]], quote_all: bool = False) -> str:
    """RFC 4180 rows joined with LF, as LinkedIn writes them."""
    buf = io.StringIO()
    writer = csv.writer(
        buf, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerows(rows)
    return buf.getvalue()


def dd_mon_yyyy(d: date) -> str:
    """``08 Feb 2023`` (LinkedIn's Connected On), independent of the locale."""
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def mon_yyyy(d: date) -> str:
    """``Aug 2022`` (Positions.csv)."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def us_short(dt: datetime) -> str:
    """``1/29/26, 2:37 PM`` (Invitations.csv Sent At)."""
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    return f"{dt.month}/{dt.day}/{dt.year % 100:02d}, {hour}:{dt.minute:02d} {ampm}"


def ctime_zone(dt: datetime) -> str:
    """``Tue Aug 08 12:36:29 +0000 2023`` (X created_at and Takeout From_ lines)."""
    return f"{DAYS[dt.weekday()]} {MONTHS[dt.month - 1]} {dt.day:02d} {dt:%H:%M:%S} +0000 {dt.year}"


def iso_ms(dt: datetime) -> str:
    """``2021-09-15T06:00:28.597Z``."""
    return f"{dt:%Y-%m-%dT%H:%M:%S}.{dt.microsecond // 1000:03d}Z"
