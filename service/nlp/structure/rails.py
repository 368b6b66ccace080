"""A rail of teasers at the end of the extracted body: headings that are links to other
stories, each with its short summary ("Other Opinion Columns": headline, standfirst;
headline, standfirst), known by its link density, its rhythm and its place; in pasted text,
a rail's label and the headlines under it."""

from __future__ import annotations

import re

from lxml.etree import _Element

from service.nlp.structure.shape import ends_clause, starts_heading, word_count

MIN_TEASERS = 3
LINK_SHARE = 0.5
MAX_SUMMARY_WORDS = 60
MAX_RAIL_TITLE_WORDS = 6
# Between two teaser headings: at most this many short elements (a summary, an image link).
MAX_BETWEEN = 2


def drop_rails(body: _Element | None) -> list[str]:
    """Remove a trailing rail of teasers from ``body`` (the extractor's XML) and give its
    texts: three linked headings or more, each followed by at most two short elements,
    with no article prose after them; the rail's own unlinked title goes with it."""
    if body is None:
        return []
    children = list(body)
    teasers = [i for i, e in enumerate(children) if e.tag == "head" and _is_linked(e)]
    run: list[int] = []
    for i in teasers:
        if run and (i - run[-1] > MAX_BETWEEN + 1
                    or not all(_short(children[j]) for j in range(run[-1] + 1, i))):
            run = []
        run.append(i)
    if len(run) < MIN_TEASERS or not all(_short(e) for e in children[run[-1] + 1:]):
        return []
    start = run[0]
    title = children[start - 1] if start > 0 else None
    if (title is not None and title.tag == "head" and not _is_linked(title)
            and len(_text(title).split()) <= MAX_RAIL_TITLE_WORDS):
        start -= 1
    removed = []
    for element in children[start:]:
        if _text(element):
            removed.append(_text(element))
        body.remove(element)
    return removed


def _is_linked(element: _Element) -> bool:
    total = len(_text(element))
    linked = sum(len(_text(ref)) for ref in element.iter("ref"))
    return total > 0 and linked >= LINK_SHARE * total


def _short(element: _Element) -> bool:
    return len(_text(element).split()) <= MAX_SUMMARY_WORDS


def _text(element: _Element) -> str:
    return " ".join("".join(element.itertext()).split())


# A rail's label in pasted text: "Related stories:", "More from Example Post", "Read more".
_RAIL_LABEL = re.compile(
    r"(?:(?:related|recommended|more|further|other|popular|top|latest|trending)"
    r"(?:\s{1,3}[\w’'&.\-]{1,30}){0,3}\s{1,3}(?:stories|news|articles|reads?|reading|coverage"
    r"|headlines|posts|links|videos)"
    r"|more\s{1,3}(?:stories\s{1,3})?from(?:\s{1,3}[\w’'&.\-]{1,30}){1,4}|related"
    r"|recommended(?:\s{1,3}for\s{1,3}you)?|(?:read|see)\s{1,3}(?:more|also|next)"
    r"|also\s{1,3}read|don['’]t\s{1,3}miss|you\s{1,3}may\s{1,3}(?:also\s{1,3})?like"
    r"|editor['’]?s\s{1,3}picks?|most\s{1,3}(?:read|popular|viewed|shared))\s{0,3}:?", re.I)
MAX_LABEL_WORDS = 6
MAX_ITEM_WORDS = 20
MIN_ITEMS = 2
# The story has begun once a block this long has been read.
MIN_STORY_WORDS = 25


def drop_labelled_rails(blocks: list[str]) -> tuple[list[str], list[str]]:
    """Remove a rail of other stories from pasted text: a short label ("Related stories:",
    "More from Example Post") and two or more headline-like lines under it (no sentence
    end, each opening with a capital or a list marker), once the story has begun."""
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    started = False
    while i < len(blocks):
        block = blocks[i]
        if started and _is_rail_label(block):
            end = i + 1
            while end < len(blocks) and _is_rail_item(blocks[end]):
                end += 1
            if end - i - 1 >= MIN_ITEMS:
                removed += blocks[i:end]
                i = end
                continue
        kept.append(block)
        started = started or word_count(block) >= MIN_STORY_WORDS
        i += 1
    return kept, removed


def _is_rail_label(block: str) -> bool:
    return word_count(block) <= MAX_LABEL_WORDS and bool(_RAIL_LABEL.fullmatch(block.strip()))


def _is_rail_item(block: str) -> bool:
    item = block.removeprefix("• ").strip()
    return (0 < word_count(item) <= MAX_ITEM_WORDS and starts_heading(item)
            and not ends_clause(item.rstrip("?")) and not _RAIL_LABEL.fullmatch(item))


MIN_TRAILING_HEADLINES = 3
MIN_PARAGRAPH_WORDS = 12
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 15


def drop_trailing_headlines(body: list[str]) -> tuple[list[str], list[str]]:
    """Remove a run of three or more headlines of other stories ending the text: lines of
    four to fifteen words opening with a capital and closing no clause, after a paragraph
    that ends a sentence (a list the story introduces ends its lead-in with a colon)."""
    start = len(body)
    while start > 1 and _is_headline_line(body[start - 1]):
        start -= 1
    if (len(body) - start < MIN_TRAILING_HEADLINES or start < 1
            or not ends_clause(body[start - 1]) or body[start - 1].rstrip().endswith(":")
            or word_count(body[start - 1]) < MIN_PARAGRAPH_WORDS):
        return body, []
    return body[:start], body[start:]


def _is_headline_line(block: str) -> bool:
    return (MIN_HEADLINE_WORDS <= word_count(block) <= MAX_HEADLINE_WORDS
            and starts_heading(block) and not ends_clause(block) and " | " not in block
            and not block.startswith("• "))
