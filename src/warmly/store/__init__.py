"""The ledger's storage: one SQLAlchemy schema for SQLite and PostgreSQL."""
