"""Engines for SQLite and PostgreSQL, and the database every part of the store shares."""

from __future__ import annotations

import orjson
from sqlalchemy import Select, create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# Lists count their items up to this many; past it, ``total`` is a lower bound (the
# convention of Elasticsearch's track_total_hits).
TOTAL_LIMIT = 10_000
# Full-text search ranks the most recently stored matching articles, at most this many.
SEARCH_CANDIDATES = 200
# PostgreSQL search first tests this many of the newest articles, to learn how common the
# query's words are and so how to find the candidates (see search.pg_candidates).
SEARCH_SAMPLE = 200
# SQLite's recent full-text index keeps about this many of the newest articles (it lets go
# of the older ones a quarter window at a time).
SEARCH_WINDOW = 10_000


def make_engine(url: str, **kwargs) -> Engine:
    """An engine for SQLite (foreign keys on, WAL) or PostgreSQL."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("json_deserializer", orjson.loads)
    kwargs.setdefault("json_serializer", lambda value: orjson.dumps(value).decode())
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """An article database: its engine and sessions, and the limits of its lists and
    searches."""

    def __init__(self, engine: Engine, *, total_limit: int = TOTAL_LIMIT,
                 search_candidates: int = SEARCH_CANDIDATES,
                 search_sample: int = SEARCH_SAMPLE,
                 search_window: int = SEARCH_WINDOW) -> None:
        self.engine = engine
        self.total_limit = total_limit
        self.search_candidates = search_candidates
        self.search_sample = search_sample
        self.search_window = search_window
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def count(self, session: Session, query: Select) -> tuple[int, bool]:
        """How many rows ``query`` gives, counted up to ``total_limit``; and whether that
        is the exact number (else it is a lower bound)."""
        found = session.scalar(select(func.count()).select_from(
            query.limit(self.total_limit + 1).subquery()))
        return min(found, self.total_limit), found <= self.total_limit

    def close(self) -> None:
        self.engine.dispose()


def upsert_insert(dialect: str):
    """The INSERT construct of ``dialect``, which has ON CONFLICT."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def plan_without(session: Session, *methods: str) -> None:
    """Turn planner methods off (``enable_<method>``) for the rest of the session's
    transaction, on PostgreSQL: where its estimates pick a plan that grows with the
    archive. JIT compilation goes off too: a statement left with only disabled plans
    (a small table read by a sequential scan) is costed past JIT's thresholds, and
    compiling it takes milliseconds."""
    session.execute(text("; ".join([*(f"SET LOCAL enable_{method} = off" for method in methods),
                                    "SET LOCAL jit = off"])))
