"""The extractor's body (its XML: ``p``, ``head``, ``list``, ``quote``, ``table``) -> the
blocks of ``analyze_structure``: one paragraph, section title, list item or table row each,
and the link lists (related stories, "more from" rails) set apart."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree
from lxml.etree import _Element

from service.nlp.structure.blocks import preformatted_blocks, rejoin_wrapped

# Lists whose items are mostly the text of links: related stories, "more from" rails.
MIN_LIST_LINKS = 3
LINK_DENSITY = 0.9
MIN_HEADLINE_WORDS = 4

BULLET = "• "
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row"})
# A table cell holding one of these is part of the page's layout, not a datum.
_LAYOUT_TAGS = frozenset({"head", "quote", "list", "table"})
MAX_DATUM_WORDS = 40


def body_blocks(body: _Element | None) -> tuple[list[str], list[str]]:
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
        elif element.tag == "quote" and (laid_out := preformatted_blocks(
                "".join(element.itertext()))):
            blocks += laid_out  # wire text in <pre>: its paragraphs as in plain text
        elif element.tag == "table":
            rows, listed = _table_rows(element)
            blocks += rows
            links += listed
        elif element.tag != "graphic":
            blocks += rejoin_wrapped(_lines(element))
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


def _table_rows(element: _Element) -> tuple[list[str], list[str]]:
    """One block a row, its cells joined by " | " (a table's text is part of the article);
    a row whose cells hold paragraphs or headings lays out the page, and each of its
    cells gives its blocks (and its link lists) as the body does."""
    rows: list[str] = []
    links: list[str] = []
    menu = _is_menu(element)
    for row in element.iterchildren("row"):
        cells = list(row.iterchildren("cell"))
        if any(_lays_out(cell) for cell in cells):
            for cell in cells:
                found, listed = body_blocks(_as_body(cell))
                rows += found
                links += listed
            continue
        line = " | ".join(c for c in (" ".join(_text(cell, None).split()) for cell in cells) if c)
        if line:
            (links if menu else rows).append(line)
    return rows, links


def _is_menu(table: _Element) -> bool:
    """A table laid out as a menu: each row with text holds three cells or more that hold
    text, each of them wholly a link (a table of data may link its column heads only)."""
    rows = [[cell for cell in row.iterchildren("cell") if _chars(cell)]
            for row in table.iterchildren("row")]
    rows = [row for row in rows if row]
    return bool(rows) and all(
        len(row) >= MIN_LIST_LINKS and all(
            sum(_chars(ref) for ref in cell.iter("ref")) >= LINK_DENSITY * _chars(cell)
            for cell in row)
        for row in rows)


def _lays_out(cell: _Element) -> bool:
    """A cell that holds part of the page, not a datum: a heading, a list, a quote or a
    table, or paragraphs of more than ``MAX_DATUM_WORDS`` words."""
    children = [child.tag for child in cell]
    if any(tag in _LAYOUT_TAGS for tag in children):
        return True
    return children.count("p") >= 2 and len(_text(cell, None).split()) > MAX_DATUM_WORDS


def _as_body(cell: _Element) -> _Element:
    """A layout cell as a body of blocks: its runs of text and links between the blocks
    become paragraphs of their own (line breaks kept)."""
    body = etree.Element("body")
    run: _Element | None = None

    def add_text(text: str | None) -> None:
        nonlocal run
        if not (text or "").strip():
            return
        if run is None:
            run = etree.SubElement(body, "p")
        if len(run):
            run[-1].tail = (run[-1].tail or "") + text
        else:
            run.text = (run.text or "") + text

    add_text(cell.text)
    for child in cell:
        copy = deepcopy(child)
        copy.tail = None
        if child.tag in _LAYOUT_TAGS or child.tag == "p":
            body.append(copy)
            run = None
        else:
            if run is None:
                run = etree.SubElement(body, "p")
            run.append(copy)
        add_text(child.tail)
    return body


def _list_items(element: _Element) -> list[str]:
    items = []
    for item in element.iterchildren("item"):
        own = [line for line in _lines(item, skip="list") if line]
        if own:
            items.append(BULLET + " ".join(own))
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
