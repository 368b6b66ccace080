"""SQLite: article primary keys are never reused (AUTOINCREMENT)

Without AUTOINCREMENT, SQLite gives a new row the largest key in the table plus one: an
article stored after the newest one was deleted got the deleted article's key, and
everything keyed by it (cached documents and answers, the recent search window) could
take the new article for the old one. The table is rebuilt with the same rows, keys,
indexes and triggers; its key column becomes ``INTEGER PRIMARY KEY AUTOINCREMENT``.
The rows that reference articles keep their keys and references: the rebuild runs with
foreign keys off, as SQLite prescribes for changing a table, and checks them after. PostgreSQL needs
nothing: its sequences never hand out a value twice.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
import re

from alembic import op
from sqlalchemy import text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_KEY_COLUMN = re.compile(r"\bpk INTEGER NOT NULL\s*,")
_KEY_CONSTRAINT = re.compile(r"PRIMARY KEY \(pk\),\s*")


def _rebuild(autoincrement: bool) -> None:
    conn = op.get_bind()
    table_sql = conn.execute(text(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles'")).scalar()
    if ("AUTOINCREMENT" in table_sql) == autoincrement:
        return
    if autoincrement:
        if not (_KEY_COLUMN.search(table_sql) and _KEY_CONSTRAINT.search(table_sql)):
            raise RuntimeError("unexpected definition of the articles table")
        new_sql = _KEY_CONSTRAINT.sub("", _KEY_COLUMN.sub(
            "pk INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", table_sql, count=1), count=1)
    else:
        new_sql = table_sql.replace("pk INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,",
                                    "pk INTEGER NOT NULL,", 1)
        new_sql = new_sql.replace("UNIQUE (content_hash)",
                                  "PRIMARY KEY (pk), \n\tUNIQUE (content_hash)", 1)
    dependents = conn.execute(text(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'articles' "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name")).all()
    # SQLite's way to change a table (sqlite.org/lang_altertable.html, "other kinds of
    # table schema changes"): foreign keys off, which it allows outside a transaction
    # only, so the migrations before this one are committed first; then one transaction.
    driver = conn.connection.dbapi_connection
    driver.commit()
    driver.execute("PRAGMA foreign_keys = OFF")
    driver.execute("BEGIN IMMEDIATE")
    for kind, name, _ in dependents:
        driver.execute(f'DROP {kind.upper()} "{name}"')
    # A renamed table's definition names it in quotes.
    driver.execute(re.sub(r'^CREATE TABLE "?articles"?', "CREATE TABLE articles_0009",
                          new_sql, count=1))
    driver.execute("INSERT INTO articles_0009 SELECT * FROM articles")
    driver.execute("DROP TABLE articles")
    driver.execute("ALTER TABLE articles_0009 RENAME TO articles")
    for _, _, sql in dependents:
        driver.execute(sql)
    broken = driver.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        driver.rollback()
        raise RuntimeError(f"rebuilding the articles table would break references: {broken}")
    driver.commit()
    driver.execute("PRAGMA foreign_keys = ON")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=False)
