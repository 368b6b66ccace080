"""Rate limit counters that every process of an instance sees: a ``limits`` storage in one
SQLite file (``shared://``), for the embedded default where there is no Redis.

gunicorn loads the application once and forks its workers (``preload_app``): the storage
is made in the parent with the file's path only, and each process opens its own connection
on first use, so every worker counts against the same windows. The threads of a process
take turns on that one connection: an update takes microseconds, and threads waiting on a
lock cost less than connections of one process contending for the file's write lock
(SQLite's busy handler sleeps a millisecond or more per try). ``shared://`` puts the file
in a fresh temporary folder (on ``/dev/shm`` where there is one: memory, no disk writes);
``shared:///path/limits.sqlite3`` names it. Fixed windows serve the request budgets, moving
windows (entries with an amount) the analysis-seconds budget.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sqlite3
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from pathlib import Path

from limits.storage import MovingWindowSupport, Storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fixed (key TEXT PRIMARY KEY, count INTEGER NOT NULL,
                                  ends REAL NOT NULL);
CREATE TABLE IF NOT EXISTS moving (key TEXT NOT NULL, at REAL NOT NULL,
                                   amount INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS moving_key_at ON moving (key, at);
"""
SWEEP_SECONDS = 60.0
# One request counted in its fixed window (a new window once the last one has ended): the
# count and when the window ends, in one statement.
_COUNT = ("INSERT INTO fixed (key, count, ends) VALUES (?1, ?2, ?3 + ?4) "
          "ON CONFLICT (key) DO UPDATE SET "
          "count = CASE WHEN ends <= ?3 THEN ?2 ELSE count + ?2 END, "
          "ends = CASE WHEN ends <= ?3 THEN ?3 + ?4 ELSE ends END "
          "RETURNING count, ends")


def _default_path() -> Path:
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) \
        else tempfile.gettempdir()
    return Path(base) / f"article-api-limits-{os.getpid()}-{uuid.uuid4().hex[:12]}.sqlite3"


def _remove(path: Path, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked worker: the file outlives it
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# Every storage of this process, for the child of a fork to forget their parent's state.
_STORAGES: weakref.WeakSet[SharedFileStorage] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for storage in list(_STORAGES):
        storage._forget_parent()


os.register_at_fork(after_in_child=_after_fork_in_child)


class SharedFileStorage(Storage, MovingWindowSupport):
    """``limits`` storage in a SQLite file shared by the processes of one instance."""

    STORAGE_SCHEME = ["shared"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = (uri or "shared://").removeprefix("shared://")
        self.path = Path(path) if path else _default_path()
        if not path:  # a file of its own: removed when the process that chose it exits
            atexit.register(_remove, self.path, os.getpid())
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._next_sweep = 0.0
        _STORAGES.add(self)

    def _forget_parent(self) -> None:
        """In a forked child: the parent's connection is not this process's, and its lock
        may have been held by a thread that the child does not have."""
        self._lock = threading.Lock()
        self._conn = None

    @property
    def base_exceptions(self):
        return sqlite3.Error

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """This process's connection (made in the process that uses it, after any fork),
        held by one thread at a time."""
        with self._lock:
            if self._conn is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=OFF")
                conn.executescript(_SCHEMA)
                self._conn = conn
            yield self._conn

    def _sweep(self, conn: sqlite3.Connection, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        conn.execute("DELETE FROM fixed WHERE ends <= ?", (now,))
        conn.execute("DELETE FROM moving WHERE at <= ?", (now - 24 * 3600,))

    # -- fixed windows ----------------------------------------------------------------------

    def count(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """Add ``amount`` to the window of ``key``: its count and when it ends."""
        now = time.time()
        with self._db() as conn:
            self._sweep(conn, now)
            return conn.execute(_COUNT, (key, amount, now, expiry)).fetchone()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        return self.count(key, expiry, amount)[0]

    def get(self, key: str) -> int:
        with self._db() as conn:
            row = conn.execute("SELECT count FROM fixed WHERE key = ? AND ends > ?",
                               (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self._db() as conn:
            row = conn.execute("SELECT ends FROM fixed WHERE key = ? AND ends > ?",
                               (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        try:
            with self._db() as conn:
                conn.execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int:
        with self._db() as conn:
            cleared = conn.execute("SELECT (SELECT count(*) FROM fixed) + "
                                   "(SELECT count(DISTINCT key) FROM moving)").fetchone()[0]
            conn.execute("DELETE FROM fixed")
            conn.execute("DELETE FROM moving")
        return cleared

    def clear(self, key: str) -> None:
        with self._db() as conn:
            conn.execute("DELETE FROM fixed WHERE key = ?", (key,))
            conn.execute("DELETE FROM moving WHERE key = ?", (key,))

    # -- moving windows ---------------------------------------------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Add ``amount`` to the moving window of ``key`` if it stays within ``limit``."""
        if amount > limit:
            return False
        now = time.time()
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                used = conn.execute("SELECT coalesce(sum(amount), 0) FROM moving "
                                    "WHERE key = ? AND at > ?",
                                    (key, now - expiry)).fetchone()[0]
                taken = used + amount <= limit
                if taken:
                    conn.execute("INSERT INTO moving (key, at, amount) VALUES (?, ?, ?)",
                                 (key, now, amount))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return taken

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(when the oldest entry of the window was made, the amount in the window)."""
        now = time.time()
        with self._db() as conn:
            oldest, used = conn.execute(
                "SELECT min(at), coalesce(sum(amount), 0) FROM moving "
                "WHERE key = ? AND at > ?", (key, now - expiry)).fetchone()
        return (oldest if oldest is not None else now), used
