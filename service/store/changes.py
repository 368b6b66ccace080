"""A counter of committed article changes, shared by the processes of one SQLite database.

Every process that writes articles through ``Store`` on a SQLite file (the service's
workers, ``article-api ingest``, ``reanalyze``) adds one to the counter after each commit
that adds, replaces or deletes articles. The counter is 8 bytes in a file beside the
database (``<database>-changes``, as SQLite keeps ``<database>-wal`` and ``-shm``), mapped
into memory: reading it is a memory load, with no system call and no database round trip.
Readers that keep something derived from stored articles (service/http/read_cache.py) know
that nothing changed while it reads the same.

A SQLite database is only ever written by processes of one machine, so they all see the
same counter. PostgreSQL is written from several machines: there is no counter, and
``Store.changes`` is None.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
from contextlib import contextmanager
from pathlib import Path

_FORMAT = struct.Struct("<Q")


class ChangeCounter:
    """The shared counter in the file at ``path`` (created when missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            with _locked(fd):
                if os.fstat(fd).st_size < _FORMAT.size:
                    os.ftruncate(fd, _FORMAT.size)
            self._map = mmap.mmap(fd, _FORMAT.size)
        finally:
            os.close(fd)  # the mapping stays valid without the descriptor

    @classmethod
    def beside(cls, database: str | None) -> ChangeCounter | None:
        """The counter of a SQLite database file, or None (in memory, or not writable)."""
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        try:
            return cls(Path(f"{database}-changes"))
        except OSError:
            return None

    def value(self) -> int:
        return _FORMAT.unpack_from(self._map, 0)[0]

    def bump(self) -> None:
        """Add one; several processes may bump at once, none is lost."""
        fd = os.open(self.path, os.O_RDWR)
        try:
            with _locked(fd):
                _FORMAT.pack_into(self._map, 0, self.value() + 1)
        finally:
            os.close(fd)

    def close(self) -> None:
        self._map.close()


@contextmanager
def _locked(fd: int):
    """An exclusive advisory lock on an open file, for the time of a ``with`` block."""
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
