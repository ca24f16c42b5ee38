"""``python -m warmly`` runs the CLI."""

from warmly.cli import main

main()
