"""What the schemas do not decide about an answer: JSON bytes, the validators of answers
(strong ETags, conditional GETs) and the cache of those made from a stored article, the
unit of offsets, and the ``Link`` header of list pages. The views return data;
``@blp.response`` dumps it through the declared schemas.

Answers made from stored articles are kept in each process's memory by the request's path
and query (``Answers``), each with the article's version (its row's key, revision and
content hash) it was made from. The view reads the stored version on every request, in the
same query that would read the document (service/store/documents.py): a kept answer is
used only while its version is still the stored one, and its document is then not read. A
re-analysis or a delete changes the version, so nothing stale is ever served. Only the body
and its headers are kept: the request still goes through the whole application (rate
limits, API keys, request id, metrics, compression, CORS); what is saved is reading and
decoding the document and dumping it through its schema.

JSON larger than ``COMPRESS_MIN_SIZE`` bytes is compressed (br or gzip, flask-compress) when
the client accepts it. The strong ETag is computed on the uncompressed body; a compressed
answer's tag gets the coding as a suffix (``"<hash>:br"``), so each byte sequence has its
own strong tag, ``If-None-Match`` with either answers 304, and every answer says
``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import quote, urlencode

import orjson
from flask import Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider

from schemas.article import ArticleSchema
from schemas.common import article_links
from service.store.documents import StoredDocument
from service.store.values import Listing

__all__ = ["article_links"]

OFFSET_KEYS = frozenset({"start", "end", "sentence_start"})
_ARTICLE = ArticleSchema()


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, its responses written by orjson: compact UTF-8, keys in the order the
    schemas dump them. Request bodies are still read by the standard library."""

    def response(self, *args, **kwargs) -> Response:
        body = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(body), mimetype=self.mimetype)


def respond(body, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON answer."""
    response = Response(orjson.dumps(body), status=status, mimetype="application/json")
    if headers:
        response.headers.update(headers)
    return response


class Answer(NamedTuple):
    """A kept answer: the version of the article it was made from, its body and its
    headers (its content type, its ``Link`` for a list page, and its validators)."""

    version: tuple
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


def conditional_get(response: Response) -> Response:
    """after_request: strong validators for every successful read; If-None-Match then
    answers 304. An answer made from a stored article has its tag and was validated by its
    view already (``stored_answer``)."""
    if response.status_code == 200 and not response.direct_passthrough \
            and "ETag" not in response.headers and request.method in {"GET", "HEAD"}:
        response.add_etag()
        response.make_conditional(request)
    return response


def stored_answer(read: Callable[[tuple | None], StoredDocument],
                  answer: Callable[[StoredDocument], Response]) -> Response:
    """An answer made from a stored article, validated by that article's version: its
    strong ETag names the stored analysis, so ``If-None-Match`` is answered 304 without
    making the answer. ``read(known)`` reads the stored article (its document left out
    when ``known`` is still its version), ``answer(stored)`` makes the answer. A JSON
    answer kept from an earlier request (``Answers``, by path and query) is reused, body
    and headers, while it was made from the stored version, so that a JSON answer is
    dumped once per version; other formats are made each time. Shared caches may keep it
    but must revalidate: an article can be deleted or re-analyzed at any time."""
    current = request._get_current_object()  # one look-up of the request, not one per use
    chosen = g.get("representation")
    rendered = chosen is not None and chosen.render is not None
    answers = current_app.extensions["answers"]
    key = (current.path, current.query_string)
    kept = None if rendered else answers.get(key)
    stored = read(kept.version if kept is not None else None)
    version = stored.version
    current_kept = kept is not None and kept.version == version
    pk, revision, content_hash = version
    tag = f"{pk}.{revision}.{content_hash.rpartition(':')[2][:16]}"
    if rendered:
        tag = f"{tag}.{chosen.name}"  # each representation its own bytes and tag
    validators = [("ETag", f'"{tag}"'), ("Cache-Control", "no-cache")]
    if "HTTP_IF_NONE_MATCH" in current.environ and current.if_none_match.contains(tag):
        return Response(status=304, headers=validators)
    if current_kept:
        return Response(kept.body, headers=kept.headers)
    response = answer(stored)
    for name, value in validators:
        response.headers[name] = value
    if response.status_code == 200 and not rendered:
        answers.put(key, Answer(version, response.get_data(), [
            ("Content-Type", response.content_type),
            *(("Link", link) for link in response.headers.getlist("Link")),
            *validators]))
    return response


def article_answer(document: dict, status: int = 200, headers: dict | None = None) -> Response:
    """A stored article, as its schema dumps it (the answer of a write)."""
    return respond(_ARTICLE.dump(document), status, headers)


# -- offsets ------------------------------------------------------------------------------

def utf16_table(text: str) -> list[int] | None:
    """Prefix table mapping code-point offsets to UTF-16 offsets; None when they agree."""
    if text.isascii() or all(ord(ch) < 0x10000 for ch in text):
        return None
    widths = (2 if ord(ch) >= 0x10000 else 1 for ch in text)
    return [0, *itertools.accumulate(widths)]


def convert_offsets(data, table: list[int] | None):
    """A copy of ``data`` with every integer ``start``/``end`` mapped through ``table``."""
    if table is None:
        return data
    if isinstance(data, list):
        return [convert_offsets(item, table) for item in data]
    if isinstance(data, dict):
        return {
            key: (table[value] if key in OFFSET_KEYS and type(value) is int
                  else convert_offsets(value, table))
            for key, value in data.items()
        }
    return data


# -- answers ------------------------------------------------------------------------------

def in_unit(data, document: dict, args: dict):
    """``data``, positions in ``document``'s text, in the unit ``args`` ask for: every
    answer made from a stored article passes here."""
    if args.get("offsets") == "utf16":
        return convert_offsets(data, utf16_table(document["text"]))
    return data


def part_page(document: dict, items: list, args: dict) -> tuple[dict, dict]:
    """A page of one of an article's lists, held in memory."""
    number, per_page = args["page"], args["per_page"]
    start = (number - 1) * per_page
    shown = in_unit(items[start:start + per_page], document, args)
    return paged(Listing(shown, len(items)), number, per_page)


def paged(listing: Listing, number: int, per_page: int) -> tuple[dict, dict]:
    """A list envelope and its RFC 8288 ``Link`` header, for ``@blp.response`` to dump.

    ``total`` counts the list up to a limit; ``total_exact`` is false when there are more
    (``total`` is then a lower bound, and there is no ``last`` link).
    """
    body = {"items": listing.items, "page": number, "per_page": per_page,
            "total": listing.total, "total_exact": listing.total_exact}
    return body, {"Link": _links(number, per_page, listing.total, listing.total_exact)}


def _links(number: int, per_page: int, total: int, exact: bool = True) -> str:
    # A lower bound means at least one item after the first ``total``.
    known = total if exact else total + 1
    last = max(1, -(-known // per_page))
    params = {k: v for k, v in request.args.items() if k not in {"page", "per_page"}}

    def url(at: int) -> str:
        # Percent-encoded: raw filter values may hold anything, newlines included.
        query = urlencode({**params, "page": at, "per_page": per_page})
        return f"<{quote(request.path)}?{query}>"

    links = [f'{url(1)}; rel="first"']
    if number > 1:
        links.append(f'{url(min(number - 1, last))}; rel="prev"')
    if number < last:
        links.append(f'{url(number + 1)}; rel="next"')
    if exact:
        links.append(f'{url(last)}; rel="last"')
    return ", ".join(links)
