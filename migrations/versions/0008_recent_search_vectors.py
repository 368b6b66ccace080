"""PostgreSQL: a GIN index of the most recently stored articles only

The GIN index on ``articles.search_vector`` reads each query word's whole posting list,
which grows with the archive, even when only the newest matches are wanted. Searches
whose newest matches lie among the recent articles find them in
``articles_search_recent``, whose GIN index holds only those. As on SQLite (0007),
``search_window.low`` is the primary key below which articles have left it: the table
holds exactly the articles with ``pk > low`` (kept so by the triggers below, by the
foreign key's cascade on delete and by ``Store._slide_search_window``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The window's size when this was written (service.store.repository.SEARCH_WINDOW).
WINDOW = 10_000
RECENT = "articles_search_recent"
LOW = "(SELECT low FROM search_window)"

POSTGRESQL_UP = [
    """CREATE TABLE search_window (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           low INTEGER NOT NULL)""",
    f"""INSERT INTO search_window (id, low)
        VALUES (1, greatest(coalesce((SELECT max(pk) FROM articles), 0) - {WINDOW}, 0))""",
    f"""CREATE TABLE {RECENT} (
           pk INTEGER PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
           search_vector tsvector NOT NULL)""",
    f"""INSERT INTO {RECENT} (pk, search_vector)
        SELECT pk, search_vector FROM articles WHERE pk > {LOW}""",
    f"CREATE INDEX ix_{RECENT}_vector ON {RECENT} USING GIN (search_vector)",
    # Statement triggers: one INSERT ... SELECT per multi-row insert of articles.
    f"""CREATE FUNCTION {RECENT}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {RECENT} (pk, search_vector)
            SELECT pk, search_vector FROM new_articles WHERE pk > {LOW};
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER {RECENT}_insert AFTER INSERT ON articles
        REFERENCING NEW TABLE AS new_articles
        FOR EACH STATEMENT EXECUTE FUNCTION {RECENT}_insert()""",
    f"""CREATE FUNCTION {RECENT}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {RECENT} SET search_vector = new_articles.search_vector
            FROM new_articles
            WHERE {RECENT}.pk = new_articles.pk
              AND {RECENT}.search_vector IS DISTINCT FROM new_articles.search_vector;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER {RECENT}_update AFTER UPDATE ON articles
        REFERENCING NEW TABLE AS new_articles
        FOR EACH STATEMENT EXECUTE FUNCTION {RECENT}_update()""",
]
POSTGRESQL_DOWN = [
    f"DROP TRIGGER IF EXISTS {RECENT}_update ON articles",
    f"DROP TRIGGER IF EXISTS {RECENT}_insert ON articles",
    f"DROP FUNCTION IF EXISTS {RECENT}_update()",
    f"DROP FUNCTION IF EXISTS {RECENT}_insert()",
    f"DROP TABLE IF EXISTS {RECENT}",
    "DROP TABLE IF EXISTS search_window",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_DOWN:
            op.execute(statement)
