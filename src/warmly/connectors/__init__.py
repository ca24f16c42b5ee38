"""Connectors: how an approved action leaves warmly, one module per channel.

- :mod:`~warmly.connectors.base`: the contract (``Connector.send(Outgoing) -> Sent | Assisted``,
  ``TransientError`` / ``PermanentError``) and a fake for tests.
- :mod:`~warmly.connectors.smtp`: email over SMTP (stdlib).
- :mod:`~warmly.connectors.mastodon`, :mod:`~warmly.connectors.bluesky`: REST / XRPC over
  ``httpx``, sending and reading notifications.
- :mod:`~warmly.connectors.assisted` + :mod:`~warmly.connectors.links`: LinkedIn, X and any
  unconfigured platform: a deep link and the draft, the user acts.
- :mod:`~warmly.connectors.registry`: ``build_connectors(settings)``, one per platform.
- :mod:`~warmly.connectors.sync`: ``sync_notifications(ws, connector)`` into the ledger.

Submodules are imported on demand: ``httpx`` is needed only by Mastodon and Bluesky.
"""
