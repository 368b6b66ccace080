"""A news web page -> the raw article text that analyze_structure reads, plus page metadata."""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element
from trafilatura import bare_extraction
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from service.nlp.structure.bare_text import rejoin_link_splits, with_bare_text
from service.nlp.structure.dateline import match_opening
from service.nlp.structure.page import (
    LATEST_DATE,
    NAME_TOKEN,
    canonical_url,
    guessed_day,
    page_authors,
    page_byline,
    page_dek,
    page_title,
    published_day,
    same_text,
)
from service.nlp.structure.rails import drop_rails

MAX_BOX_WORDS = 80
MAX_STANDFIRST_WORDS = 30
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[A-Z]")
# A first pass that finds less text than this may have missed the article: the full
# cascade runs too and the longer result is kept.
MIN_FAST_CHARS = 1_000

_ARTICLE_TAGS = frozenset({"article", "main"})
# Words in the class or id of page furniture boxes (split at "-", "_" and case).
_FURNITURE = frozenset({
    "promo", "newsletter", "share", "sharing", "social", "advert", "advertisement", "ads",
    "sponsored", "subscribe", "subscription", "signup", "paywall", "outbrain", "taboola",
    "recirc", "recirculation", "related", "recommended", "recommendations", "bio", "biography",
    "comments", "comment", "disqus", "breadcrumb", "breadcrumbs", "pagination", "pager",
    "sidebar", "widget", "rail", "trending", "popular", "mostread", "gallery", "slideshow",
})
# Elements that hold what stands beside the story (HTML's own word for furniture).
_ASIDE_TAGS = frozenset({"aside"})
# Lists whose items are mostly the text of links: related stories, "more from" rails.
MIN_LIST_LINKS = 3
LINK_DENSITY = 0.9
MIN_HEADLINE_WORDS = 4

_BULLET = "• "
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row"})


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
    document, blocks, links, pruned = _extract(tree, url, today)
    blocks = with_bare_text(pruned, blocks)
    title, h1 = page_title(tree, document)
    blocks = [b for b in blocks if not same_text(b, title)]
    dek = page_dek(tree, h1, document, title, blocks)
    if dek and any(same_text(b, dek) for b in blocks[:2]) and not _reads_as_dek(dek):
        dek = None  # the lead paragraph, also marked as the page's dek: it stays the lead
    blocks = [b for b in blocks if not same_text(b, dek)]
    text = "\n\n".join(b for b in (title, dek, *blocks) if b) if blocks else ""
    return HtmlArticle(
        text=text,
        title=title if blocks else None,
        dek=dek if blocks else None,
        blocks=tuple(blocks),
        removed=tuple((link, "a list of links") for link in links),
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


def _extract(tree: _Element, url: str | None, today: dt.date | None):
    """trafilatura's document (main content and metadata), its body blocks, the blocks of
    link lists it held, and the pruned page it read.

    Trafilatura's balanced mode without the readability/justext comparison is the fastest
    and keeps the most of the article (precision mode drops real paragraphs and whole
    bodies); promos, share bars and navigation are pruned from the markup first. The full
    cascade also runs when it finds little (``MIN_FAST_CHARS``), and the longer text wins.
    """
    date_params = {"original_date": True, "extensive_search": False,
                   "max_date": (today or LATEST_DATE).isoformat()}
    tree = _pruned(tree)
    found: tuple = None, [], []
    for fast in (True, False):
        options = Extractor(output_format="python", fast=fast,
                            comments=False, formatting=True, tables=True, links=True,
                            images=False, url=url, with_metadata=True, date_params=date_params)
        document = bare_extraction(tree, options=options)
        body = rejoin_link_splits(document.body) if document is not None else None
        rail = drop_rails(body)
        blocks, links = _blocks(body)
        links += rail
        if sum(map(len, blocks)) > sum(map(len, found[1])) or found[0] is None:
            found = document, blocks, links
        if sum(map(len, blocks)) >= MIN_FAST_CHARS:
            break
    return (*found, tree)


def _pruned(tree: _Element) -> _Element:
    """A copy of the page without navigation, page footers and short furniture boxes
    (promos, share bars, newsletter sign-ups, related links, ads) named by their class or id.
    """
    tree = deepcopy(tree)
    doomed = [element for element in tree.iter(tag=etree.Element) if _is_furniture(element)]
    for element in doomed:
        _drop(element)
    return tree


def _drop(element: _Element) -> None:
    """Remove ``element`` and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _is_furniture(element: _Element) -> bool:
    tag = element.tag
    if tag == "nav" or element.get("role") in {"navigation", "complementary"}:
        return True
    if tag == "footer":
        return not any(a.tag in _ARTICLE_TAGS for a in element.iterancestors())
    if tag in {"html", "body", "article", "main"}:
        return False
    if tag in _ASIDE_TAGS and _is_box(element):
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return bool(_FURNITURE.intersection(NAME_TOKEN.findall(names))) and _is_box(element)


def _is_box(element: _Element) -> bool:
    """Short, and holding no headline: a furniture box, not an article wrapper."""
    if element.find(".//h1") is not None:
        return False
    words = 0
    for text in element.itertext():
        words += len(text.split())
        if words > MAX_BOX_WORDS:
            return False
    return True


def _blocks(body: _Element | None) -> tuple[list[str], list[str]]:
    """Paragraphs, section titles and list items of trafilatura's body, one block each,
    and the blocks of link lists (related stories, "more from" rails) left out."""
    if body is None:
        return [], []
    blocks: list[str] = []
    links: list[str] = []
    for element in body:
        if element.tag == "head":
            blocks += [_heading(line) for line in _lines(element)]
        elif element.tag == "list":
            (links if _is_link_list(element) else blocks).extend(_list_items(element))
        elif element.tag == "quote" and any(child.tag == "p" for child in element):
            blocks += [line for child in element for line in _lines(child)]
        elif element.tag == "table":
            blocks += _table_rows(element)
        elif element.tag != "graphic":
            blocks += _lines(element)
    return [b for b in blocks if b], [b for b in links if b]


def _is_link_list(element: _Element) -> bool:
    """A list of links to other stories: three items or more, each wholly a link whose
    text reads as a headline (four words or more, no closing full stop)."""
    items = element.findall("item")
    if len(items) < MIN_LIST_LINKS:
        return False
    for item in items:
        text = " ".join("".join(item.itertext()).split())
        linked = sum(_chars(ref) for ref in item.iter("ref"))
        if (linked < LINK_DENSITY * _chars(item) or len(text.split()) < MIN_HEADLINE_WORDS
                or text.endswith(".")):
            return False
    return True


def _chars(element: _Element) -> int:
    return len("".join("".join(element.itertext()).split()))


def _table_rows(element: _Element) -> list[str]:
    """One block a row, its cells joined by " | " (a table's text is part of the article)."""
    rows = []
    for row in element.iter("row"):
        cells = [" ".join(_text(cell, None).split()) for cell in row.iterchildren("cell")]
        line = " | ".join(c for c in cells if c)
        if line:
            rows.append(line)
    return rows


def _list_items(element: _Element) -> list[str]:
    items = []
    for item in element.iterchildren("item"):
        own = [line for line in _lines(item, skip="list") if line]
        if own:
            items.append(_BULLET + " ".join(own))
        for nested in item.iterchildren("list"):
            items += _list_items(nested)
    return items


def _lines(element: _Element, skip: str | None = None) -> list[str]:
    """The element's text split at line breaks, whitespace collapsed."""
    return [" ".join(line.split()) for line in _text(element, skip).split("\n") if line.strip()]


def _text(element: _Element, skip: str | None) -> str:
    """The text with each line break element as "\n" (the page's own newlines are spaces)."""
    parts = [_spaced(element.text)]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _BLOCK_TAGS and child.tag != skip:
            # a paragraph or heading inside a list item, or inside a paragraph that holds
            # text of its own (a lead written straight into its <div>), is a line of its
            # own, not glued on
            parts += ["\n", _text(child, skip), "\n"]
        elif child.tag != skip:
            parts.append(_text(child, skip))
        parts.append(_spaced(child.tail))
    return "".join(parts)


def _spaced(text: str | None) -> str:
    return re.sub(r"[\r\n]+", " ", text) if text else ""


def _heading(text: str) -> str:
    # "Background:" reads as a title; the colon would make it look like a clause.
    return text.rstrip(" :")


