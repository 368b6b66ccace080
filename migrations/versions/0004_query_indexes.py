"""query indexes: entity names by key, and newest-first order usable by PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entity_names_key", "entity_names", ["key", "name"])
    if op.get_bind().dialect.name == "postgresql":
        # Backwards scans of (published, pk) give NULLS FIRST; newest-first lists want LAST.
        op.execute("CREATE INDEX ix_articles_newest ON articles "
                   "(published DESC NULLS LAST, pk DESC)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_newest")
    op.drop_index("ix_entity_names_key", table_name="entity_names")
