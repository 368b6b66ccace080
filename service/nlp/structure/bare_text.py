"""Article text the extractor loses beside the paragraphs it keeps, put back in page order:
a lead or a paragraph written straight into a <div> (no <p> of its own) when it reads as
prose (sentences, few links) and stands among the article's own paragraphs; the headings
and lists it drops from the article's container when it finds no frame for the article;
text cut at links, text left after a heading, and the space between two inline elements."""

from __future__ import annotations

import re

from lxml.etree import _Element

from service.nlp.structure.body_xml import BULLET
from service.nlp.structure.shape import OPENING_QUOTES, ends_sentence

# Elements that hold blocks of their own: a <div> holding one is a container, not a paragraph.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "ul", "ol", "li", "dl", "table", "h1", "h2",
    "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote", "pre", "header", "footer",
    "aside", "nav", "form", "script", "style", "noscript", "iframe", "button", "select",
})
_BARE = frozenset({"div", "section", "span", "font", "center"})
# Elements whose text, when they hold no block, is a paragraph without a <p>: a <div>
# written into, a <header> holding the standfirst.
_HOLDERS = _BARE | {"header"}
# The elements before the article's container that may hold its standfirst.
MAX_BEFORE = 3
_SKIPPED = frozenset({"script", "style", "noscript", "template"})
MIN_WORDS = 12
# A heading or a list the extractor dropped (see ``_dropped``).
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol"})
MAX_HEADING_WORDS = 15
MIN_LIST_ITEMS = 2
MAX_LINK_SHARE = 0.2
# Letters of scripts written with spaces between words (not ideographs).
_SPACED_SCRIPT = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]")
# Elements that run inline with the text around them.
_INLINE = ("a", "em", "i", "b", "strong", "u", "span", "font", "mark", "cite", "small", "abbr")
# A paragraph cut at a link holds at least this many words before the cut.
MIN_RUN_WORDS = 4
# The paragraphs that make an element the article's container: at least this many.
MIN_ANCHORS = 1


def with_bare_text(tree: _Element, blocks: list[str]) -> list[str]:
    """``blocks`` with the prose written straight into the article's container put back
    where it stands on the page."""
    known = {_norm(b): i for i, b in enumerate(blocks)}
    container = _container(tree, known)
    if container is None:
        return blocks
    joined = " ".join(known)
    entries: list[tuple[int, str, int]] = []  # (block index it precedes, text, known seen)
    last, seen = -1, 0
    for kind, text, links in [*_standfirst(container), *_segments(container)]:
        # the page's own line breaks and indentation aside; a list's items one a line
        texts = text.split("\n") if kind == "list" else [" ".join(text.split())]
        keys = [_norm(t) for t in texts]
        if kind != "bare" and any(key in known for key in keys):
            last = max(last, *(known.get(key, last) for key in keys))
            seen += 1
        elif kind == "block":
            continue
        elif kind == "bare":
            text, key = texts[0], keys[0]
            if (key not in joined and len(text.split()) >= MIN_WORDS and ends_sentence(text)
                    and links <= MAX_LINK_SHARE * len(key)):
                entries.append((last + 1, text, -1))
        elif last >= 0 and _dropped(kind, keys, joined, links):
            # list items and headings as the extractor's own give them (see body_xml)
            entries += [(last + 1, BULLET + t if kind == "list" else t.rstrip(" :"), seen)
                        for t in texts]
    found: dict[int, list[str]] = {}  # block index -> recovered texts that precede it
    for at, text, before in entries:
        if before < seen:  # a heading or list only among the article's own paragraphs
            found.setdefault(at, []).append(text)
    if not found:
        return blocks
    recovered = [_norm(t) for texts in found.values() for t in texts]
    merged: list[str] = []
    for i, block in enumerate(blocks):
        merged += found.pop(i, [])
        if not _is_piece(_norm(block), recovered):
            merged.append(block)
    return merged + [t for texts in found.values() for t in texts]


def _dropped(kind: str, keys: list[str], joined: str, links: int) -> bool:
    """A heading or a list the extractor dropped from the article's container (it keeps
    only paragraphs when it finds no frame for the article): none of its text kept, few
    links, a heading short, a list of ``MIN_LIST_ITEMS`` items or more."""
    if any(not key or key in joined for key in keys) or links > MAX_LINK_SHARE * sum(
            map(len, keys)):
        return False
    if kind == "heading":
        return len(keys[0].split()) <= MAX_HEADING_WORDS
    return len(keys) >= MIN_LIST_ITEMS


def _is_piece(key: str, recovered: list[str]) -> bool:
    """A block the extractor cut from a text recovered whole (at a link inside it)."""
    return len(key.split()) >= MIN_RUN_WORDS and any(key in text for text in recovered)


def _container(tree: _Element, known: dict[str, int]) -> _Element | None:
    """The element whose children are most of the paragraphs the extractor kept."""
    counts: dict[_Element, int] = {}
    for element in tree.iter("p", "div", "li", "h2", "h3", "blockquote"):
        parent = element.getparent()
        if parent is not None and _norm(_text(element)) in known:
            counts[parent] = counts.get(parent, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.get)
    return best if counts[best] >= MIN_ANCHORS else None


def _standfirst(container: _Element) -> list[tuple[str, str, int]]:
    """("bare", text, linked characters) for the text-only blocks just before the
    article's container (a standfirst or a lead set apart from the paragraphs: a
    "perex" <div> beside the article's body, a photo between them)."""
    found = []
    for sibling in list(container.itersiblings(preceding=True))[:MAX_BEFORE]:
        tag = sibling.tag if isinstance(sibling.tag, str) else ""
        if tag in _HOLDERS and not any(_is_block(e) for e in sibling.iterdescendants()):
            found.insert(0, ("bare", _text(sibling), _linked(sibling)))
    return found


def _segments(container: _Element):
    """("block", text, 0) for each child holding blocks or a paragraph, ("bare", text,
    linked characters) for each run of text directly inside the container or a <div>
    holding text only, in page order."""
    run: list[str] = []
    linked = 0

    def flush():
        nonlocal run, linked
        text = "".join(run)
        run, linked = [], 0
        return text

    run.append(container.text or "")
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED or not tag:
            run.append(child.tail or "")
            continue
        if tag == "br" or tag in _BLOCKS or tag in _BARE:
            text, links = flush(), linked
            if text.strip():
                yield "bare", text, links
            if tag in _HOLDERS and not any(_is_block(e) for e in child.iterdescendants()):
                yield "bare", _text(child), _linked(child)
            elif tag in _HEADINGS:
                yield "heading", " ".join(_text(child).split()), _linked(child)
            elif tag in _LISTS and (items := _items(child)):
                yield "list", "\n".join(items), _linked(child)
            elif tag != "br":
                yield "block", _text(child), 0
        else:
            run.append(_text(child))
            linked += _linked(child)
        run.append(child.tail or "")
    text, links = flush(), linked
    if text.strip():
        yield "bare", text, links


def _items(element: _Element) -> list[str]:
    """The items of a list whose items hold text only (no paragraphs, no lists)."""
    items = [child for child in element if isinstance(child.tag, str)]
    if not items or any(item.tag != "li" or any(_is_block(e) for e in item.iterdescendants())
                        for item in items):
        return []
    return [" ".join(_text(item).split()) for item in items]


def _is_block(element: _Element) -> bool:
    return isinstance(element.tag, str) and (element.tag in _BLOCKS or element.tag == "br")


def _linked(element: _Element) -> int:
    return sum(len(_norm(_text(a))) for a in element.iter("a"))


def _text(element: _Element) -> str:
    return "".join(t for t in element.itertext() if t is not None) if isinstance(
        element.tag, str) else ""


def _norm(text: str) -> str:
    return " ".join(text.removeprefix(BULLET).split()).casefold()



def keep_spaces(page: _Element) -> None:
    """Write the space between two inline elements into the second one: the extractor drops
    a space that stands alone between them when it rewrites the first (a link that holds
    only italics: "<a><em>streaming</em></a> <em>and</em>" comes out "streamingand")."""
    for element in page.iter(*_INLINE):
        after = element.getnext()
        if (element.tail and not element.tail.strip() and after is not None
                and after.tag in _INLINE and not (after.text or "x")[:1].isspace()):
            after.text = " " + (after.text or "")


def rejoin_link_splits(body: _Element | None) -> _Element | None:
    """The extractor's body with text that ran through links put back together: text
    written straight into a <div> comes out cut into a paragraph at each link, with the
    space after the link lost ("... the</p><p><ref>4th generation</ref>."). A paragraph
    that opens with a link continues one that stops mid-sentence. Text left after a
    block (a paragraph written straight after a heading, no <p> of its own) becomes a
    paragraph first."""
    if body is None:
        return body
    _tails_as_paragraphs(body)
    for ref in body.iter("ref"):
        if ref.tail and _SPACED_SCRIPT.match(ref.tail) and _SPACED_SCRIPT.match(
                (ref.text or "")[-1:]):
            ref.tail = " " + ref.tail
    previous = None
    for element in list(body):
        if previous is not None and element.tag == "p" == previous.tag \
                and _opens_with_link(element) and _stops_mid_sentence(previous):
            last = previous[-1] if len(previous) else None
            if last is None:
                previous.text = (previous.text or "").rstrip() + " "
            else:
                last.tail = (last.tail or "").rstrip() + " "
            previous.extend(list(element))
            body.remove(element)
            continue
        previous = element
    return body


def _tails_as_paragraphs(body: _Element) -> None:
    """Each run of text the extractor left between two of the body's blocks, as a <p>, when
    it opens a sentence (a capital, a figure, a quote): a fragment that runs on from
    something the extractor dropped (", there are two ...", "heads when ...") stays out."""
    for element in list(body):
        if _opens_sentence(element.tail or ""):
            paragraph = element.makeelement("p")
            paragraph.text, element.tail = element.tail, None
            element.addnext(paragraph)


def _opens_sentence(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and (first.isdigit() or first in OPENING_QUOTES
                            or (first.isalpha() and not first.islower()))


def _opens_with_link(element: _Element) -> bool:
    """A link, then more of the sentence (a paragraph that is only a link is a link)."""
    return (not (element.text or "").strip() and len(element) > 0 and element[0].tag == "ref"
            and bool((element[0].tail or "").strip() or len(element) > 1))


def _stops_mid_sentence(element: _Element) -> bool:
    text = " ".join("".join(element.itertext()).split())
    return len(text.split()) >= MIN_RUN_WORDS and text[-1:].isalnum() or text.endswith(",")
