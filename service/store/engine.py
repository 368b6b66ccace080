"""Engines for SQLite and PostgreSQL, the database every part of the store shares, and
when it cannot take writes: the errors that say so, and a check before work."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3

import orjson
from sqlalchemy import Select, create_engine, event, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
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


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A time as stored (SQLite keeps no zone: every time written is UTC), timezone-aware."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


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


class StoreUnavailable(Exception):
    """The store cannot take writes now (read-only, full or unreachable): a later
    attempt may succeed. ``state`` says which: "unreachable", "read-only", "full"."""

    def __init__(self, message: str, state: str = "unreachable") -> None:
        super().__init__(message)
        self.state = state

    @classmethod
    def of(cls, exc: Exception) -> StoreUnavailable:
        message = first_line(exc)
        lowered = message.lower()
        state = ("read-only" if "readonly" in lowered or "read-only" in lowered
                 else "full" if "full" in lowered or "no space" in lowered
                 else "busy" if "locked" in lowered or "busy" in lowered else "unreachable")
        return cls(message, state)


def _driver_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.OperationalError]
    with contextlib.suppress(ImportError):
        import psycopg

        errors += [psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction]
    return tuple(errors)


# What a store that is down, read-only, full or locked raises (the revision probes use the
# drivers directly; SQLAlchemy wraps them in a DBAPIError): each means "try again later",
# not a fault of the request.
DRIVER_UNAVAILABLE_ERRORS = _driver_errors()
UNAVAILABLE_ERRORS = (StoreUnavailable, DBAPIError, *DRIVER_UNAVAILABLE_ERRORS)


def is_unavailable(exc: Exception) -> bool:
    """Whether ``exc`` says that the store is unavailable (rather than a bug)."""
    if isinstance(exc, (StoreUnavailable, OperationalError, *DRIVER_UNAVAILABLE_ERRORS)):
        return True
    return isinstance(exc, DBAPIError) and isinstance(exc.orig, DRIVER_UNAVAILABLE_ERRORS)


def first_line(exc: Exception) -> str:
    """The first line of what the database said, short enough for a log line."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:200]


def check_writable(db: Database, min_free_bytes: int = 0) -> None:
    """Raise ``StoreUnavailable`` unless the store would take a write now: reachable,
    not read-only, and (SQLite) with ``min_free_bytes`` free beside the database.

    Cheap enough to run before work whose result is to be stored: SQLite takes the
    write lock and changes a row in a transaction it rolls back; PostgreSQL says
    whether it is a read-only server.
    """
    try:
        with db.engine.connect() as conn:
            if db.dialect == "sqlite":
                _check_sqlite_writable(db, conn, min_free_bytes)
            elif not conn.execute(text(
                    "SELECT NOT pg_is_in_recovery() "
                    "AND current_setting('transaction_read_only') = 'off'")).scalar():
                raise StoreUnavailable("the database is read-only", "read-only")
    except UNAVAILABLE_ERRORS as exc:
        if isinstance(exc, StoreUnavailable) or not is_unavailable(exc):
            raise
        raise StoreUnavailable.of(exc) from exc


# A disk with less than this free is full whatever STORE_MIN_FREE_BYTES says (even 0): a
# write would fail on it.
FULL_BELOW_BYTES = 1024 * 1024


def _check_sqlite_writable(db: Database, conn: Connection, min_free_bytes: int) -> None:
    path = db.engine.url.database
    if path and path != ":memory:":
        check_free_space(os.path.dirname(os.path.abspath(path)),
                         max(min_free_bytes, FULL_BELOW_BYTES), "the database")
    driver = conn.connection.dbapi_connection
    driver.commit()  # no transaction of the pool's may be open here
    try:
        driver.execute("BEGIN IMMEDIATE")
        driver.execute("UPDATE search_window SET low = low WHERE id = 1")
    finally:
        driver.rollback()


def check_free_space(directory: str, min_free_bytes: int, what: str) -> None:
    """``StoreUnavailable`` when the disk of ``directory`` (that of ``what``) has less
    than ``min_free_bytes`` (at least one byte) free."""
    stats = os.statvfs(directory)
    if stats.f_bavail * stats.f_frsize < max(1, min_free_bytes):
        raise StoreUnavailable(f"the disk of {what} is full", "full")
