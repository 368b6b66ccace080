"""content hashes of the whole received text; jobs belong to the client that made them

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-07
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 500
_articles = sa.table("articles", sa.column("pk", sa.Integer), sa.column("raw_text", sa.Text),
                     sa.column("content_hash", sa.String), sa.column("document", sa.JSON))
_summaries = sa.table("article_summaries", sa.column("article_pk", sa.Integer),
                      sa.column("summary", sa.JSON))


def upgrade() -> None:
    # Who made a job ("key:<key id>", or "anonymous" in the development mode); earlier
    # jobs were made by no one known.
    op.add_column("jobs", sa.Column("owner", sa.String(64), nullable=False,
                                    server_default="unknown"))
    op.create_index("ix_jobs_owner_created_at", "jobs", ["owner", "created_at"])
    op.create_index("ix_jobs_finished_at", "jobs", ["finished_at"])
    _rehash()


def _rehash() -> None:
    """Every stored article's content hash made again from its whole received text."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(_articles.c.pk, _articles.c.raw_text,
                                      _articles.c.document)
                            .where(_articles.c.pk > last).order_by(_articles.c.pk)
                            .limit(_BATCH)).all()
        if not rows:
            return
        for pk, raw_text, document in rows:
            digest = "sha256:" + hashlib.sha256(
                (raw_text or "").encode("utf-8", "surrogatepass")).hexdigest()
            conn.execute(sa.update(_articles).where(_articles.c.pk == pk).values(
                content_hash=digest, document={**document, "content_hash": digest}))
            summary = conn.execute(sa.select(_summaries.c.summary)
                                   .where(_summaries.c.article_pk == pk)).scalar()
            if summary is not None:
                conn.execute(sa.update(_summaries).where(_summaries.c.article_pk == pk)
                             .values(summary={**summary, "content_hash": digest}))
        last = rows[-1][0]


def downgrade() -> None:
    # The hashes stay those of the whole text (the structure's text is not kept apart).
    op.drop_index("ix_jobs_finished_at", table_name="jobs")
    op.drop_index("ix_jobs_owner_created_at", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("owner")
