"""An article as Markdown (CommonMark). Every piece of text is escaped, so that nothing the
article says becomes markup, nor does a line that starts like a heading, quote or list."""

from __future__ import annotations

import re

from service.formats.common import (
    UNSTORED,
    Links,
    byline,
    dateline_text,
    mentions_in,
    pieces,
    published_day,
)

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_CHARACTER_REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a block of its own at its start: headings, quotes, lists, rules,
# setext underlines, ordered list markers ("1." or "1)").
_BLOCK_START = re.compile(r"^([#>+=\-]|\d{1,9}(?=[.)]))")
# Every line ending CommonMark knows, and the others Python's splitlines() knows.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_URL_UNSAFE = str.maketrans({"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"})


def escape(text: str) -> str:
    return _markdown([(text, None)])


def _markdown(runs: list[tuple[str, str | None]]) -> str:
    """Runs of text, each plain (None) or a link to its URL, as escaped Markdown: a block
    marker is escaped only where it starts a line, leading and trailing blanks go."""
    out: list[str] = []
    at_line_start = True
    for text, url in runs:
        for number, line in enumerate(_LINE_BREAK.split(text)):
            if number:
                out.append("\n")
                at_line_start = True
            if at_line_start:
                line = line.lstrip()
            if not line:
                continue
            escaped = _inline(line)
            if url is not None:
                escaped = f"[{escaped}]({url})"
                if out and out[-1].endswith("!"):  # "![" would make it an image
                    out[-1] = out[-1][:-1] + "\\!"
            elif at_line_start and (match := _BLOCK_START.match(escaped)):
                marker = match.group(1)
                escaped = (f"{marker}\\{escaped[len(marker):]}" if marker[0].isdigit()
                           else f"\\{escaped}")
            out.append(escaped)
            at_line_start = False
    lines = (line.rstrip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def _inline(text: str) -> str:
    return _CHARACTER_REFERENCE.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {_inline(_one_line(text)).replace('#', chr(92) + '#')}"


def _paragraph(document: dict, paragraph: dict, links: Links, annotate: bool) -> str:
    if not annotate or links.article is None:
        return escape(paragraph["text"])
    runs = []
    for text, mention in pieces(paragraph["text"], mentions_in(document, paragraph)):
        url = None
        if mention is not None and not _LINE_BREAK.search(text):
            url = links.entity(mention.entity["id"]).translate(_URL_UNSAFE)
        runs.append((text, url))
    return _markdown(runs)


def render(document: dict, links: Links = UNSTORED, annotate: bool = False) -> str:
    """With ``annotate``, each entity mention links to the entity's API URL."""
    blocks = []
    if document.get("headline"):
        blocks.append(_heading(1, document["headline"]))
    if document.get("subheadline"):
        blocks.append(f"*{_inline(_one_line(document['subheadline']))}*")
    meta = [byline(document.get("authors") or []), dateline_text(document),
            published_day(document)]
    if any(meta):
        blocks.append(escape(" · ".join(_one_line(part) for part in meta if part)))
    for section in document["sections"]:
        if section.get("title"):
            blocks.append(_heading(2, section["title"]))
        blocks.extend(_paragraph(document, paragraph, links, annotate)
                      for paragraph in section["paragraphs"] if paragraph["text"].strip())
    return "\n\n".join(blocks) + "\n"
