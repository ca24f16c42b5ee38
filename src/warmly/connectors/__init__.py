"""Connectors: how an approved action leaves warmly, one module per channel."""
