"""vCard syntax from bytes: each value decoded with its own charset, after unfolding."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from warmly.importers.vcard_syntax import has_card, parse_property, split_cards


def values(data: str | bytes, name: str) -> list[str]:
    return [p.value for card in split_cards(data) for p in card.all(name)]


def test_fold_may_split_a_utf8_sequence() -> None:
    # RFC 6350 §3.2: a writer may fold inside a multi-octet character; unfold bytes first.
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:S\xc3\r\n \xb8ren \xc3\x85\r\n\tlund\r\nEND:VCARD\r\n"
    assert values(data, "FN") == ["Søren Ålund"]


def test_qp_soft_break_then_a_cp1252_line() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        # A soft break may fall between the two octets of "é".
        b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=\r\n=A9 au =\r\nlait =C3=A0 deux\r\n"
        b"TITLE:Directrice g\xe9n\xe9rale\r\nEND:VCARD\r\n"
    )
    assert values(data, "NOTE") == ["café au lait à deux"]
    assert values(data, "TITLE") == ["Directrice générale"]


def test_param_values_use_the_charset_too() -> None:
    prop = parse_property(b"TEL;CHARSET=ISO-8859-1;TYPE=B\xfcro,cell:+1 202 555 0143", 7)
    assert prop is not None
    assert (prop.types(), prop.value, prop.line) == ({"büro", "cell"}, "+1 202 555 0143", 7)


def test_text_is_used_as_decoded() -> None:
    # Callers holding text (a vCard attached to a mail) keep the old interface.
    assert values("BEGIN:VCARD\nN;CHARSET=ISO-8859-1:Grün;Eva\nEND:VCARD\n", "N") == ["Grün;Eva"]
    prop = parse_property("FN:Zoë", 1)
    assert prop is not None and prop.value == "Zoë"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfBEGIN:VCARD\r\nFN:Ren\xc3\xa9e\r\nEND:VCARD\r\n",  # UTF-8 BOM
        "BEGIN:VCARD\r\nFN:Renée\r\nEND:VCARD\r\n".encode("utf-16"),  # UTF-16 with BOM
        "BEGIN:VCARD\r\nFN:Renée\r\nEND:VCARD\r\n".encode("utf-16-le"),  # no BOM: NULs dropped
        b"BEGIN:VCARD\rFN:Ren\xe9e\rEND:VCARD\r",  # old Mac CR, cp1252
    ],
    ids=["utf8-bom", "utf16", "utf16le-no-bom", "cr-cp1252"],
)
def test_file_encodings(data: bytes) -> None:
    assert has_card(data)
    assert values(data, "FN") == ["Renée"]


def test_has_card_on_bytes() -> None:
    assert not has_card(b"Name,Email\r\nRen\xe9e,renee@example.org\r\n")
    assert has_card(b"\r\n  begin:vcard\r\n")


# --- property: each card's own charset comes back, whatever its neighbours use -------------

_CHARSETS = {
    "UTF-8": "utf-8",
    "ISO-8859-1": "latin-1",
    "windows-1252": "cp1252",
    "KOI8-R": "koi8-r",
}
_UNLABELLED = ["utf-8", "cp1252"]


@st.composite
def _card(draw: st.DrawFn) -> tuple[str, bytes]:
    """``(name, one 2.1 card whose FN holds the name in a charset, labelled or not)``."""
    label = draw(st.sampled_from([*_CHARSETS, None]))
    codec = _CHARSETS[label] if label else draw(st.sampled_from(_UNLABELLED))
    chars = st.characters(
        codec=codec, exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\\;"
    )
    name = draw(st.text(chars, min_size=1, max_size=30).map(str.strip).filter(bool))
    encoded = name.encode(codec)
    if label is None and codec != "utf-8" and not encoded.isascii():
        # Unlabelled cp1252 that is also valid UTF-8 ("Ã©" -> "é") reads as UTF-8: no
        # reader can tell them apart, and real names almost never look like that.
        assume(not _is_utf8(encoded))
    head = f"FN;CHARSET={label}:" if label else "FN:"
    return name, b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + head.encode() + encoded + b"\r\nEND:VCARD\r\n"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(cards=st.lists(_card(), min_size=1, max_size=4))
def test_each_card_keeps_its_charset(cards: list[tuple[str, bytes]]) -> None:
    data = b"".join(raw for _, raw in cards)
    assert values(data, "FN") == [name for name, _ in cards]
