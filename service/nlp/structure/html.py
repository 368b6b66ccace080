"""A news web page -> the raw article text that analyze_structure reads, plus page metadata."""

from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.etree import _Element
from trafilatura import bare_extraction
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from service.nlp.structure.byline import authors_from_byline

# Without a reference day, any date up to this one is accepted: the result does not
# depend on the day the page is processed.
LATEST_DATE = dt.date(2100, 12, 31)
MAX_DEK_WORDS = 40
MAX_TITLE_WORDS = 40
MAX_BOX_WORDS = 80
# A first pass that finds less text than this may have missed the article: the full
# cascade runs too and the longer result is kept.
MIN_FAST_CHARS = 1_000

_PUBLISHED_XPATHS = ("//meta[@property='article:published_time' or @name='article:published_time']"
                     "/@content",
                     "//meta[@itemprop='datePublished']/@content",
                     "//*[@itemprop='datePublished']/@datetime",
                     "//*[@itemprop='datePublished']/@content")
_JSON_LD_XPATH = "//script[@type='application/ld+json']"
_JSON_LD_AUTHOR = re.compile(r'"author"\s{0,3}:\s{0,3}\[?\s{0,3}\{[^{}]{0,300}?"name"'
                             r'\s{0,3}:\s{0,3}"([^"]{1,80})"')
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s{0,3}:\s{0,3}"(\d{4}-\d{2}-\d{2})')
_BYLINE_CLASS = frozenset({"byline", "author", "authorname", "authors"})
_BYLINE_XPATH = ("//*[contains(@class, 'byline') or contains(@class, 'author')]"
                 "[not(self::script) and not(self::style)]")
_ARTICLE_TAGS = frozenset({"article", "main"})
_NAME_TOKEN = re.compile(r"[a-z]+")
# Words in the class or id of page furniture boxes (split at "-", "_" and case).
_FURNITURE = frozenset({
    "promo", "newsletter", "share", "sharing", "social", "advert", "advertisement", "ads",
    "sponsored", "subscribe", "subscription", "signup", "paywall", "outbrain", "taboola",
    "recirc", "recirculation",
})

_DEK_CLASS = re.compile(
    r"(?:^|[-_])(?:dek|deck|standfirst|stand-first|strapline|subtitle|sub-title"
    r"|subheadline|sub-headline|summary)$",
    re.I,
)
_DEK_TAGS = ("p", "h2", "h3", "div", "span")
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|::|//|»)\s+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[^\W\d_]|[。！？](?=.)")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_BULLET = "• "
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row"})
_COMMON = frozenset({
    "from", "with", "that", "this", "have", "been", "will", "they", "their", "there", "said",
    "were", "after", "into", "over", "about", "more", "than", "what", "when", "which", "while",
})


@dataclass(frozen=True)
class HtmlArticle:
    """What a page gives: ``text`` in the block format of ``analyze_structure``."""

    text: str
    title: str | None = None
    published: dt.date | None = None
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
    document, blocks = _extract(tree, url, today)
    title, h1 = _title(tree, document)
    blocks = [b for b in blocks if not _same(b, title)]
    dek = _dek(tree, h1, document, title, blocks)
    blocks = [b for b in blocks if not _same(b, dek)]
    text = "\n\n".join(b for b in (title, dek, *blocks) if b) if blocks else ""
    return HtmlArticle(
        text=text,
        title=title,
        published=_published(tree, document, today),
        byline=(byline := _byline(tree, document)),
        authors=_authors(tree, byline),
        source_url=_source_url(tree, url),
        site_name=(document.sitename or None) if document is not None else None,
    )


def html_to_text(html: str) -> str:
    """The raw article text of a page (see ``extract_html``)."""
    return extract_html(html).text


def _extract(tree: _Element, url: str | None, today: dt.date | None):
    """trafilatura's document (main content and metadata) and its body blocks.

    Trafilatura's balanced mode without the readability/justext comparison is the fastest
    and keeps the most of the article (precision mode drops real paragraphs and whole
    bodies); promos, share bars and navigation are pruned from the markup first. The full
    cascade also runs when it finds little (``MIN_FAST_CHARS``), and the longer text wins.
    """
    date_params = {"original_date": True, "extensive_search": False,
                   "max_date": (today or LATEST_DATE).isoformat()}
    document, blocks = None, []
    tree = _pruned(tree)
    found = None, []
    for fast in (True, False):
        options = Extractor(output_format="python", fast=fast,
                            comments=False, formatting=True, tables=True, links=False,
                            images=False, url=url, with_metadata=True, date_params=date_params)
        document = bare_extraction(tree, options=options)
        blocks = _blocks(document.body) if document is not None else []
        if sum(map(len, blocks)) > sum(map(len, found[1])) or found[0] is None:
            found = document, blocks
        if sum(map(len, blocks)) >= MIN_FAST_CHARS:
            break
    return found


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
    if tag == "nav" or element.get("role") == "navigation":
        return True
    if tag == "footer":
        return not any(a.tag in _ARTICLE_TAGS for a in element.iterancestors())
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return (tag not in {"html", "body", "article", "main"}
            and bool(_FURNITURE.intersection(_NAME_TOKEN.findall(names)))
            and _is_box(element))


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


def _blocks(body: _Element | None) -> list[str]:
    """Paragraphs, section titles and list items of trafilatura's body, one block each."""
    if body is None:
        return []
    blocks: list[str] = []
    for element in body:
        if element.tag == "head":
            blocks += [_heading(line) for line in _lines(element)]
        elif element.tag == "list":
            blocks += _list_items(element)
        elif element.tag == "quote" and any(child.tag == "p" for child in element):
            blocks += [line for child in element for line in _lines(child)]
        elif element.tag == "table":
            blocks += _table_rows(element)
        elif element.tag != "graphic":
            blocks += _lines(element)
    return [b for b in blocks if b]


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
        elif child.tag in _BLOCK_TAGS and element.tag == "item" and child.tag != skip:
            # a paragraph or heading inside a list item is a line of its own, not glued on
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


def _title(tree: _Element, document) -> tuple[str | None, _Element | None]:
    """The headline and its <h1>, weighing the candidates: the extractor's title (og:title,
    JSON-LD headline, <title>), the page's <title> and the <h1>s. An <h1> the title holds
    wins if it stands in the article or the <title> holds it too, and so does the article's
    <h1> that the <title> holds when the extractor's title is only the site's name; an <h1>
    outside the article that the <title> does not hold is a section name or the site's
    logo, and the <title> without its site name wins over it."""
    meta = document.title if document is not None else None
    sitename = document.sitename if document is not None else None
    tag = next((" ".join(t.split()) for t in tree.xpath("//title/text()")[:1] if t.strip()), None)
    in_article = _headings(tree, "//article//h1|//main//h1|//*[@role='main']//h1")
    anywhere = _headings(tree, "//h1")
    if meta and sitename and _norm(sitename) in {_norm(meta), _norm(_strip_site(meta, None))}:
        meta = None  # "Example News - Latest News & Headlines" names the site, not the story
    if tag and sitename and _norm(tag) == _norm(sitename):
        tag = None
    articled = {id(h1) for _, h1 in in_article}
    for text, h1 in in_article + anywhere:
        held = meta and _norm(text) in _norm(meta) and _word_count(text) >= 2
        if held and (id(h1) in articled or not tag or _norm(text) in _norm(tag)):
            return text, h1
    for text, h1 in in_article:  # the article's <h1> and the <title> (less the site) agree
        if tag and _norm(text) in _norm(_strip_site(tag, sitename)) and _word_count(text) >= 2:
            return text, h1
    stray = meta and tag and _norm(meta) not in _norm(tag) and any(
        _norm(meta) == _norm(text) for text, _ in anywhere)
    if meta and not stray:
        return _strip_site(meta, sitename), None
    if tag:
        return _strip_site(tag, sitename), None
    return (in_article or anywhere or [(None, None)])[0]


def _headings(tree: _Element, xpath: str) -> list[tuple[str, _Element]]:
    found = ((" ".join(e.text_content().split()), e) for e in tree.xpath(xpath))
    return [(text, e) for text, e in found if 0 < _word_count(text) <= MAX_TITLE_WORDS]


def _strip_site(title: str, sitename: str | None) -> str:
    """"Headline | Site" -> "Headline" (at most two trailing parts go)."""
    title = " ".join(title.split())
    for _ in range(2):
        separators = list(_SITE_SEPARATOR.finditer(title))
        if not separators:
            break
        head, last = title[: separators[-1].start()], title[separators[-1].end():]
        is_site = bool(sitename) and _norm(last) == _norm(sitename)
        if not (is_site or (_word_count(last) <= 4 and _word_count(head) >= 4)):
            break
        title = head
    return title


def _dek(tree: _Element, h1: _Element | None, document, title: str | None,
         blocks: list[str]) -> str | None:
    """A standfirst element after the headline, else the page description unless it is
    the lead."""
    if not blocks:
        return None
    for element in _dek_candidates(tree, h1):
        if any(_DEK_CLASS.search(token) for token in element.get("class", "").split()):
            text = " ".join(element.text_content().split())
            if 4 <= _word_count(text) <= MAX_DEK_WORDS and not _same(text, title):
                return None if _is_body_lead(text, blocks) else _as_dek(text)
    description = " ".join((document.description or "").split()) if document is not None else ""
    if (_ELLIPSIS.search(description) or not 4 <= _word_count(description) <= MAX_DEK_WORDS
            or _is_lead(description, blocks[0]) or not _related(description, blocks)
            or _is_body_lead(description, blocks)):
        return None
    return _as_dek(description)


def _is_body_lead(text: str, blocks: list[str]) -> bool:
    """A teaser of several sentences that the body also holds is its lead paragraph."""
    return bool(_SENTENCE_BREAK.search(text)) and any(_same(b, text) for b in blocks[:3])


def _dek_candidates(tree: _Element, h1: _Element | None) -> list[_Element]:
    """Classed elements that may hold the dek: those following the headline inside its
    header or article (not teasers elsewhere on the page), or anywhere without an <h1>."""
    if h1 is None:
        return tree.xpath("|".join(f"//{tag}[@class]" for tag in _DEK_TAGS))
    scope = next((a for a in h1.iterancestors() if a.tag in {"header", "article", "main"}),
                 h1.getparent())
    following = h1.xpath("|".join(f"following::{tag}[@class]" for tag in _DEK_TAGS))
    return [e for e in following if scope is not None and scope in e.iterancestors()]


def _as_dek(text: str) -> str:
    # analyze_structure reads a block ending a sentence as body text when the article has
    # no dateline; a dek is a display line, so its closing full stop is dropped.
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def _is_lead(description: str, first: str) -> bool:
    """Whether a description repeats the first paragraph (often after its dateline)."""
    opening = _norm(description).rstrip(" .")[:100]
    return bool(opening) and opening in _norm(first)


def _related(description: str, blocks: list[str]) -> bool:
    """Whether a description is about the article (not a site slogan): half its content
    words recur in the body."""
    words = {w for w in _WORD.findall(description.lower()) if len(w) >= 4} - _COMMON
    body = set(_WORD.findall(" ".join(blocks).lower()))
    return not words or len(words & body) * 2 >= len(words)


def _byline(tree: _Element, document) -> str | None:
    """The page's author metadata when it names a person, else a short byline element
    (class ``byline``, ``author`` or ``author-name``)."""
    author = document.author if document is not None else None
    if authors_from_byline(author):
        return author
    for element in tree.xpath(_BYLINE_XPATH)[:20]:
        names = _NAME_TOKEN.findall(element.get("class", "").lower())
        if not _BYLINE_CLASS.intersection(names):
            continue
        text = " ".join(element.text_content().split())
        if 0 < _word_count(text) <= 12 and authors_from_byline(text):
            return text
    return author


def _authors(tree: _Element, byline: str | None) -> tuple[str, ...]:
    """The people the byline names, else the author the page's metadata names as written
    (an organisation or a pen name: "Contributors to Example projects")."""
    names = authors_from_byline(byline)
    if names:
        return tuple(names)
    declared = [*tree.xpath("//meta[@name='author']/@content")[:1], *_JSON_LD_AUTHOR.findall(
        " ".join((script.text or "")[:100_000] for script in tree.xpath(_JSON_LD_XPATH)[:5]))]
    for value in declared:
        value = " ".join(value.split())
        if 0 < len(value.split()) <= 8 and "://" not in value and "@" not in value:
            return (value,)
    return ()


def _source_url(tree: _Element, url: str | None) -> str | None:
    """The canonical address: <link rel=canonical>, else og:url, else ``url``."""
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for value in tree.xpath(xpath):
            absolute = urljoin(url or "", value.strip())
            if _is_http(absolute):
                return absolute
    return url if url and _is_http(url) else None


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and len(url) <= 2048


def _published(tree: _Element, document, today: dt.date | None) -> dt.date | None:
    """The publication day the page declares (JSON-LD datePublished, article:published_time
    or itemprop datePublished, as written), else trafilatura's date."""
    declared = _JSON_LD_PUBLISHED.findall(" ".join(
        (script.text or "")[:100_000] for script in tree.xpath(_JSON_LD_XPATH)[:5]))
    declared += [value for xpath in _PUBLISHED_XPATHS for value in tree.xpath(xpath)[:3]]
    for value in declared:
        day = _date(str(value).strip()[:10])
        if day is not None and day <= (today or LATEST_DATE):
            return day
    return _date(document.date) if document is not None else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _same(block: str, other: str | None) -> bool:
    return bool(other) and _norm(block).rstrip(" .") == _norm(other).rstrip(" .")


def _norm(text: str | None) -> str:
    return " ".join(text.casefold().split()) if text else ""


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))
