"""Finished answers made from stored articles, kept in each process's memory by the
request's path and query, each with the article's version (its row's key, revision and
content hash) it was made from. The view reads the stored version on every request, in the
same query that would read the document (service/store/documents.py): a kept answer is
used only while its version is still the stored one, and its document is then not read. A
re-analysis or a delete changes the version, so nothing stale is ever served.

Only the body and its headers are kept: the request still goes through the whole
application (rate limits, API keys, request id, metrics, compression, CORS); what is saved
is reading and decoding the document and dumping it through its schema.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple


class Answer(NamedTuple):
    """A kept answer: the version of the article it was made from, its tag, its body and
    its headers (its content type, its ``Link`` for a list page, and its validators)."""

    version: tuple
    tag: str
    body: bytes
    headers: list[tuple[str, str]]


class Answers:
    """A least-recently-used map of answers by request (path and query), bounded by the
    total size of the bodies in bytes (``0``: nothing is kept); one answer may take at
    most an eighth of it. A newer version's answer replaces the older one."""

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
        size = len(answer.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.bytes += size - (len(old.body) if old is not None else 0)
            self._items[key] = answer
            while self.bytes > self.max_bytes:
                self.bytes -= len(self._items.popitem(last=False)[1].body)
