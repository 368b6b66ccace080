"""The article store: one object over the database, the functions of the modules beside
this one (adds in rows, reads in documents, search, archive and stories) as its methods,
and the re-analyses and deletes of articles."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, text, update

from service.nlp.pipeline import Request
from service.store import archive, documents, rows, search, stories, story_reads
from service.store.engine import Database, check_writable, make_engine
from service.store.models import Article
from service.store.rows import ARTICLE_ROWS, derived_columns, uncount


class Store(Database):
    """Articles in a relational database (SQLite or PostgreSQL)."""

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    def create_schema(self) -> None:
        from service.store.migrations import upgrade_database

        upgrade_database(self.engine.url.render_as_string(hide_password=False))

    def replace(self, article_id: str, document: dict) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).one()
            uncount(conn, row.pk, row.document)
            for table in ARTICLE_ROWS:
                conn.execute(delete(table).where(table.article_pk == row.pk))
            doc = {**document, "id": article_id, "created_at": row.document["created_at"]}
            conn.execute(update(Article).where(Article.pk == row.pk).values(
                **derived_columns(doc), revision=Article.revision + 1))
            self._write_index(conn, [(row.pk, doc)])

    def delete(self, article_id: str) -> bool:
        story = stories.membership(self, article_id)
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).first()
            if row is None:
                return False
            uncount(conn, row.pk, row.document)
            conn.execute(delete(Article).where(Article.pk == row.pk))
        if story is not None:
            stories.after_delete(self, story[0])
        return True

    def source(self, article_id: str) -> Request | None:
        with self.sessions() as session:
            row = session.execute(select(
                Article.raw_text, Article.raw_format, Article.published_given,
                Article.source_url).where(Article.id == article_id)).first()
        return Request(*row) if row else None

    def outdated(self, provenance: dict | None) -> list[str]:
        """Ids of articles analyzed by another pipeline version or model (all when None)."""
        query = select(Article.id).order_by(Article.pk)
        if provenance is not None:
            query = query.where(or_(
                Article.pipeline_version != provenance["version"],
                Article.model != provenance["model"],
                Article.model_version != provenance["model_version"]))
        with self.sessions() as session:
            return list(session.scalars(query))

    def optimize(self) -> None:
        """Tidy the full-text index after a bulk ingest (FTS5 merges its segments, the GIN
        index takes in its pending list), so that a search reads one structure."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                for index in ("articles_fts", "articles_fts_recent"):
                    conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
                conn.execute(text("PRAGMA optimize"))
            else:
                for index in ("ix_articles_search_vector", "ix_articles_search_recent_vector"):
                    conn.execute(text(f"SELECT gin_clean_pending_list('{index}')"))

    def get(self, article_id: str) -> dict | None:
        stored = documents.read(self, article_id)
        return stored.document if stored is not None else None

    add = rows.add  # an analysis stored: the stored article and whether it was new
    add_many = rows.add_many
    _write_index = rows.write_derived
    check_writable = check_writable
    read = documents.read  # an article's document and version (not read when ``known``)
    get_by_hash = documents.by_hash
    revision = documents.version  # (key, revision, content hash) of the stored analysis
    list_articles = search.list_articles
    list_entities = archive.list_entities
    get_entity_total = archive.get_entity_total
    entity_articles = archive.entity_articles
    list_figures = archive.list_figures
    list_stories = story_reads.list_stories
    get_story = story_reads.get_story
    related = story_reads.related  # the other members of an article's story
    story_of = stories.membership  # an article's story id and its relation there
    story_origin = story_reads.origin_id
