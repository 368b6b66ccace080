"""bounded queries: the archive's entity names; entities and figures in newest-first order

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Newest first (SQLite puts NULLs last in a descending index; PostgreSQL must be told).
NEWEST = {"sqlite": "published DESC", "postgresql": "published DESC NULLS LAST"}
# Tables that get their article's publication date, so that an index lists them newest first.
PUBLISHED = ("article_entities", "entity_names", "article_figures", "figure_entities")
INDEXES = [
    ("ix_entities_newest", "article_entities", "key, {newest}, article_pk DESC"),
    ("ix_entity_names_newest", "entity_names",
     "name_lower, {newest}, article_pk DESC, type"),
    ("ix_figures_newest", "article_figures", "{newest}, article_pk DESC, position"),
    ("ix_figure_entities_newest", "figure_entities",
     "key, {newest}, article_pk DESC, figure_id"),
]


def upgrade() -> None:
    op.create_table(
        "entity_aliases",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("name_lower", sa.String(300), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_entity_aliases_name", "entity_aliases", ["name_lower", "key"])
    op.execute("INSERT INTO entity_aliases (key, name, name_lower, row_count) "
               "SELECT key, name, name_lower, count(*) FROM entity_names "
               "GROUP BY key, name, name_lower")
    for table in PUBLISHED:
        op.add_column(table, sa.Column("published", sa.Date(), nullable=True))
        op.execute(f"UPDATE {table} SET published = (SELECT articles.published FROM articles "
                   f"WHERE articles.pk = {table}.article_pk)")
    # A figure's filters beside its entity keys, so that ?entity&kind&min_value is counted
    # from one index.
    op.add_column("figure_entities", sa.Column("kind", sa.String(20), nullable=True))
    op.add_column("figure_entities", sa.Column("unit", sa.String(40), nullable=True))
    op.add_column("figure_entities", sa.Column("value", sa.Float(), nullable=True))
    for column in ("kind", "unit", "value"):
        op.execute(f"UPDATE figure_entities SET {column} = (SELECT article_figures.{column} "
                   "FROM article_figures WHERE article_figures.article_pk = "
                   "figure_entities.article_pk AND article_figures.figure_id = "
                   "figure_entities.figure_id)")
    op.create_index("ix_figure_entities_filter", "figure_entities",
                    ["key", "kind", "value", "unit"])
    newest = NEWEST[op.get_bind().dialect.name]
    for name, table, columns in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({columns.format(newest=newest)})")
    op.create_index("ix_figures_kind_value", "article_figures", ["kind", "value"])


def downgrade() -> None:
    op.drop_index("ix_figures_kind_value", table_name="article_figures")
    op.drop_index("ix_figure_entities_filter", table_name="figure_entities")
    with op.batch_alter_table("figure_entities") as batch_op:
        for column in ("value", "unit", "kind"):
            batch_op.drop_column(column)
    for name, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for table in PUBLISHED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("published")
    op.drop_index("ix_entity_aliases_name", table_name="entity_aliases")
    op.drop_table("entity_aliases")
