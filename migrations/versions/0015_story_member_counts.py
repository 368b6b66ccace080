"""stories: each story's number of members, so that a list of stories of at least so
many members reads no member

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("member_count", sa.Integer(), nullable=False,
                                       server_default="1"))
    op.execute("UPDATE stories SET member_count = (SELECT count(*) FROM story_members "
               "WHERE story_members.story_id = stories.id)")


def downgrade() -> None:
    # In place (SQLite 3.35+ drops a column too): a table rebuilt would take the
    # members of its stories with it (ON DELETE CASCADE).
    op.drop_column("stories", "member_count")
