"""Identities and people: normalised keys, matching, merge and unmerge."""
