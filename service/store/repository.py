"""The article store: one object over the database and the modules beside this one
(writes, documents, search, archive, faults)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from service.nlp.pipeline import Request
from service.store import archive, documents, faults, search, stories, story_reads, writes
from service.store.documents import StoredDocument
from service.store.engine import Database, make_engine
from service.store.values import ArticleFilter, FigureFilter, Listing, Page


class Store(Database):
    """Articles in a relational database (SQLite or PostgreSQL)."""

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    def create_schema(self) -> None:
        """Create or upgrade the schema through the migrations."""
        from service.store.migrations import upgrade_database

        upgrade_database(self.engine.url.render_as_string(hide_password=False))

    def check_writable(self, min_free_bytes: int = 0) -> None:
        faults.check_writable(self, min_free_bytes)

    # -- writes (service/store/writes.py) ---------------------------------------------------

    def add(self, document: dict, source: Request | None = None, *,
            now: dt.datetime | None = None) -> tuple[dict, bool]:
        """Store an analysis; returns the stored article and whether it was new.

        The same content posted twice (even concurrently) is stored once: the unique
        content hash decides, not a check before the insert.
        """
        return self.add_many([(document, source)], now=now)[0]

    def add_many(self, items: Iterable[tuple[dict, Request | None]], *,
                 now: dt.datetime | None = None) -> list[tuple[dict, bool]]:
        return writes.add_many(self, items, now=now, write_rows=self._write_index)

    def replace(self, article_id: str, document: dict) -> None:
        writes.replace(self, article_id, document, self._write_index)

    def _write_index(self, conn: Connection, articles: list[tuple[int, dict]]) -> None:
        """The rows derived from added or re-analyzed articles: one method of the store
        for both write paths, so that they can be observed, or made to fail, together."""
        writes.write_index(self, conn, articles)
        stories.join(self, conn, articles)

    def delete(self, article_id: str) -> bool:
        story_id = stories.story_of(self, article_id)
        deleted = writes.delete_article(self, article_id)
        if deleted and story_id is not None:
            stories.after_delete(self, story_id)
        return deleted

    def source(self, article_id: str) -> Request | None:
        return writes.source(self, article_id)

    def outdated(self, provenance: dict | None) -> list[str]:
        return writes.outdated(self, provenance)

    def optimize(self) -> None:
        writes.optimize(self)

    # -- documents (service/store/documents.py) ---------------------------------------------

    def read(self, article_id: str, known: tuple | None = None) -> StoredDocument | None:
        """An article's document and its version, in one query; the document is left out
        when ``known`` is still the stored version."""
        return documents.read(self, article_id, known)

    def get(self, article_id: str) -> dict | None:
        stored = documents.read(self, article_id)
        return stored.document if stored is not None else None

    def get_by_hash(self, content_hash: str) -> dict | None:
        return documents.by_hash(self, content_hash)

    def revision(self, article_id: str) -> tuple | None:
        """The version of an article's stored analysis: (key, revision, content hash)."""
        return documents.version(self, article_id)

    # -- lists (service/store/search.py, service/store/archive.py) --------------------------

    def list_articles(self, filters: ArticleFilter, page: Page) -> Listing:
        return search.list_articles(self, filters, page)

    def list_entities(self, q: str | None, type_: str | None, page: Page,
                      collapse: str | None = None) -> Listing:
        if collapse:
            return story_reads.list_entities_by_story(self, q, type_, page)
        return archive.list_entities(self, q, type_, page)

    def get_entity_total(self, key: str) -> dict | None:
        return archive.get_entity_total(self, key)

    def entity_articles(self, key: str, page: Page) -> Listing:
        return archive.entity_articles(self, key, page)

    def list_figures(self, filters: FigureFilter, page: Page) -> Listing:
        return archive.list_figures(self, filters, page)

    # -- stories (service/store/stories.py, service/store/story_reads.py) -------------------

    def list_stories(self, page: Page, min_members: int = 1) -> Listing:
        return story_reads.list_stories(self, page, min_members)

    def get_story(self, story_id: int) -> dict | None:
        return story_reads.get_story(self, story_id)

    def related(self, article_id: str) -> list[dict] | None:
        """The other members of an article's story; None when there is no article."""
        return story_reads.related(self, article_id)

    def story_of(self, article_id: str) -> tuple[int, str] | None:
        """An article's story id and its relation there."""
        return story_reads.membership(self, article_id)

    def story_origin(self, story_id: int) -> str | None:
        return story_reads.origin_id(self, story_id)
