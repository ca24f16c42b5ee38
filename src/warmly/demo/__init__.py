"""The demo world behind ``warmly demo``: a seeded, realistic set of export files.

:func:`generate_demo` builds ~2,000 invented contacts with years of history and
writes them as a LinkedIn export, an X archive, a Google Takeout mbox and a
vCard file, which warmly's own importers then read.
"""

from __future__ import annotations

from warmly.demo.generate import DEFAULT_NOW, DemoFiles, build_world, generate_demo

__all__ = ["DEFAULT_NOW", "DemoFiles", "build_world", "generate_demo"]
