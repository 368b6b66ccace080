"""Finished answers to article reads, kept in memory and served without re-rendering.

Everything under ``/v1/articles/<id>`` (the article, its sections, entities, figures,
dates and quotes) is a function of that article's stored analysis and of the request's
path, query string, ``Accept-Encoding`` (compression), ``Origin`` (CORS) and ``Accept``
(the representation). Each process keeps the finished answers to those GETs (status line,
headers and body bytes exactly as the application produced them) in a least-recently-used
map bounded by ``READ_CACHE_BYTES``, keyed by those five values, with the revision of
the article they were made from. A request with the same key is answered from the map
while the article's revision is unchanged, so a re-analysis or a deletion by any process
or instance is seen at once:

- on PostgreSQL the revision is read from the database for every request (one indexed
  read, ``Store.revision``);
- on SQLite it is read again only when the database's change counter has moved (every
  process that writes articles bumps it after its commit; reading it is a memory load, see
  service/store/changes.py), or when it was last read more than ``RECHECK_SECONDS`` ago,
  which bounds the staleness should a writer die between its commit and its bump.

A cached answer still gets, per request, what the application would give it: a request
id (``X-Request-ID``), a count against the client's read budget with its ``RateLimit-*``
headers, and its metrics under the same route label. Requests that send credentials or
conditional or range headers, methods other than GET and HEAD, and answers other than
200 always go through the application; so does a request over its rate limit, which then
gets the application's 429 problem.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

from flask import Flask, request

from service.http.limits import COUNTED_ENVIRON_KEY
from service.http.limits import HEADERS as RATE_LIMIT_HEADERS
from service.http.observability import REQUEST_ID_HEADER, ROUTE_ENVIRON_KEY, pick_request_id

ARTICLE_ENVIRON_KEY = "article_api.article_id"
# An id holds no control character (the application refuses those with a 422).
_ARTICLE_PATH = re.compile(r"/v1/articles/([^/\x00-\x1f\x7f]+)(?:/.*)?", re.DOTALL)
# Headers that make an answer depend on more than the key: such requests are not served
# from the map (conditional requests get their 304 from the application).
_BYPASS = frozenset({"HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH",
                     "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE",
                     "HTTP_RANGE"})
# Headers made for each request, never stored.
_PER_REQUEST = frozenset(name.lower() for name in (REQUEST_ID_HEADER, *RATE_LIMIT_HEADERS))
_OVERHEAD_BYTES = 512  # what an entry costs besides its body: key, headers, bookkeeping
RECHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Answer:
    revision: tuple
    changes: int | None  # the store's change counter when the revision was last read
    checked: float  # time.monotonic() then
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    route: str

    @property
    def size(self) -> int:
        return len(self.body) + _OVERHEAD_BYTES


class Answers:
    """A least-recently-used map of answers, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8  # one large answer must not flush all the others
        self.bytes = 0
        self._items: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        if answer.size > self.max_entry:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._items[key] = answer
            self.bytes += answer.size
            while self.bytes > self.max_bytes:
                self.bytes -= self._items.popitem(last=False)[1].size


class ReadCache:
    """WSGI middleware around the Flask application's ``wsgi_app``."""

    def __init__(self, app: Flask, wsgi_app, max_bytes: int) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.answers = Answers(max_bytes)

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        match = _ARTICLE_PATH.fullmatch(environ.get("PATH_INFO", "")) \
            if method in ("GET", "HEAD") else None
        if match is None or not _BYPASS.isdisjoint(environ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        store = self.app.extensions["store"]
        key = (environ["PATH_INFO"], environ.get("QUERY_STRING", ""),
               environ.get("HTTP_ACCEPT_ENCODING", ""), environ.get("HTTP_ORIGIN", ""),
               environ.get("HTTP_ACCEPT", ""))
        answer = self.answers.get(key)
        changes = store.changes()  # before the revision is read: a later write moves it
        now = time.monotonic()
        if answer is not None and changes is not None and answer.changes == changes \
                and now - answer.checked < RECHECK_SECONDS:
            return self._serve(answer, method, environ, start_response, started)
        try:
            revision = store.revision(match[1])
        except Exception:  # the application answers, and reports, a failing database
            return self.wsgi_app(environ, start_response)
        if revision is None:
            return self.wsgi_app(environ, start_response)
        if answer is None or answer.revision != revision:
            return self._fill(key, (revision, changes, now), match[1], environ,
                              start_response)
        if changes is not None:
            answer = replace(answer, changes=changes, checked=now)
            self.answers.put(key, answer)
        return self._serve(answer, method, environ, start_response, started)

    def _serve(self, answer: Answer, method: str, environ, start_response, started: float):
        headers = list(answer.headers)
        limiter = self.app.extensions["rate_limiter"]
        if limiter.enabled:
            budget = limiter.hit("read", f"addr:{environ.get('REMOTE_ADDR') or 'unknown'}")
            if budget is not None:
                if budget[3]:  # refused: the application writes the 429 problem
                    environ[COUNTED_ENVIRON_KEY] = budget
                    return self.wsgi_app(environ, start_response)
                headers.extend(zip(RATE_LIMIT_HEADERS, map(str, budget[:3]), strict=True))
        headers.append((REQUEST_ID_HEADER, pick_request_id(environ.get("HTTP_X_REQUEST_ID"))))
        start_response(answer.status, headers)
        self.app.extensions["metrics"].record(method, answer.route, 200,
                                              time.perf_counter() - started)
        return [answer.body] if method == "GET" else [b""]

    def _fill(self, key: tuple, checked: tuple, article_id: str, environ, start_response):
        """Let the application answer; keep a plain 200 answer to a GET of that article."""
        sent: list = []

        def capture(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        if not (sent and sent[0].startswith("200 ") and environ["REQUEST_METHOD"] == "GET"
                and environ.get(ARTICLE_ENVIRON_KEY) == article_id
                and ROUTE_ENVIRON_KEY in environ):
            return result
        headers = tuple((name, value) for name, value in sent[1]
                        if name.lower() not in _PER_REQUEST)
        length = next((value for name, value in headers if name.lower() == "content-length"),
                      None)
        if length is None or int(length) > self.answers.max_entry:
            return result  # streamed or too large to keep
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) == int(length):
            self.answers.put(key, Answer(*checked, sent[0], headers, body,
                                         environ[ROUTE_ENVIRON_KEY]))
        return [body]


def note_article(response):
    """after_request: which article a request was answered about, for the read cache."""
    if request.view_args and "article_id" in request.view_args:
        request.environ[ARTICLE_ENVIRON_KEY] = request.view_args["article_id"]
    return response


def wrapper(app: Flask):
    """The WSGI wrapper serving repeated article reads of ``app`` from memory."""
    return lambda wsgi_app: ReadCache(app, wsgi_app, app.config["READ_CACHE_BYTES"])
