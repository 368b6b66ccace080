"""list items kept beside the documents: each article's summary (in a narrow table of
its own) and each figure as served; a narrow index to count the entities of a type

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The fields of a list item (service.store.repository.SUMMARY_FIELDS when this was written;
# a migration keeps its own copy so that later changes to the code do not rewrite history).
SUMMARY_FIELDS = (
    "id", "headline", "subheadline", "dateline", "published", "language", "word_count",
    "counts", "content_hash", "source_url", "created_at", "pipeline", "links",
)
BATCH = 500

articles = sa.table("articles", sa.column("pk", sa.Integer()),
                    sa.column("published", sa.Date()), sa.column("document", sa.JSON()))
summaries = sa.table("article_summaries", sa.column("article_pk", sa.Integer()),
                     sa.column("published", sa.Date()), sa.column("summary", sa.JSON()))
figures = sa.table("article_figures", sa.column("article_pk", sa.Integer()),
                   sa.column("figure_id", sa.String()), sa.column("data", sa.JSON()))


def upgrade() -> None:
    where = sa.text("article_count > 0")
    op.create_index("ix_entity_totals_live_type", "entity_totals", ["type"],
                    postgresql_where=where, sqlite_where=where)
    op.create_table(
        "article_summaries",
        sa.Column("article_pk", sa.Integer(),
                  sa.ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
    )
    op.add_column("article_figures", sa.Column("data", sa.JSON(), nullable=True))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.pk, articles.c.published, articles.c.document)
                            .where(articles.c.pk > last).order_by(articles.c.pk)
                            .limit(BATCH)).all()
        if not rows:
            break
        bind.execute(summaries.insert(), [
            {"article_pk": pk, "published": published,
             "summary": {key: document.get(key) for key in SUMMARY_FIELDS}}
            for pk, published, document in rows])
        values = [{"row_pk": pk, "row_figure": figure["id"], "row_data": figure}
                  for pk, _, document in rows for figure in document.get("figures", [])]
        if values:
            bind.execute(
                figures.update().where(figures.c.article_pk == sa.bindparam("row_pk"),
                                       figures.c.figure_id == sa.bindparam("row_figure"))
                .values(data=sa.bindparam("row_data")), values)
        last = rows[-1].pk


def downgrade() -> None:
    op.drop_index("ix_entity_totals_live_type", table_name="entity_totals")
    op.drop_table("article_summaries")
    # Not batch mode, which on SQLite copies the whole table: SQLite has had DROP COLUMN
    # since 3.35.
    op.execute("ALTER TABLE article_figures DROP COLUMN data")
