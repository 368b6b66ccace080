"""Finished answers made from stored articles, kept in each process's memory by the
article's version (its row's key, revision and content hash) and the request's path and
query: a re-analysis or a delete changes the version, so nothing stale is ever served.

Only the body is kept: the request still goes through the whole application (rate
limits, API keys, request id, metrics, compression, CORS) and the view reads the stored
version first; what is saved is decoding the document and making its JSON.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class Answers:
    """A least-recently-used map of answer bodies, bounded by their total size in bytes
    (``0``: nothing is kept); one answer may take at most an eighth of it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.bytes += len(body) - (len(old) if old is not None else 0)
            self._items[key] = body
            while self.bytes > self.max_bytes:
                self.bytes -= len(self._items.popitem(last=False)[1])
