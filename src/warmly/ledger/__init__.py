"""The ledger: writing imported records, tie state, and reading people back."""
