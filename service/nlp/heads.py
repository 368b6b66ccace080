"""The head of a span of a parse, found in steps bounded by the span and a fixed depth.

spaCy's ``Span.root`` counts, for each candidate, the steps up to its sentence's root: in a
run-on "sentence" of thousands of tokens those chains are as long as the text, and the
extractors that ask it for every quote, date and figure would take quadratic time.
"""

from __future__ import annotations

from itertools import islice

# How far up the parse an extractor looks from a span: a governing verb, a clause head.
MAX_DEPTH = 12


def span_root(span):
    """The token of ``span`` whose head lies outside it (the span's head); of several, the
    one fewest steps (counted up to ``MAX_DEPTH``) below the top of the parse, the first
    on a tie."""
    start, end = span.start, span.end
    outside = [t for t in span if not start <= t.head.i < end or t.head.i == t.i]
    if len(outside) <= 1:
        return outside[0] if outside else span[0]
    return min(outside, key=lambda t: sum(1 for _ in islice(t.ancestors, MAX_DEPTH)))


def ancestors(token, depth: int = MAX_DEPTH):
    """The first ``depth`` heads above ``token``."""
    return islice(token.ancestors, depth)


_CHILDREN_KEY = "children_by_head"


def children(token) -> list:
    """``token.children``, from a table of the whole document made in one pass (spaCy
    scans from the token's leftmost descendant to its rightmost for each call: the root of
    a run-on text is scanned whole every time)."""
    doc = token.doc
    table = doc.user_data.get(_CHILDREN_KEY)
    if table is None:
        table = doc.user_data[_CHILDREN_KEY] = {}
        for t in doc:
            if t.head.i != t.i:
                table.setdefault(t.head.i, []).append(t)
    return table.get(token.i, [])


def governs(token, span) -> bool:
    """Whether ``token`` is a token of ``span`` or one of its heads (within ``MAX_DEPTH``)."""
    return any(t.i == token.i or any(a.i == token.i for a in ancestors(t)) for t in span)
