"""The wire shape of every answer: JSON bytes, links, timestamps, the unit of offsets, and
list pages with their ``Link`` headers. Views hand their results here."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from urllib.parse import quote, urlencode

import orjson
from flask import Response, current_app, g, request

from schemas.article import ArticleSchema
from service.store.documents import StoredDocument
from service.store.values import Listing

ARTICLE_LISTS = ("sections", "entities", "figures", "dates", "quotes")
ARTICLE_FIELDS = tuple(ArticleSchema().fields)
OFFSET_KEYS = frozenset({"start", "end", "sentence_start"})
# The fields of an entity across the archive that come before its links.
_ENTITY_TOTAL_HEAD = ("key", "name", "type", "aliases", "article_count", "mention_count")


def respond(body, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON answer."""
    response = Response(orjson.dumps(body), status=status, mimetype="application/json")
    if headers:
        response.headers.update(headers)
    return response


def stored_answer(stored: StoredDocument, answer: Callable[[], Response]) -> Response:
    """An answer made from a stored article, validated by that article's version: its
    strong ETag names the stored analysis, so ``If-None-Match`` is answered 304 without
    making the answer; a body made before from the same version is reused (see
    service/web/answers.py). Shared caches may keep it but must revalidate: an article can
    be deleted or re-analyzed at any time."""
    pk, revision, content_hash = stored.version
    tag = f"{pk}.{revision}.{content_hash.rpartition(':')[2][:16]}"
    chosen = g.get("representation")
    rendered = chosen is not None and chosen.render is not None  # a format other than JSON
    if rendered:
        tag = f"{tag}.{chosen.name}"  # each representation its own bytes, so its own tag
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    elif rendered:  # made each time: only JSON answers are kept
        response = answer()
    else:
        answers = current_app.extensions["answers"]
        key = (stored.version, request.path, request.query_string)
        body = answers.get(key)
        if body is not None:
            response = Response(body, mimetype="application/json")
        else:
            response = answer()
            if response.status_code == 200:
                answers.put(key, response.get_data())
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response


# -- what the store holds, as clients see it ----------------------------------------------

def article_links(article_id: str) -> dict:
    base = f"/v1/articles/{article_id}"
    return {"self": base, **{name: f"{base}/{name}" for name in ARTICLE_LISTS}}


def timestamp(value: dt.datetime) -> str:
    """RFC 3339 in UTC, to the second when whole (``2024-05-03T09:30:00Z``)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def article(document: dict) -> dict:
    """A stored article: its documented fields, links and creation time."""
    wire = {"canonical_url": None, **document, "created_at": timestamp(document["created_at"]),
            "links": article_links(document["id"])}
    return {key: wire[key] for key in ARTICLE_FIELDS}


def summary(item: dict) -> dict:
    """An article's list item."""
    return {**item, "created_at": timestamp(item["created_at"]),
            "links": article_links(item["id"])}


def entity_total(total: dict) -> dict:
    """An entity across the archive, with the link to the articles naming it."""
    wire = {key: total[key] for key in _ENTITY_TOTAL_HEAD}
    wire["links"] = {"articles": f"/v1/entities/{total['key']}/articles"}
    wire.update(total)  # its identifiers, after the links
    return wire


def job_links(job_id: str) -> dict:
    return {"self": f"/v1/jobs/{job_id}", "articles": f"/v1/jobs/{job_id}/articles"}


def job_article(item: dict) -> dict:
    """A stored article of a job's line, with the link to it."""
    return {**item, "links": {"self": f"/v1/articles/{item['id']}"}}


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


def _in_unit(data, document: dict, args: dict):
    """``data``, positions in ``document``'s text, in the unit ``args`` ask for: every
    answer made from a stored article passes here."""
    if args["offsets"] == "utf16":
        return convert_offsets(data, utf16_table(document["text"]))
    return data


# -- answers ------------------------------------------------------------------------------

def article_answer(document: dict, args: dict | None = None, status: int = 200,
                   headers: dict | None = None) -> Response:
    """A stored article, its offsets in the unit ``args`` ask for (code points without)."""
    wire = article(document)
    return respond(_in_unit(wire, document, args) if args else wire, status, headers)


def part_answer(document: dict, part: dict, args: dict) -> Response:
    """One item of an article (a section, an entity, a figure ...)."""
    return respond(_in_unit(part, document, args))


def part_page(document: dict, items: list, args: dict) -> Response:
    """A page of one of an article's lists, held in memory."""
    number, per_page = args["page"], args["per_page"]
    start = (number - 1) * per_page
    shown = _in_unit(items[start:start + per_page], document, args)
    return page(Listing(shown, len(items)), number, per_page)


def page(listing: Listing, number: int, per_page: int,
         item: Callable[[dict], dict] | None = None) -> Response:
    """A list envelope with an RFC 8288 ``Link`` header; ``item`` shapes each item.

    ``total`` counts the list up to a limit; ``total_exact`` is false when there are more
    (``total`` is then a lower bound, and there is no ``last`` link).
    """
    items = [item(each) for each in listing.items] if item else listing.items
    body = {"items": items, "page": number, "per_page": per_page,
            "total": listing.total, "total_exact": listing.total_exact}
    return respond(body, headers={"Link": _links(number, per_page, listing.total,
                                                 listing.total_exact)})


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
