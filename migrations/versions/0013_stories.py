"""stories: near-duplicate articles grouped, their members' signatures and band hashes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "story_members",
        sa.Column("article_pk", sa.Integer(),
                  sa.ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("relation", sa.String(10), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(80), nullable=True),
    )
    op.create_index("ix_story_members_story", "story_members", ["story_id", "article_pk"])
    op.create_table(
        "story_bands",
        sa.Column("band", sa.BigInteger(), primary_key=True),
        sa.Column("article_pk", sa.Integer(),
                  sa.ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_story_bands_article", "story_bands", ["article_pk"])


def downgrade() -> None:
    op.drop_table("story_bands")
    op.drop_table("story_members")
    op.drop_table("stories")
