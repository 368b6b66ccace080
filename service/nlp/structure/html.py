"""A news web page -> the raw article text that analyze_structure reads, plus page metadata."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lxml.etree import _Element
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from service.nlp.structure.bare_text import keep_spaces, rejoin_link_splits, with_bare_text
from service.nlp.structure.body_xml import body_blocks
from service.nlp.structure.boxes import pruned
from service.nlp.structure.dateline import match_opening
from service.nlp.structure.dek import page_dek
from service.nlp.structure.page import (
    LATEST_DATE,
    canonical_url,
    guessed_day,
    page_authors,
    page_byline,
    page_title,
    published_day,
    same_text,
    shown_title,
)
from service.nlp.structure.rails import drop_rails
from service.nlp.structure.tables import readable_tables

MAX_STANDFIRST_WORDS = 30
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[A-Z]")
# A first pass that finds less text than this may have missed the article: the full
# cascade runs too and the longer result is kept.
MIN_FAST_CHARS = 1_000



@dataclass(frozen=True)
class HtmlArticle:
    """What a page gives: ``text`` in the block format of ``analyze_structure``.

    The headline (``title``) and the dek are decided here, once, from the markup;
    ``blocks`` are the body blocks after them, and ``removed`` the blocks that the markup
    shows to be furniture, each with its reason.
    """

    text: str
    title: str | None = None
    dek: str | None = None
    blocks: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()
    published: dt.date | None = None  # declared in the page's metadata
    guessed: dt.date | None = None  # found by the extractor's search of the page
    byline: str | None = None
    source_url: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()


def extract_html(html: str, url: str | None = None, *,
                 today: dt.date | None = None) -> HtmlArticle:
    """The article in ``html``: headline, dek, then paragraphs and section titles as blocks.

    ``url`` is where the page came from (it resolves a relative canonical link);
    ``today``, when given, rejects page dates after it.
    """
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return HtmlArticle("")
    page, boxes = pruned(tree)
    readable_tables(page)
    keep_spaces(page)
    document = _metadata(page, url, today)
    title, h1 = page_title(page, document)
    shown = h1 if h1 is not None else shown_title(page, title)
    if shown is not None:
        _blank(shown)  # the headline is decided here: the body is what the page holds beside it
    blocks, links = _extract(page, url)
    blocks = with_bare_text(page, blocks)
    dek = page_dek(page, h1, document, title, blocks)
    if dek and any(same_text(b, dek) for b in blocks[:2]) and not _reads_as_dek(dek):
        dek = None  # the lead paragraph, also marked as the page's dek: it stays the lead
    blocks = [b for b in blocks if not same_text(b, dek)]
    text = "\n\n".join(b for b in (title, dek, *blocks) if b) if blocks else ""
    return HtmlArticle(
        text=text,
        title=title if blocks else None,
        dek=dek if blocks else None,
        blocks=tuple(blocks),
        removed=(*boxes, *((link, "a list of links") for link in links)),
        published=published_day(tree, document, today),
        guessed=guessed_day(document),
        byline=(byline := page_byline(tree, document)),
        authors=page_authors(tree, byline),
        source_url=canonical_url(tree, url),
        site_name=(document.sitename or None) if document is not None else None,
    )


def _reads_as_dek(text: str) -> bool:
    """A display line: one sentence of at most ``MAX_STANDFIRST_WORDS`` words, no dateline."""
    return (len(text.split()) <= MAX_STANDFIRST_WORDS and match_opening(text) is None
            and not _SENTENCE_BREAK.search(text))


def html_to_text(html: str) -> str:
    """The raw article text of a page (see ``extract_html``)."""
    return extract_html(html).text


def _metadata(page: _Element, url: str | None, today: dt.date | None):
    """trafilatura's reading of the page's metadata (title, site, author, description,
    date), or None when a malformed value defeats it: no page fails for its metadata."""
    date_params = {"original_date": True, "extensive_search": False,
                   "max_date": (today or LATEST_DATE).isoformat()}
    try:
        return extract_metadata(page, url, date_params, True, None)
    except (TypeError, ValueError, OverflowError):
        return None


def _blank(element: _Element) -> None:
    """Empty ``element`` in place (its text and children go, the text after it stays)."""
    tail = element.tail
    for child in list(element):
        element.remove(child)
    element.text, element.tail = None, tail


def _extract(page: _Element, url: str | None) -> tuple[list[str], list[str]]:
    """The body blocks trafilatura finds in ``page`` (cut of its furniture boxes) and the
    blocks of link lists it held.

    Trafilatura's balanced mode without the readability/justext comparison is the fastest
    and keeps the most of the article (precision mode drops real paragraphs and whole
    bodies). The full cascade also runs when it finds little (``MIN_FAST_CHARS``), and the
    longer text wins.
    """
    found: tuple[list[str], list[str]] = [], []
    for fast in (True, False):
        options = Extractor(output_format="python", fast=fast,
                            comments=False, formatting=True, tables=True, links=True,
                            images=False, url=url, with_metadata=False)
        document = bare_extraction(page, options=options)
        body = rejoin_link_splits(document.body) if document is not None else None
        rail = drop_rails(body)
        blocks, links = body_blocks(body)
        if sum(map(len, blocks)) > sum(map(len, found[0])):
            found = blocks, links + rail
        if sum(map(len, blocks)) >= MIN_FAST_CHARS:
            break
    return found



