"""Mastodon's status and profile HTML, reduced to text and links.

Mastodon sanitises what it federates to a small tag set (``p``, ``br``, ``a``,
``span`` and, since 4.x, lists, quotes and code), so a stdlib parser is
enough: no HTML library is needed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_links", "html_to_text"]

_BLOCK_END = {"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_END:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Mastodon hides the scheme and tail of long links in
        # ``<span class="invisible">``; keeping every span gives the full URL.
        self.parts.append(data)


def _parse(html: str) -> _TextParser:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html: str | None) -> str | None:
    """Plain text of a status or bio: paragraphs as blank lines, links as their text."""
    if not html:
        return None
    text = "".join(_parse(html).parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text or None


def html_links(html: str | None) -> list[str]:
    """The ``href`` of every ``<a>`` in ``html``, in document order."""
    return _parse(html).links if html else []
