"""Persistence: SQLAlchemy models and queries."""
