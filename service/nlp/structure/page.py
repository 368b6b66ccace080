"""What a page's markup says of its article: headline, dek, authors, address, publication day."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

from lxml.etree import _Element

from service.nlp.structure.byline import authors_from_byline
from service.nlp.structure.chrome import is_furniture_line
from service.nlp.structure.days import is_sane

# Without a reference day, any date up to this one is accepted: the result does not
# depend on the day the page is processed.
LATEST_DATE = dt.date(2100, 12, 31)
MAX_TITLE_WORDS = 40

_PUBLISHED_XPATHS = ("//meta[@property='article:published_time' or @name='article:published_time']"
                     "/@content",
                     "//meta[@itemprop='datePublished']/@content",
                     "//*[@itemprop='datePublished']/@datetime",
                     "//*[@itemprop='datePublished']/@content",
                     # the first <time> of the article element: its own, not a sidebar's
                     "(//article//time/@datetime)[1]")
_JSON_LD_XPATH = "//script[@type='application/ld+json']"
_JSON_LD_AUTHOR = re.compile(r'"author"\s{0,3}:\s{0,3}\[?\s{0,3}\{[^{}]{0,300}?"name"'
                             r'\s{0,3}:\s{0,3}"([^"]{1,80})"')
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s{0,3}:\s{0,3}"(\d{4}-\d{2}-\d{2})')
# The author a page declares in its head: a person, or an organisation writing as one.
_AUTHOR_META_XPATH = ("//meta[@name='author' or @property='article:author'"
                      " or @property='og:article:author' or @name='article:author']/@content")
_BYLINE_CLASS = frozenset({"byline", "author", "authorname", "authors"})
_BYLINE_XPATH = ("//*[contains(@class, 'byline') or contains(@class, 'author')]"
                 "[not(self::script) and not(self::style)]")

NAME_TOKEN = re.compile(r"[a-z]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "–": "-", "—": "-"})

# Where a headline from the metadata may stand: headings, then blocks of the body that
# hold no other block (not a word inside a paragraph or preformatted text).
_SHOWN_TITLE_XPATHS = ("(//h1|//h2|//h3)[position() <= 20]",
                       "(//body//*[self::p or self::div or self::header or self::section"
                       " or self::h4 or self::h5 or self::h6 or self::td]"
                       "[not(.//p or .//div or .//h1 or .//h2 or .//h3 or .//li)])"
                       "[position() <= 2000]")
_BRAND_XPATH = "//a[@href='/']|//*[" + " or ".join(
    f"contains(@{attr}, '{word}')" for attr in ("class", "id")
    for word in ("logo", "brand", "masthead")) + "]"
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|::|//|»)\s+")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def shown_title(tree: _Element, title: str | None) -> _Element | None:
    """The element that shows a headline taken from the page's metadata: the first heading
    that reads the same, else the first element holding no block that does."""
    if not title:
        return None
    for xpath in _SHOWN_TITLE_XPATHS:
        for element in tree.xpath(xpath):
            if same_text(" ".join(element.text_content().split()), title):
                return element
    return None


def page_title(tree: _Element, document) -> tuple[str | None, _Element | None]:
    """The headline and its <h1>, weighing the candidates: the extractor's title (og:title,
    JSON-LD headline, <title>), the page's <title> and the <h1>s. An <h1> the title holds
    wins if it stands in the article or the <title> holds it too, and so does the article's
    <h1> that the <title> holds when the extractor's title is only the site's name; an <h1>
    outside the article that the <title> does not hold is a section name or the site's
    logo, and the <title> without its site name wins over it."""
    meta = document.title if document is not None else None
    sitename = document.sitename if document is not None else None
    tag = next((" ".join(t.split()) for t in tree.xpath("//title/text()")[:1] if t.strip()), None)
    article_h1 = "//article//h1|//main//h1|//*[@role='main']//h1"
    in_article = _headings(tree, article_h1)
    if not in_article and _headings(tree, article_h1, furniture=True):
        # the article's first <h2> stands in for an <h1> that is a furniture line
        in_article = _headings(tree, "(//article//h2|//main//h2)[1]")
    anywhere = _headings(tree, "//h1")
    if meta and is_furniture_line(meta):
        meta = None  # the extractor took a photo credit or a date line for the title
    if meta and sitename and _norm(sitename) in {_norm(meta), _norm(_strip_site(meta, None))}:
        meta = None  # "Example News - Latest News & Headlines" names the site, not the story
    if tag and sitename and _norm(tag) == _norm(sitename):
        tag = None
    if tag and _is_brand(tree, tag):  # the site's name, shown as its logo: no headline
        meta = None if _norm(meta) == _norm(tag) else meta
        tag = None
    articled = {id(h1) for _, h1 in in_article}
    subtitle = _titled_subheading(tree, tag, sitename, in_article + anywhere)
    if subtitle is not None:
        return subtitle
    for text, h1 in in_article + anywhere:
        held = meta and _norm(text) in _norm(meta) and _word_count(text) >= 2 \
            and not _tail_only(text, meta)
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


def _is_brand(tree: _Element, text: str) -> bool:
    """Whether ``text`` is what the page's logo or brand shows (a link home, an element
    whose class or id names a logo, brand or masthead): the site's name."""
    wanted = _norm(text)
    for element in tree.xpath(_BRAND_XPATH)[:50]:
        shown = {_norm(element.text_content()), *map(_norm, element.xpath(".//img/@alt"))}
        if wanted in shown:
            return True
    return False


def _titled_subheading(tree: _Element, tag: str | None, sitename: str | None,
                       h1s: list[tuple[str, _Element]]) -> tuple[str, _Element] | None:
    """The article's <h2> that the <title> (less the site) names, when no <h1> is held by
    the <title>: the <h1> is then a label over it ("News Feed")."""
    if not tag or any(_norm(text) in _norm(tag) for text, _ in h1s):
        return None
    wanted = _norm(_strip_site(tag, sitename))
    for text, h2 in _headings(tree, "//article//h2|//main//h2"):
        if _norm(text) == wanted and _word_count(text) >= 3:
            return text, h2
    return None


def _tail_only(text: str, title: str) -> bool:
    """Whether ``text`` stands in ``title`` only as its end, after the story and a
    separator ("Story :: Site ::"): the site's name or logo, not the headline."""
    part, whole = _norm(text), _norm(title).rstrip(" |-–—·:»/")
    return whole.endswith(part) and not whole.startswith(part)


def _headings(tree: _Element, xpath: str,
              furniture: bool = False) -> list[tuple[str, _Element]]:
    """Headings of title length: those that are no furniture line, or with ``furniture``
    those that are."""
    found = ((" ".join(e.text_content().split()), e) for e in tree.xpath(xpath))
    return [(text, e) for text, e in found
            if 0 < _word_count(text) <= MAX_TITLE_WORDS and is_furniture_line(text) == furniture]


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


def page_byline(tree: _Element, document) -> str | None:
    """The page's author metadata when it names a person, else a short byline element
    (class ``byline``, ``author`` or ``author-name``)."""
    author = document.author if document is not None else None
    if authors_from_byline(author):
        return author
    for element in tree.xpath(_BYLINE_XPATH)[:20]:
        names = NAME_TOKEN.findall(element.get("class", "").lower())
        if not _BYLINE_CLASS.intersection(names):
            continue
        text = " ".join(element.text_content().split())
        if 0 < _word_count(text) <= 12 and authors_from_byline(text):
            return text
    return author


def page_authors(tree: _Element, byline: str | None) -> tuple[str, ...]:
    """The people the byline names, else the author the page's metadata names as written
    (an organisation or a pen name: "Contributors to Example projects")."""
    names = authors_from_byline(byline)
    if names:
        return tuple(names)
    declared = [*tree.xpath(_AUTHOR_META_XPATH)[:2], *_JSON_LD_AUTHOR.findall(
        " ".join((script.text or "")[:100_000] for script in tree.xpath(_JSON_LD_XPATH)[:5]))]
    for value in declared:
        value = " ".join(value.split())
        if 0 < len(value.split()) <= 8 and "://" not in value and "@" not in value:
            return (value,)
    return ()


def canonical_url(tree: _Element, url: str | None) -> str | None:
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


def published_day(tree: _Element, document, today: dt.date | None) -> dt.date | None:
    """The publication day the page declares (JSON-LD datePublished, article:published_time
    or itemprop datePublished, as written)."""
    declared = _JSON_LD_PUBLISHED.findall(" ".join(
        (script.text or "")[:100_000] for script in tree.xpath(_JSON_LD_XPATH)[:5]))
    declared += [value for xpath in _PUBLISHED_XPATHS for value in tree.xpath(xpath)[:3]]
    for value in declared:
        day = _date(str(value).strip()[:10])
        if day is not None and day <= (today or LATEST_DATE):
            return day
    return None


def guessed_day(document) -> dt.date | None:
    """The day trafilatura finds elsewhere on the page (a sidebar item may give it): weaker
    evidence than a date line of the article's own."""
    return _date(document.date) if document is not None else None


def _date(value: str | None) -> dt.date | None:
    """The day an ISO date gives, if it may be a publication day (see ``is_sane``)."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if is_sane(day) else None


def same_text(block: str, other: str | None) -> bool:
    """The same words and punctuation, whatever the case, spacing and typographic quotes
    (a page's <title> writes "straight" quotes where its <h1> writes “curly” ones)."""
    return bool(other) and (_norm(block).translate(_QUOTES).rstrip(" .")
                            == _norm(other).translate(_QUOTES).rstrip(" ."))


def _norm(text: str | None) -> str:
    return " ".join(text.casefold().split()) if text else ""


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))
