"""SQLite: a second full-text index holding only the most recently stored articles

FTS5's bm25 counts, on every search, the articles holding each word of the query: in a
large archive that count, not finding the matches, is most of a search's time. Searches
whose newest matches all lie among the recent articles rank them in this small index.
``search_window.low`` is the primary key below which articles have left it: the index
holds exactly the articles with ``pk > low`` (kept so by the triggers below and by
``Store._slide_search_window``). PostgreSQL needs nothing: ts_rank counts no documents.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The window's size when this was written (service.store.repository.SEARCH_WINDOW).
WINDOW = 10_000
RECENT = "articles_fts_recent"
IN_WINDOW = "(SELECT low FROM search_window)"

SQLITE_UP = [
    """CREATE TABLE search_window (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           low INTEGER NOT NULL)""",
    f"""INSERT INTO search_window (id, low)
        VALUES (1, max(coalesce((SELECT max(pk) FROM articles), 0) - {WINDOW}, 0))""",
    f"""CREATE VIRTUAL TABLE {RECENT} USING fts5(
           search_text, content='articles', content_rowid='pk',
           tokenize='porter unicode61 remove_diacritics 2')""",
    # Never 'rebuild' this index: that would fill it from every article.
    f"""INSERT INTO {RECENT} (rowid, search_text)
        SELECT pk, search_text FROM articles WHERE pk > {IN_WINDOW}""",
    f"""CREATE TRIGGER {RECENT}_insert AFTER INSERT ON articles
        WHEN new.pk > {IN_WINDOW} BEGIN
           INSERT INTO {RECENT} (rowid, search_text) VALUES (new.pk, new.search_text);
       END""",
    f"""CREATE TRIGGER {RECENT}_delete AFTER DELETE ON articles
        WHEN old.pk > {IN_WINDOW} BEGIN
           INSERT INTO {RECENT} ({RECENT}, rowid, search_text)
           VALUES ('delete', old.pk, old.search_text);
       END""",
    f"""CREATE TRIGGER {RECENT}_update AFTER UPDATE OF search_text ON articles
        WHEN old.pk > {IN_WINDOW} BEGIN
           INSERT INTO {RECENT} ({RECENT}, rowid, search_text)
           VALUES ('delete', old.pk, old.search_text);
           INSERT INTO {RECENT} (rowid, search_text) VALUES (new.pk, new.search_text);
       END""",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {RECENT}_update",
    f"DROP TRIGGER IF EXISTS {RECENT}_delete",
    f"DROP TRIGGER IF EXISTS {RECENT}_insert",
    f"DROP TABLE IF EXISTS {RECENT}",
    "DROP TABLE IF EXISTS search_window",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
