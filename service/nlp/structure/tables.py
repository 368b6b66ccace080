"""Data tables as the extractor should read them: markup around or inside a table that
makes it lose the table's text, undone on the page's copy before extraction.

- A table set in a ``<blockquote>`` (an indented table) comes out as one run of its cells'
  text glued together ("MemberVotesAnna Berg63"): the quote becomes a plain block.
- A row label that is wholly a link, beside cells of unlinked text (a table of products
  or places, each linked to its page), is dropped as a link: the link goes, its text stays.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element

_CELLS = ("td", "th")


def readable_tables(page: _Element) -> None:
    """Undo, in place, the markup that makes the extractor lose a table's text."""
    for quote in page.iter("blockquote"):
        if _holds_only_tables(quote):
            quote.tag = "div"
    for row in page.iter("tr"):
        cells = [c for c in row if c.tag in _CELLS]
        labels = [c for c in cells if _only_link(c) is not None]
        if labels and any(_own_text(c) for c in cells if c not in labels):
            for cell in labels:
                etree.strip_tags(cell, "a")


def _holds_only_tables(element: _Element) -> bool:
    children = [c for c in element if isinstance(c.tag, str)]
    return (bool(children) and all(c.tag == "table" for c in children)
            and not (element.text or "").strip()
            and not any((c.tail or "").strip() for c in children))


def _only_link(cell: _Element) -> _Element | None:
    """The one link that holds all of the cell's text, or None."""
    links = cell.findall(".//a")
    if len(links) != 1 or cell.find(".//table") is not None:
        return None
    text = _squeezed(cell)
    return links[0] if text and _squeezed(links[0]) == text else None


def _own_text(cell: _Element) -> bool:
    """Text in the cell that is not a link's."""
    linked = sum(len(_squeezed(a)) for a in cell.iter("a"))
    return len(_squeezed(cell)) > linked


def _squeezed(element: _Element) -> str:
    return "".join("".join(element.itertext()).split())
