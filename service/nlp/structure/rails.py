"""A rail of teasers at the end of the extracted body: headings that are links to other
stories, each with its short summary ("Other Opinion Columns": headline, standfirst;
headline, standfirst), known by its link density, its rhythm and its place."""

from __future__ import annotations

from lxml.etree import _Element

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
