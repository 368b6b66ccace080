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
