"""Finished answers made from stored articles, kept in each process's memory by the
article's version (its row's key, revision and content hash) and the request's path and
query: a re-analysis or a delete changes the version, so nothing stale is ever served.

Only the body and its ``Link`` header are kept: the request still goes through the whole
application (rate limits, API keys, request id, metrics, compression, CORS) and the view
reads the stored version first; what is saved is decoding the document and dumping it
through its schema.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

# A body and its ``Link`` header (None for an answer that is not a list page).
Answer = tuple[bytes, str | None]


class Answers:
    """A least-recently-used map of answers (a body and its ``Link`` header), bounded by
    the total size of the bodies in bytes (``0``: nothing is kept); one answer may take at
    most an eighth of it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        size = len(answer[0])
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.bytes += size - (len(old[0]) if old is not None else 0)
            self._items[key] = answer
            while self.bytes > self.max_bytes:
                self.bytes -= len(self._items.popitem(last=False)[1][0])
