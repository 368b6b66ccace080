"""Reading stored documents: one indexed query per read, on kept connections of the pool."""

from __future__ import annotations

import functools
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

import orjson
from sqlalchemy import Text, and_, bindparam, case, cast, select
from sqlalchemy.engine import Dialect, Engine

from service.store.engine import Database
from service.store.models import Article, StoryMember
from service.store.rows import decoded


@dataclass(frozen=True)
class StoredDocument:
    """An article's stored document and what identifies that stored analysis: the row's
    key (never given again after a delete), its revision (one more at each re-analysis)
    and the content hash. Anything derived from the document may be kept by ``version``;
    the document is decoded from its JSON when first asked for. ``json`` is None when the
    reader said it knew this version already: the document was then not read."""

    json: str | None
    version: tuple[int, int, str]
    # The article's story and its relation there (service/store/stories.py), or None.
    story: tuple[int, str] | None = None

    @cached_property
    def document(self) -> dict:
        return with_story(decoded(orjson.loads(self.json)), self.story)


def with_story(document: dict, story: tuple[int, str] | None) -> dict:
    """A document with its story's id and its relation there (both None without one)."""
    story_id, relation = story or (None, None)
    return {**document, "story_id": story_id, "relation": relation}


_VERSION = (Article.pk, Article.revision, Article.content_hash)
# Whether the stored version is the one the reader knows (never, when it knows none).
_KNOWN = and_(Article.pk == bindparam("pk"), Article.revision == bindparam("revision"),
              Article.content_hash == bindparam("content_hash"))
# Built once: a statement's construction costs more than its execution on a warm pool.
# The document as its JSON text, decoded only when used, and left out (NULL) when the
# reader knows the stored version already.
_READ = select(*_VERSION, case((_KNOWN, None), else_=cast(Article.document, Text)).label("json"),
               StoryMember.story_id, StoryMember.relation) \
    .outerjoin(StoryMember, StoryMember.article_pk == Article.pk) \
    .where(Article.id == bindparam("id"))
_READ_VERSION = select(*_VERSION).where(Article.id == bindparam("id"))


# The parameters of ``_READ``, in the order ``read`` gives their values.
_PARAMETERS = ("id", "pk", "revision", "content_hash")


@functools.lru_cache(maxsize=4)
def _compiled(dialect: Dialect) -> tuple[str, Callable[[tuple], tuple | dict]]:
    """``_READ`` as the driver of ``dialect`` takes it, compiled once: its SQL, and what
    makes its parameters (by position or by name, as the driver takes them) of the values
    of ``_PARAMETERS``."""
    compiled = _READ.compile(dialect=dialect)
    if compiled.positional:
        return compiled.string, itemgetter(*(_PARAMETERS.index(name)
                                              for name in compiled.positiontup))
    return compiled.string, lambda values: dict(zip(_PARAMETERS, values, strict=True))


class _Kept:
    """A few connections of an engine's pool kept checked out between reads, at most
    ``KEEP``: the pool's checkout and return (its lock, events and bookkeeping) cost more
    than this read. Each is rolled back after its read, as the pool does on return. They
    belong to one pool of one process: a disposed pool's are closed, and a forked child
    leaves its parent's alone (a connection is never used by two processes)."""

    KEEP = 4

    def __init__(self, engine: Engine) -> None:
        self.pool, self.pid = engine.pool, os.getpid()
        self.connections: list = []

    def current(self, engine: Engine) -> bool:
        return self.pool is engine.pool and self.pid == os.getpid()


_KEPT: weakref.WeakKeyDictionary[Engine, _Kept] = weakref.WeakKeyDictionary()
_LEFT_BY_PARENT: list = []  # never closed nor collected in a forked child


def _kept(engine: Engine) -> _Kept:
    kept = _KEPT.get(engine)
    if kept is None or not kept.current(engine):
        if kept is not None and kept.pid == os.getpid():
            for conn in kept.connections:
                conn.close()
        elif kept is not None:
            _LEFT_BY_PARENT.append(kept)
        kept = _KEPT[engine] = _Kept(engine)
    return kept


def _fetch_one(engine: Engine, sql: str, parameters) -> tuple | None:
    """The first row of ``sql`` on a kept connection, else one from the pool; a kept one
    that fails (gone stale while kept) is dropped and the read made once more."""
    kept = _kept(engine)
    try:
        conn, was_kept = kept.connections.pop(), True
    except IndexError:
        conn, was_kept = engine.raw_connection(), False
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(sql, parameters)
            row = cursor.fetchone()
        finally:
            cursor.close()
        conn.rollback()
    except engine.dialect.loaded_dbapi.Error:
        conn.invalidate()
        if was_kept:
            return _fetch_one(engine, sql, parameters)
        raise
    except BaseException:
        conn.close()
        raise
    if len(kept.connections) < kept.KEEP and _KEPT.get(engine) is kept:
        kept.connections.append(conn)
    else:  # enough kept, or the pool was replaced meanwhile
        conn.close()  # back to the pool
    return row


def read(db: Database, article_id: str,
         known: tuple[int, int, str] | None = None) -> StoredDocument | None:
    """An article's document with its version, in one indexed query (None when absent).
    ``known``: a version the caller holds what it needs of; when it is still the stored
    one, the document is not read (``json`` None).

    The compiled statement runs through the driver itself, on a kept connection of the
    engine's pool: for a query this small, SQLAlchemy's execution and result objects and
    the pool's checkout cost several times the query (bench/read_ceiling.py)."""
    engine = db.engine
    sql, parameters = _compiled(engine.dialect)
    row = _fetch_one(engine, sql, parameters((article_id, *(known or (None, None, None)))))
    if row is None:
        return None
    pk, revision, content_hash, json, story_id, relation = row
    return StoredDocument(json, (pk, revision, content_hash),
                          (story_id, relation) if story_id is not None else None)


def version(db: Database, article_id: str) -> tuple[int, int, str] | None:
    """What identifies the stored analysis of an article now (None when absent)."""
    with db.engine.connect() as conn:
        row = conn.execute(_READ_VERSION, {"id": article_id}).first()
    return tuple(row) if row is not None else None


def by_hash(db: Database, content_hash: str) -> dict | None:
    with db.engine.connect() as conn:
        document = conn.execute(select(Article.document)
                                .where(Article.content_hash == content_hash)).scalar()
    return decoded(document) if document is not None else None
