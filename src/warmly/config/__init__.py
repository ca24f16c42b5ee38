"""Workspace configuration: ``warmly.toml`` over documented package defaults."""

from warmly.config.settings import Profile, Settings, load_settings

__all__ = ["Profile", "Settings", "load_settings"]
