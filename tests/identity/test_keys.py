"""Identity keys from URLs and handles: what a profile link names, and junk that names nobody."""

from __future__ import annotations

import pytest

from warmly.identity import keys


@pytest.mark.parametrize(
    ("url", "platform", "handle"),
    [
        ("https://www.linkedin.com/in/jane-doe/", "linkedin", "jane-doe"),
        ("https://x.com/JaneDoe", "x", "janedoe"),
        ("https://mastodon.social/@Jane", "mastodon", "jane@mastodon.social"),
        ("https://münchen.social/users/jane", "mastodon", "jane@münchen.social"),
        ("example.org/me/", "web", "example.org/me"),
    ],
)
def test_a_profile_url_names_its_network_and_handle(url: str, platform: str, handle: str) -> None:
    ref = keys.identity_from_url(url)
    assert ref is not None and (ref.platform, ref.handle) == (platform, handle)


@pytest.mark.parametrize(
    "url", ["http://[oops", "https://[oops/users/x", "https://[oops/@x", "http://localhost"]
)
def test_a_malformed_url_names_nobody_and_never_raises(url: str) -> None:
    # urlsplit raises ValueError on "[oops": one such link in a card, a CSV row or
    # a Mastodon profile field refused the whole file.
    assert keys.identity_from_url(url) is None
    assert keys.mastodon_acct(url) is None
    assert keys.web_key(url) is None
