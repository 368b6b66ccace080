"""jobs belong to the client that made them; finished jobs found by when they ended

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Who made a job ("key:<key id>", or "anonymous" in the development mode); earlier
    # jobs were made by no one known.
    op.add_column("jobs", sa.Column("owner", sa.String(64), nullable=False,
                                    server_default="unknown"))
    op.create_index("ix_jobs_owner_created_at", "jobs", ["owner", "created_at"])
    op.create_index("ix_jobs_finished_at", "jobs", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_jobs_finished_at", table_name="jobs")
    op.drop_index("ix_jobs_owner_created_at", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("owner")
