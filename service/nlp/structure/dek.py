"""The dek (standfirst) a page's markup gives: a classed element or a block placed under
the headline, else the page's description when it is about the story and not its lead."""

from __future__ import annotations

import re

from lxml.etree import _Element

from service.nlp.structure.chrome import bears_stamp, is_furniture_line
from service.nlp.structure.page import same_text
from service.nlp.structure.shape import word_count as _word_count

MAX_DEK_WORDS = 40
# A description that repeats this many opening blocks of the body is no dek.
LEAD_BLOCKS = 5

_DEK_CLASS = re.compile(
    r"(?:^|[-_])(?:dek|deck|standfirst|stand-first|strapline|subtitle|sub-title"
    r"|subheadline|sub-headline|summary)$",
    re.I,
)
_DEK_TAGS = ("p", "h2", "h3", "div", "span")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[^\W\d_]|[。！？](?=.)")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_COMMON = frozenset({
    "from", "with", "that", "this", "have", "been", "will", "they", "their", "there", "said",
    "were", "after", "into", "over", "about", "more", "than", "what", "when", "which", "while",
})


def page_dek(tree: _Element, h1: _Element | None, document, title: str | None,
             blocks: list[str]) -> str | None:
    """A standfirst element after the headline, else the page description unless it is
    the lead."""
    if not blocks:
        return None
    classed = [e for e in _dek_candidates(tree, h1)
               if any(_DEK_CLASS.search(token) for token in e.get("class", "").split())]
    placed = [e for e in _under_headline(h1)
              if not bears_stamp(" ".join(e.text_content().split()))]
    for element in classed + placed:
        text = " ".join(element.text_content().split())
        if (4 <= _word_count(text) <= MAX_DEK_WORDS and not same_text(text, title)
                and not is_furniture_line(text)):
            return None if _is_body_lead(text, blocks) else _as_dek(text)
    description = " ".join((document.description or "").split()) if document is not None else ""
    if (_ELLIPSIS.search(description) or not 4 <= _word_count(description) <= MAX_DEK_WORDS
            or _is_lead(description, blocks) or not _related(description, blocks)
            or _is_body_lead(description, blocks)):
        return None
    return _as_dek(description)


def _under_headline(h1: _Element | None) -> list[_Element]:
    """Where a standfirst stands by its place: a subheading right after the <h1> (not a
    link, nor the first of the section titles that share its tag), or the first block
    after the <h1> in the <header> (or <hgroup>) that holds the headline."""
    following = next((e for e in h1.itersiblings() if e.text_content().strip()),
                     None) if h1 is not None else None
    if following is None or following.tag not in _DEK_TAGS or _linked(following):
        return []
    parent = h1.getparent()
    if parent is not None and parent.tag in {"header", "hgroup"}:
        return [following]
    if following.tag in {"h2", "h3"} and next(following.itersiblings(following.tag),
                                              None) is None:
        return [following]
    return []


def _linked(element: _Element) -> bool:
    """Whether half the element's text or more is the text of links."""
    text = "".join(element.text_content().split())
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a"))
    return linked * 2 >= len(text)


def _is_body_lead(text: str, blocks: list[str]) -> bool:
    """A teaser of several sentences that the body also holds is its lead paragraph."""
    return bool(_SENTENCE_BREAK.search(text)) and any(same_text(b, text) for b in blocks[:3])


def _dek_candidates(tree: _Element, h1: _Element | None) -> list[_Element]:
    """Classed elements that may hold the dek: those following the headline inside its
    header or article (not teasers elsewhere on the page), or anywhere without an <h1>;
    never one inside a link (the summary of a teaser for another story)."""
    if h1 is None:
        return tree.xpath("|".join(f"//{tag}[@class][not(ancestor::a)]" for tag in _DEK_TAGS))
    scope = next((a for a in h1.iterancestors() if a.tag in {"header", "article", "main"}),
                 h1.getparent())
    following = h1.xpath("|".join(f"following::{tag}[@class][not(ancestor::a)]"
                                  for tag in _DEK_TAGS))
    return [e for e in following if scope is not None and scope in e.iterancestors()]


def _as_dek(text: str) -> str:
    # analyze_structure reads a block ending a sentence as body text when the article has
    # no dateline; a dek is a display line, so its closing full stop is dropped.
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def _is_lead(description: str, blocks: list[str]) -> bool:
    """Whether a description repeats the opening of the body: the first paragraph (often
    after its dateline), or the first blocks run together (a caption, a title, the lead)."""
    opening = _squeezed(description).rstrip(".…")[:100]
    return bool(opening) and opening in _squeezed("".join(blocks[:LEAD_BLOCKS]))


def _squeezed(text: str) -> str:
    return "".join(text.casefold().split())


def _related(description: str, blocks: list[str]) -> bool:
    """Whether a description is about the article (not a site slogan): half its content
    words recur in the body."""
    words = {w for w in _WORD.findall(description.lower()) if len(w) >= 4} - _COMMON
    body = set(_WORD.findall(" ".join(blocks).lower()))
    return not words or len(words & body) * 2 >= len(words)
