"""What every representation reads the same way from an analysis: where the article and
its entities live, the byline, the dateline, the body and the entity mentions in it."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import orjson

# How many of the most salient entities an article is "about"; the rest it mentions.
ABOUT_COUNT = 3
_DATELINE_TAIL = re.compile(r"[\s\-\u2013\u2014:.]+$")


@dataclass(frozen=True)
class Links:
    """A stored article's absolute API URL; none for an analysis not stored."""

    article: str | None = None

    def entity(self, entity_id: str) -> str | None:
        if self.article is None:
            return None
        return f"{self.article}/entities/{quote(entity_id, safe='')}"


UNSTORED = Links()


def identifier(document: dict, links: Links) -> str:
    """The article's URI: its API URL when stored, else the RFC 6920 name of its content
    (``ni:///sha-256;...``), which is the same for the same text wherever it is analysed."""
    if links.article is not None:
        return links.article
    algorithm, _, digest = document["content_hash"].partition(":")
    raw = base64.urlsafe_b64encode(bytes.fromhex(digest)).rstrip(b"=").decode()
    return f"ni:///{algorithm.replace('sha', 'sha-')};{raw}"


def byline(authors: list[str]) -> str | None:
    if not authors:
        return None
    names = authors[0] if len(authors) == 1 else f"{', '.join(authors[:-1])} and {authors[-1]}"
    return f"By {names}"


def dateline_text(document: dict) -> str | None:
    dateline = document.get("dateline")
    if not dateline:
        return None
    return _DATELINE_TAIL.sub("", dateline["raw"]) or None


def located(document: dict) -> str | None:
    dateline = document.get("dateline") or {}
    parts = [dateline.get("place"), dateline.get("region")]
    return ", ".join(part for part in parts if part) or None


def published_day(document: dict) -> str | None:
    return (document.get("published") or {}).get("date")


def paragraphs(document: dict) -> Iterator[dict]:
    for section in document["sections"]:
        yield from section["paragraphs"]


def body_text(document: dict) -> str:
    return "\n\n".join(paragraph["text"] for paragraph in paragraphs(document))


def by_salience(document: dict) -> list[dict]:
    return sorted(document["entities"], key=lambda entity: -entity["salience"])


def about_and_mentioned(document: dict) -> tuple[list[dict], list[dict]]:
    ranked = by_salience(document)
    return ranked[:ABOUT_COUNT], ranked[ABOUT_COUNT:]


@dataclass(frozen=True)
class Mention:
    start: int  # in the paragraph's text
    end: int
    entity: dict
    type: str


def mentions_in(document: dict, paragraph: dict) -> list[Mention]:
    """The mentions inside ``paragraph``, in order, relative to its text; one overlapping
    an earlier one, or whose text is not at its place, is left out."""
    found = []
    base, text = paragraph["start"], paragraph["text"]
    for entity in document["entities"]:
        for mention in entity["mentions"]:
            start, end = mention["start"] - base, mention["end"] - base
            if 0 <= start < end <= len(text) and text[start:end] == mention["text"]:
                found.append(Mention(start, end, entity, mention.get("type") or entity["type"]))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def pieces(text: str, mentions: list[Mention]) -> Iterator[tuple[str, Mention | None]]:
    at = 0
    for mention in mentions:
        if mention.start > at:
            yield text[at:mention.start], None
        yield text[mention.start:mention.end], mention
        at = mention.end
    if at < len(text):
        yield text[at:], None


_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                            "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_text(data) -> str:
    """Indented JSON that can also sit in an HTML ``<script>`` (``<``, ``>``, ``&`` and
    the line separators escaped; only strings hold them, so the JSON means the same)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode().translate(_HTML_SAFE)
