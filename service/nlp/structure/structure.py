"""Split a raw news article into headline, dateline, sections and paragraphs over one text."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, replace

from service.nlp.slug import slugify
from service.nlp.structure.blocks import normalize, split_blocks
from service.nlp.structure.byline import authors_from_byline, byline_in_text
from service.nlp.structure.captions import CAPTION_SHOWN_TWICE, drop_shown_captions
from service.nlp.structure.chrome import (
    drop_chrome,
    drop_galleries,
    drop_teasers,
)
from service.nlp.structure.credits import split_credits
from service.nlp.structure.dateline import find_dateline
from service.nlp.structure.furniture import drop_tail_furniture
from service.nlp.structure.furniture_runs import (
    drop_about_box,
    drop_address_runs,
)
from service.nlp.structure.head import (
    join_bare_dateline,
    sectionize,
    split_after_headline,
    split_head,
)
from service.nlp.structure.language import detect_language
from service.nlp.structure.published import from_caller, page_date, publication
from service.nlp.structure.rails import drop_labelled_rails, drop_trailing_headlines
from service.nlp.structure.repetition import drop_repeated_runs
from service.nlp.structure.shape import (
    word_count,
)
from service.nlp.types import Dateline, Paragraph, Published, Section, Span, Structure

_MAX_SLUG = 60


def analyze_structure(
    raw: str,
    *,
    fmt: str = "text",
    published: datetime.date | str | None = None,
    today: datetime.date | None = None,
    page=None,
) -> Structure:
    """Structure ``raw``; ``fmt="plain"`` keeps it verbatim as one paragraph.

    ``today`` is the day of analysis, the latest a year inferred for a dateline's month and
    day may put it; without it no year is inferred.

    ``page`` is what a web page's markup says (an ``HtmlArticle``): its title candidates,
    authors and site name are weighed with what the text says.
    """
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    if fmt == "plain":
        return _plain_structure(raw, published)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    title = getattr(page, "title", None)
    if title:
        # The page's markup named the headline: the structure step reads what follows it.
        raw = "\n\n".join(b for b in (page.dek, *page.blocks) if b)
    blocks, placeholders = split_blocks(normalize(raw))
    removals = [(p, "template placeholder") for p in placeholders]
    blocks, rail = drop_labelled_rails(blocks)
    blocks, address = drop_address_runs(blocks)
    removals += [(b, "related stories") for b in rail] + [(b, "postal address") for b in address]
    removals += list(getattr(page, "removed", ()))
    blocks, chrome = drop_chrome(blocks, after_headline=bool(title))
    if title:
        subheadline, body, head_chrome = split_after_headline(blocks)
        headline = title
    else:
        headline, subheadline, body, head_chrome = split_head(blocks)
    chrome += [(b, "page line before the story") for b in head_chrome]
    body = join_bare_dateline(body)
    body, credits = split_credits(body)
    body, shown = drop_shown_captions(body, {b for b, why in removals if why == "photo caption"})
    body, about = drop_about_box(body)
    body, tail = drop_tail_furniture(body)
    removals += [(b, CAPTION_SHOWN_TWICE) for b in shown]
    removals += [(b, "author bio") for b in about]
    body, teasers = drop_teasers(body)
    body, headlines = drop_trailing_headlines(body)
    teasers += headlines
    body, gallery = drop_galleries(body)
    body, repeated = drop_repeated_runs(body)
    removals += chrome + tail + [(b, "related stories") for b in teasers]
    removals += [(b, "gallery captions") for b in gallery]
    removals += [(b, "repeated items") for b in repeated]
    chrome_text = [b for b, _ in chrome]
    guessed = getattr(page, "guessed", None)
    parts = _Parts(headline, subheadline, body, credits, removals, page_date(chrome_text),
                   guessed.isoformat() if guessed else None)
    structure = _assemble(parts, published, today)
    structure.authors = _authors(page, chrome_text)
    structure.site_name = getattr(page, "site_name", None)
    return structure


def _authors(page, chrome: list[str]) -> list[str]:
    """The authors the page's metadata names, else those of a byline line in the text."""
    found = list(getattr(page, "authors", ())) or authors_from_byline(getattr(page, "byline", None))
    for block in chrome:
        if found:
            break
        found = byline_in_text(block)
    return found


def _plain_structure(raw: str, published: datetime.date | None) -> Structure:
    paragraph = Paragraph(index=0, start=0, end=len(raw), text=raw)
    section = Section(index=0, title=None, start=0, end=len(raw), paragraphs=[paragraph])
    return _finish(raw, None, None, None, [section], [], [], from_caller(published))


@dataclass
class _Parts:
    """The article's pieces once chrome is gone, before they are laid out as one text."""

    headline: str | None
    subheadline: str | None
    body: list[str]
    credits: list[str]
    removed: list[tuple[str, str]]  # (block, why it is furniture)
    page_date: str | None
    guessed_date: str | None = None  # the day the extractor found elsewhere on the page


class _TextBuilder:
    """Joins pieces with blank lines and hands back each piece's offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> Span:
        if self.parts:
            self.pos += 2
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return Span(piece, start, self.pos)

    def text(self) -> str:
        return "\n\n".join(self.parts)


def _assemble(
    parts: _Parts, published: datetime.date | None, today: datetime.date | None
) -> Structure:
    builder = _TextBuilder()
    head = builder.add(parts.headline) if parts.headline else None
    dek = builder.add(parts.subheadline) if parts.subheadline else None
    sections = [
        _build_section(i, title, blocks, builder)
        for i, (title, blocks) in enumerate(sectionize(parts.body) if parts.body else [])
    ]
    dateline = find_dateline([p for s in sections for p in s.paragraphs], parts.credits)
    paragraphs = [p.text for s in sections for p in s.paragraphs]
    date = publication(published, dateline, parts.page_date, paragraphs, today,
                       parts.guessed_date)
    text = builder.text()
    return _finish(text, head, dek, dateline, sections, parts.credits, parts.removed, date)


def _build_section(
    index: int, title: str | None, blocks: list[str], builder: _TextBuilder
) -> Section:
    title_span = builder.add(title) if title else None
    paragraphs = []
    for i, block in enumerate(blocks):
        span = builder.add(block)
        paragraphs.append(Paragraph(index=i, start=span.start, end=span.end, text=block))
    start = title_span.start if title_span else paragraphs[0].start
    return Section(index, title, start, paragraphs[-1].end, paragraphs)


def _finish(
    text: str,
    headline: Span | None,
    subheadline: Span | None,
    dateline: Dateline | None,
    sections: list[Section],
    credits: list[str],
    removed: list[tuple[str, str]],
    published: Published,
) -> Structure:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Structure(
        text=text,
        headline=headline,
        subheadline=subheadline,
        dateline=dateline,
        published=published,
        sections=sections,
        language=detect_language(text),
        word_count=word_count(text),
        content_hash=f"sha256:{content_hash}",
        id=_article_id(published.date, headline.text if headline else "", content_hash),
        credits=credits,
        removed=[block for block, _ in removed],
        removal_reasons=[reason for _, reason in removed],
    )


def _article_id(date: str | None, headline: str, content_hash: str) -> str:
    return f"{date or 'undated'}-{slugify(headline, _MAX_SLUG) or content_hash[:12]}"


def searched_whole(structure: Structure) -> Structure:
    """``structure`` as the extractors read it: the headline, the dek and every section
    title are text to search like the body (a title names people, places, figures and days
    as a sentence does), so no section title is a range they skip. Offsets and paragraph
    indexes are those of ``structure``; a mention in a title is outside every paragraph."""
    sections = [replace(s, title=None) for s in structure.sections]
    return replace(structure, sections=sections)
