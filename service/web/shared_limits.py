"""Rate limit counters that every process of an instance sees: a ``limits`` storage in files
(``shared://``), for the embedded default where there is no Redis.

Fixed windows (the request budgets, counted on every request) are slots of a file that
each process maps into memory (``<path>-windows``): a count holds that file's lock (fcntl)
and its process's lock for microseconds, and runs no database statement (a statement lets
the other threads of the process run in the middle of it, which costs more than the count
itself under load). Moving windows (entries with an amount: the analysis-seconds budget,
spent only by requests that analyze) are rows of a SQLite file (``<path>``).

gunicorn loads the application once and forks its workers (``preload_app``): the storage
is made in the parent with the files' path only, and each process opens them on first
use, so every worker counts against the same windows. The threads of a process take turns
on its one SQLite connection: threads waiting on a lock cost less than connections of one
process contending for the file's write lock (SQLite's busy handler sleeps a millisecond
or more per try). ``shared://`` puts the files in a fresh temporary folder (on
``/dev/shm`` where there is one: memory, no disk writes); ``shared:///path/limits.sqlite3``
names them.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import mmap
import os
import sqlite3
import struct
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from pathlib import Path

from limits.storage import MovingWindowSupport, Storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS moving (key TEXT NOT NULL, at REAL NOT NULL,
                                   amount INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS moving_key_at ON moving (key, at);
"""
SWEEP_SECONDS = 60.0


def _default_path() -> Path:
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) \
        else tempfile.gettempdir()
    return Path(base) / f"article-api-limits-{os.getpid()}-{uuid.uuid4().hex[:12]}.sqlite3"


def _remove(path: Path, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked worker: the file outlives it
        for suffix in ("", "-wal", "-shm", "-windows"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# Every storage of this process, for the child of a fork to forget their parent's state.
_STORAGES: weakref.WeakSet[SharedFileStorage] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for storage in list(_STORAGES):
        storage._forget_parent()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


class FixedWindows:
    """Fixed-window counts in a file mapped into memory: ``SLOTS`` slots of (key digest,
    count, end of the window). A key takes the slot its digest names, else the next of
    ``PROBES`` that is unused or whose window has ended. When all of them hold running
    windows (thousands of clients within one window), the one that ends first gives up its
    slot, and that client's count starts again. Callers hold their process's lock."""

    SLOTS = 1 << 16
    PROBES = 32
    _SLOT = struct.Struct("<16sqd")
    _UNUSED = bytes(16)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = -1
        self._table: mmap.mmap | None = None

    def _mapped(self) -> mmap.mmap:
        if self._table is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            size = self.SLOTS * self._SLOT.size
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)  # zeros: every slot unused
            self._table, self._fd = mmap.mmap(fd, size), fd
        return self._table

    @contextlib.contextmanager
    def _locked(self) -> Iterator[mmap.mmap]:
        table = self._mapped()
        fcntl.lockf(self._fd, fcntl.LOCK_EX)  # against the other processes
        try:
            yield table
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def _slot(self, table: mmap.mmap, digest: bytes, now: float) -> tuple[int, bool]:
        """Where ``digest``'s window is (and True), else the slot to start it in."""
        start, size = int.from_bytes(digest[:8], "little"), self._SLOT.size
        free, soonest = None, None
        for probe in range(self.PROBES):
            at = (start + probe) % self.SLOTS * size
            stored, _, ends = self._SLOT.unpack_from(table, at)
            if stored == digest:
                return at, True
            if stored == self._UNUSED:  # never used: the key is in no later slot
                return (at if free is None else free), False
            if free is None and ends <= now:
                free = at
            if soonest is None or ends < soonest[1]:
                soonest = (at, ends)
        return (free if free is not None else soonest[0]), False

    def count(self, key: str, expiry: float, amount: int, now: float) -> tuple[int, float]:
        digest = _digest(key)
        table = self._mapped()
        fcntl.lockf(self._fd, fcntl.LOCK_EX)  # as ``_locked``, without a generator: each
        try:                                  # request counts
            at, found = self._slot(table, digest, now)
            _, count, ends = self._SLOT.unpack_from(table, at)
            if found and ends > now:
                count += amount
            else:
                count, ends = amount, now + expiry
            self._SLOT.pack_into(table, at, digest, count, ends)
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)
        return count, ends

    def window(self, key: str, now: float) -> tuple[int, float] | None:
        """The count of ``key``'s running window and when it ends (None: none runs)."""
        digest = _digest(key)
        with self._locked() as table:
            at, found = self._slot(table, digest, now)
            _, count, ends = self._SLOT.unpack_from(table, at)
        return (count, ends) if found and ends > now else None

    def clear(self, key: str, now: float) -> None:
        digest = _digest(key)
        with self._locked() as table:
            at, found = self._slot(table, digest, now)
            if found:  # ended: its slot is free again
                self._SLOT.pack_into(table, at, digest, 0, 0.0)

    def reset(self, now: float) -> int:
        """Forget every window; how many were running."""
        with self._locked() as table:
            running = sum(1 for at in range(0, len(table), self._SLOT.size)
                          if self._SLOT.unpack_from(table, at)[2] > now)
            table[:] = bytes(len(table))
        return running


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
        self._windows = FixedWindows(Path(f"{self.path}-windows"))
        self._next_sweep = 0.0
        _STORAGES.add(self)

    def _forget_parent(self) -> None:
        """In a forked child: the parent's connection is not this process's, and its lock
        may have been held by a thread that the child does not have."""
        self._lock = threading.Lock()
        self._conn = None

    @property
    def base_exceptions(self):
        return sqlite3.Error, OSError

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
        conn.execute("DELETE FROM moving WHERE at <= ?", (now - 24 * 3600,))

    # -- fixed windows ----------------------------------------------------------------------

    def count(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """Add ``amount`` to the window of ``key``: its count and when it ends."""
        with self._lock:
            return self._windows.count(key, expiry, amount, time.time())

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        return self.count(key, expiry, amount)[0]

    def get(self, key: str) -> int:
        with self._lock:
            window = self._windows.window(key, time.time())
        return window[0] if window else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self._lock:
            window = self._windows.window(key, now)
        return window[1] if window else now

    def check(self) -> bool:
        try:
            with self._db() as conn:
                conn.execute("SELECT 1")
                self._windows._mapped()
        except (sqlite3.Error, OSError):
            return False
        return True

    def reset(self) -> int:
        with self._db() as conn:
            cleared = conn.execute("SELECT count(DISTINCT key) FROM moving").fetchone()[0]
            conn.execute("DELETE FROM moving")
            return cleared + self._windows.reset(time.time())

    def clear(self, key: str) -> None:
        with self._db() as conn:
            conn.execute("DELETE FROM moving WHERE key = ?", (key,))
            self._windows.clear(key, time.time())

    # -- moving windows ---------------------------------------------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Add ``amount`` to the moving window of ``key`` if it stays within ``limit``."""
        if amount > limit:
            return False
        now = time.time()
        with self._db() as conn:
            self._sweep(conn, now)
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
