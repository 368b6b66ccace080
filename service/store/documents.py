"""Reading stored documents: a cache of decoded documents, checked against each
article's revision, read on connections kept for that."""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict

from sqlalchemy import select

from service.store.engine import Database
from service.store.models import Article
from service.store.rows import decoded


class DocumentCache:
    """A small least-recently-used map of decoded documents, checked against a revision."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[tuple, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, revision: tuple) -> dict | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != revision:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, revision: tuple, document: dict) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = (revision, document)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Documents:
    """The stored documents of ``db``, by article id or content hash."""

    def __init__(self, db: Database, cache_size: int = 256) -> None:
        self.db = db
        self.cache = DocumentCache(cache_size)
        self._probes = threading.local()
        self._probes_lock = threading.Lock()
        self._probe_connections: list = []

    def get(self, article_id: str) -> dict | None:
        """An article's document; the decoded JSON is reused while its row is unchanged.

        Every call asks the database for the row's revision (a small indexed read), so a
        write by another process is seen at once; only the large document is cached.
        """
        revision = self.revision(article_id)
        if revision is None:
            return None
        document = self.cache.get(article_id, revision)
        if document is None:
            with self.db.engine.connect() as conn:
                document = conn.execute(
                    select(Article.document).where(Article.pk == revision[0])).scalar()
            if document is None:  # deleted since its revision was read
                return None
            document = decoded(document)
            self.cache.put(article_id, revision, document)
        return document

    def by_hash(self, content_hash: str) -> dict | None:
        with self.db.sessions() as session:
            document = session.scalar(
                select(Article.document).where(Article.content_hash == content_hash))
        return decoded(document) if document is not None else None

    def revision(self, article_id: str) -> tuple | None:
        """What identifies the stored analysis of an article now (None when absent).

        One indexed read, without the ORM, on a connection each thread keeps for this
        (outside the pool, in autocommit: it never holds a transaction or a snapshot
        between reads). Callers that keep something derived from a document
        (service/http/read_cache.py) ask it for every request.
        """
        connection = getattr(self._probes, "connection", None)
        if connection is None:
            connection = self._probes.connection = self._probe_connection()
        try:
            cursor = connection.execute(self._revision_sql, (article_id,))
            rows = cursor.fetchall()  # to the end: SQLite then ends the read at once
        except Exception:
            self._probes.connection = None
            self._close_probe(connection)
            raise
        return tuple(rows[0]) if rows else None

    @property
    def _revision_sql(self) -> str:
        mark = "?" if self.db.engine.dialect.paramstyle == "qmark" else "%s"
        # The content hash too: whatever is keyed by a revision changes with the content,
        # even should a key ever be reused.
        return f"SELECT pk, revision, content_hash FROM articles WHERE id = {mark}"

    def _probe_connection(self):
        fairy = self.db.engine.raw_connection()
        connection = fairy.driver_connection
        fairy.detach()
        if self.db.dialect == "postgresql":
            connection.autocommit = True
        else:
            connection.isolation_level = None  # autocommit
        with self._probes_lock:
            self._probe_connections.append(connection)
        return connection

    def _close_probe(self, connection) -> None:
        with self._probes_lock:
            if connection in self._probe_connections:
                self._probe_connections.remove(connection)
        # Closing a broken connection may fail; it is gone either way.
        with contextlib.suppress(Exception):
            connection.close()

    def close(self) -> None:
        """Close the revision probes' connections."""
        with self._probes_lock:
            probes, self._probe_connections = self._probe_connections, []
        for connection in probes:
            self._close_probe(connection)
        self._probes = threading.local()
