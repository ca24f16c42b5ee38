"""Where a CSV record ends, for readers that must skip one ``csv.reader`` gave up on.

After a ``csv.Error`` (a cell over ``csv.field_size_limit()``) the reader drops
the rest of the line and starts a new record on the next one, even inside a
quoted cell that spans lines. Both CSV importers then skip to the record's real
end with this scan, so the cell's leftover lines never come out as rows.
"""

from __future__ import annotations


def ends_quoted(chunk: str, quoted: bool, delimiter: str = ",") -> bool:
    """True if ``csv.reader`` (default dialect) is inside a quoted cell at the end of ``chunk``.

    ``quoted`` says whether the chunk starts inside one. As in the non-strict
    reader, a quote opens a cell only at its start, ``""`` inside is one quote,
    and a line end outside quotes ends the record.
    """
    i, n, cell_start = 0, len(chunk), not quoted
    while i < n:
        if quoted:
            j = chunk.find('"', i)
            if j < 0:
                return True
            if chunk.startswith('"', j + 1):
                i = j + 2
                continue
            quoted, cell_start, i = False, False, j + 1
        elif cell_start and chunk[i] == '"':
            quoted, i = True, i + 1
        else:
            ends = (chunk.find(c, i) for c in (delimiter, "\n", "\r"))
            i = min((e for e in ends if e >= 0), default=n) + 1
            cell_start = True
    return quoted
