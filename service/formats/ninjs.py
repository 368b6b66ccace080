"""An article as IPTC ninjs 3.1 (News in JSON): what newsroom systems exchange."""

from __future__ import annotations

import datetime as dt

from schemas.common import rfc3339
from service.formats import html
from service.formats.common import (
    ABOUT_COUNT,
    UNSTORED,
    Links,
    body_text,
    by_salience,
    byline,
    identifier,
    json_text,
    located,
    published_day,
)
from service.formats.jsonld import GEONAMES

STANDARD = {"name": "ninjs", "version": "3.1",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"}
GROUPS = {"PERSON": "people", "ORGANIZATION": "organisations", "LOCATION": "places"}


def _timestamp(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return rfc3339(value)


def _concept(entity: dict, rank: int, links: Links) -> dict:
    item = {"name": entity["name"], "rel": "about" if rank < ABOUT_COUNT else "mentioned",
            "literal": entity["id"]}
    uri = (GEONAMES.format(entity["geonames_id"]) if entity.get("geonames_id") is not None
           else links.entity(entity["id"]))
    if uri:
        item["uri"] = uri
    return item


def document_ninjs(document: dict, links: Links = UNSTORED) -> dict:
    item: dict = {"standard": dict(STANDARD), "uri": identifier(document, links),
                  "type": "text", "representationType": "full"}
    headlines = [{"role": role, "value": document[key]} for role, key in
                 (("main", "headline"), ("subheadline", "subheadline")) if document.get(key)]
    if headlines:
        item["headlines"] = headlines
    text = body_text(document)
    item["bodies"] = [
        {"role": "main", "contentType": "text/plain", "charCount": len(text),
         "wordCount": document["word_count"], "value": text},
        {"role": "main", "contentType": "text/html", "wordCount": document["word_count"],
         "value": html.fragment(document, links)},
    ]
    language = document.get("language")
    optional = {"by": byline(document.get("authors") or []), "located": located(document),
                "language": language if language != "und" else None,
                "firstCreated": _timestamp(document.get("created_at"))}
    item.update((key, value) for key, value in optional.items() if value)
    if day := published_day(document):  # a day only: its start in UTC
        start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.UTC)
        item["contentCreated"] = rfc3339(start)
    for rank, entity in enumerate(by_salience(document)):
        group = GROUPS.get(entity["type"], "subjects")
        concept = _concept(entity, rank, links)
        if group == "subjects":
            concept["relevance"] = round(entity["salience"] * 100)
        item.setdefault(group, []).append(concept)
    if agency := (document.get("dateline") or {}).get("agency"):
        item["infoSources"] = [{"name": agency, "role": "source"}]
    if document.get("content_hash"):
        item["altIds"] = [{"role": "content-hash", "value": document["content_hash"]}]
    if document.get("source_url"):
        item.setdefault("altIds", []).append({"role": "source-url",
                                              "value": document["source_url"]})
    return item


def render(document: dict, links: Links = UNSTORED, annotate: bool = False) -> str:
    item = document_ninjs(document, links)
    if annotate:
        item["bodies"][1]["value"] = html.fragment(document, links, annotate=True)
    return json_text(item)
