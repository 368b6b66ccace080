"""monitored sources (feeds and sitemaps), the items they listed, and fetched URLs

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("poll_url", sa.Text(), nullable=False),
        sa.Column("format", sa.String(12), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_poll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.String(24), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
    )
    op.create_index("ix_sources_next_poll_at", "sources", ["next_poll_at"])
    op.create_table(
        "source_items",
        sa.Column("source_id", sa.String(36),
                  sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("url_key", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(120), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_source_items_state", "source_items",
                    ["source_id", "state", "updated_at"])
    op.create_table(
        "fetched_urls",
        sa.Column("url_key", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("article_id", sa.String(120), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_fetched_urls_article_id", "fetched_urls", ["article_id"])


def downgrade() -> None:
    op.drop_table("fetched_urls")
    op.drop_table("source_items")
    op.drop_table("sources")
