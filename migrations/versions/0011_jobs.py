"""bulk analysis jobs: the job, its batches (units of work with a lease) and one row per
line saying what became of it

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_jobs_created_at", "jobs", ["created_at"])
    op.create_table(
        "job_batches",
        sa.Column("job_id", sa.String(36), sa.ForeignKey("jobs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=False),
    )
    op.create_index("ix_job_batches_state", "job_batches", ["state", "lease_until"])
    op.create_table(
        "job_items",
        sa.Column("job_id", sa.String(36), sa.ForeignKey("jobs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("line", sa.Integer(), primary_key=True),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("content_hash", sa.String(80), nullable=True),
        sa.Column("article_id", sa.String(120), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_job_items_outcome", "job_items", ["job_id", "outcome", "line"])


def downgrade() -> None:
    op.drop_table("job_items")
    op.drop_table("job_batches")
    op.drop_table("jobs")
