"""Reading stored documents: one indexed query per read, on the pool's connections."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

import orjson
from sqlalchemy import Text, and_, bindparam, case, cast, select
from sqlalchemy.engine import Dialect

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


def read(db: Database, article_id: str,
         known: tuple[int, int, str] | None = None) -> StoredDocument | None:
    """An article's document with its version, in one indexed query (None when absent).
    ``known``: a version the caller holds what it needs of; when it is still the stored
    one, the document is not read (``json`` None).

    The compiled statement runs on a connection of the engine's pool through the driver
    itself: for a query this small, SQLAlchemy's execution and result objects cost
    several times the query (bench/read_ceiling.py)."""
    sql, parameters = _compiled(db.engine.dialect)
    values = (article_id, *known) if known is not None else (article_id, None, None, None)
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(sql, parameters(values))
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        conn.close()  # back to the pool, rolled back
    if row is None:
        return None
    pk, revision, content_hash, json, story_id, relation = row
    story = (story_id, relation) if story_id is not None else None
    return StoredDocument(json, (pk, revision, content_hash), story)


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
