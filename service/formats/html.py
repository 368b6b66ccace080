"""An article as one clean ``<article>``, entity mentions optionally marked with
``<span data-entity-id data-type>``. The markup is built with every text escaped, then
passed through nh3 with an allow-list of exactly its elements and attributes, so that
nothing else (a script, an event handler, a link) can ever come out."""

from __future__ import annotations

from html import escape

import nh3

from service.formats.common import (
    UNSTORED,
    Links,
    byline,
    dateline_text,
    mentions_in,
    pieces,
    published_day,
)

TAGS = frozenset({"article", "header", "h1", "h2", "p", "address", "time", "section", "span"})
ATTRIBUTES = {"article": {"lang"}, "time": {"datetime"}, "p": {"class"},
              "span": {"class", "data-entity-id", "data-type"}}


def sanitize(markup: str) -> str:
    return nh3.clean(markup, tags=set(TAGS), attributes={k: set(v) for k, v in
                                                         ATTRIBUTES.items()},
                     url_schemes=set(), link_rel=None, strip_comments=True)


def _text(value: str) -> str:
    return escape(value, quote=True)


def _paragraph(document: dict, paragraph: dict, annotate: bool) -> str:
    if not annotate:
        return f"<p>{_text(paragraph['text'])}</p>"
    runs = []
    for text, mention in pieces(paragraph["text"], mentions_in(document, paragraph)):
        if mention is None:
            runs.append(_text(text))
        else:
            runs.append(f'<span class="entity" data-entity-id="{_text(mention.entity["id"])}" '
                        f'data-type="{_text(mention.type)}">{_text(text)}</span>')
    return f"<p>{''.join(runs)}</p>"


def fragment(document: dict, links: Links = UNSTORED, annotate: bool = False) -> str:
    header = []
    if document.get("headline"):
        header.append(f"<h1>{_text(document['headline'])}</h1>")
    if document.get("subheadline"):
        header.append(f'<p class="dek">{_text(document["subheadline"])}</p>')
    if author_line := byline(document.get("authors") or []):
        header.append(f"<address>{_text(author_line)}</address>")
    dateline, day = dateline_text(document), published_day(document)
    if dateline or day:
        parts = [f'<span class="dateline">{_text(dateline)}</span>'] if dateline else []
        if day:
            parts.append(f'<time datetime="{_text(day)}">{_text(day)}</time>')
        header.append(f"<p>{' '.join(parts)}</p>")
    body = []
    for section in document["sections"]:
        inner = [f"<h2>{_text(section['title'])}</h2>"] if section.get("title") else []
        inner.extend(_paragraph(document, paragraph, annotate)
                     for paragraph in section["paragraphs"])
        body.append(f"<section>{''.join(inner)}</section>")
    head = f"<header>{''.join(header)}</header>" if header else ""
    return sanitize(f"<article{_lang(document)}>{head}{''.join(body)}</article>")


def _lang(document: dict) -> str:
    language = document.get("language")
    return f' lang="{_text(language)}"' if language and language != "und" else ""


def render(document: dict, links: Links = UNSTORED, annotate: bool = False) -> str:
    title = _text(document.get("headline") or "")
    return (f'<!DOCTYPE html>\n<html{_lang(document)}>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n<body>\n"
            f"{fragment(document, links, annotate)}\n</body>\n</html>\n")
