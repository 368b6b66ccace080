"""When the store cannot take writes: the errors that say so, and a check before work."""

from __future__ import annotations

import contextlib
import os
import sqlite3

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from service.store.engine import Database


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
        stats = os.statvfs(os.path.dirname(os.path.abspath(path)))
        if stats.f_bavail * stats.f_frsize < max(min_free_bytes, FULL_BELOW_BYTES):
            raise StoreUnavailable("the disk of the database is full", "full")
    driver = conn.connection.dbapi_connection
    driver.commit()  # no transaction of the pool's may be open here
    try:
        driver.execute("BEGIN IMMEDIATE")
        driver.execute("UPDATE search_window SET low = low WHERE id = 1")
    finally:
        driver.rollback()
