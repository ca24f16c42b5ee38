"""contacts.vcf: vobject reads every card, Google 3.0 and Android 2.1 with QP."""

from __future__ import annotations

import vobject

from warmly.demo import DemoFiles


def test_vcards_parse_with_vobject(demo: DemoFiles) -> None:
    raw = demo.vcard.read_bytes()
    assert b"\r\n" in raw
    assert all(
        len(line) <= 75
        for line in raw.split(b"\r\n")
        if not line.startswith(b"N;")
        and not line.startswith(b"FN;")
        and not line.startswith(b"ORG;")
    )
    cards = list(vobject.readComponents(raw.decode("utf-8"), allowQP=True))
    assert len(cards) == demo.summary["files"]["vcards"] > 200
    versions = {c.version.value for c in cards}
    assert versions == {"3.0", "2.1"}
    assert sum("bday" in c.contents for c in cards) > 30
    urls = [u.value for c in cards for u in c.contents.get("url", [])]
    assert any("linkedin.com/in/" in u for u in urls)
    assert any("twitter.com/" in u for u in urls)
    assert any("\\:" in u for u in urls)  # Google escapes the colon
    assert any(not c.fn.value.isascii() for c in cards if c.version.value == "2.1")
    assert b"=\r\n" in raw or b"ENCODING=QUOTED-PRINTABLE" in raw
    assert b"\\," in raw  # escaped commas in ORG or NOTE
