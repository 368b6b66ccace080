"""Date expressions in an article, resolved against an anchor the text or the caller gives.

The anchor is the caller's publication date, the dateline's or the page metadata's date;
without one, a year the text names anchors months and days that lack a year, and every
relative expression (a weekday, "last week", "yesterday") is kept as said, unresolved.
Nothing here reads the clock.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from itertools import chain

from service.nlp.caps import whole
from service.nlp.dates.anchor import anchor_of
from service.nlp.dates.context import Context
from service.nlp.dates.expressions import (
    BARE,
    COMPILED_FORMS,
    WEEKDAY_ONLY,
    read_expression,
    unresolved_fields,
)
from service.nlp.heads import ancestors, children, span_root
from service.nlp.places import Places
from service.nlp.sentences import SentenceIndex
from service.nlp.types import Structure

_FULL_YEAR_RE = re.compile(r"\d{4}")
def resolve(text: str, anchor: dt.date | None, *, tense: str | None = None,
            refer: dict | None = None, year_hint: int | None = None) -> dict | None:
    """Resolve one date expression against the anchor date ``anchor``.

    Returns value, granularity, start_date, end_date, qualifier and resolved, or None.
    ``tense`` ("past", "present" or "future") of the clause steers yearless dates and weekdays;
    ``refer`` is the resolved date that "the same period in 2022" points back to. Weeks
    ("last week", "two weeks ago", weekends) have granularity ``week`` and an ISO week
    value ("2023-W20"); other periods the API has no granularity for (day or month ranges,
    halves, seasons) take the smallest calendar unit holding them, their exact range in
    start_date..end_date. Durations ("nearly four years") have granularity ``duration``
    and an ISO 8601 duration value ("P4Y"); named days ("Thanksgiving Day") have
    granularity ``holiday`` and their date as value. Without an anchor only expressions
    that carry their own year resolve. ``year_hint``, when given, is the year a month or
    day without a year takes (callers pass a year the text names when they have no anchor).
    """
    return read_expression(text, Context(anchor, tense, refer, year_hint))[0]


def timeline(dates: list[dict]) -> list[dict]:
    """Dates in calendar order; durations and unresolved dates after them, in text order."""
    def key(d):
        placed = d["start_date"] is not None and d["granularity"] != "duration"
        return (not placed, d["start_date"] or "", d["end_date"] or "", d["start"])

    return sorted(dates, key=key)


_DATE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
_DATE_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "during", "before", "after",
    "of", "for", "between", "and", "or", "throughout", "early", "late", "mid", "around"})
# A date after these names a target, which may lie after publication even in a past-tense clause.
_TARGET_PREPOSITIONS = frozenset({"to", "for", "until", "till", "by", "before"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_HEADS = frozenset({"expect", "schedule", "plan", "set", "due", "intend", "slate", "go"})


def _candidates(text: str) -> list[tuple[int, int]]:
    """Every span some form matches within one line, longest first."""
    spans: set[tuple[int, int]] = set()
    for pattern, _ in COMPILED_FORMS:
        for m in pattern.finditer(text):
            if "\n" not in m.group():
                spans.add(m.span())
                continue
            # no date runs across a line or paragraph break: read each line it touched
            lo = text.rfind("\n", 0, m.start()) + 1
            while lo <= m.end():
                hi = text.find("\n", lo)
                hi = len(text) if hi < 0 else hi
                spans.update(n.span() for n in pattern.finditer(text, lo, hi))
                lo = hi + 1
    return sorted(spans, key=lambda s: (s[0] - s[1], s[0]))


def _is_date_context(doc, start: int, end: int) -> bool:
    """Whether spaCy calls the span a date, or a date preposition introduces it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if any(t.ent_type_ == "DATE" for t in span):
        return True
    root = span_root(span)
    if root.tag_ == "MD" or root.pos_ == "VERB" or root.dep_ == "nummod":
        return False
    before = doc[span.start - 1] if span.start else None
    return before is not None and before.lower_ in _DATE_PREPOSITIONS


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans``: spans in order, none overlapping
    another, so that their ends are in order too and the last one starting before ``end``
    reaches furthest."""
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


def _inside_name(names: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span is part of a longer non-date entity ("the 2022 World Cup")."""
    i = bisect.bisect_right(names, (start, end))
    nearby = names[max(i - 1, 0):i + 2]  # spaCy entities never overlap
    return any(a < end and start < b and b - a > end - start for a, b in nearby)


def _verb_tense(verb) -> str | None:
    for _ in range(4):
        aux = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
        if any(c.lower_ in _FUTURE_AUX for c in aux):
            return "future"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
            return "past"
        if verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in aux):
            return "past"
        if verb.tag_ in ("VBZ", "VBP") and not aux:
            return "present"  # "the tournament ends on Sunday": a schedule
        # "is expected to meet on Monday", "finished counting on Monday": the head's tense
        infinitive = verb.tag_ == "VB" and any(c.tag_ == "TO" for c in aux)
        gerund = verb.tag_ == "VBG" and not aux and verb.dep_ == "xcomp"
        if not (infinitive or gerund) or verb.head is verb:
            return None
        verb = verb.head
        if verb.lemma_ in _FUTURE_HEADS:
            return "future"
    return None


def _tense(doc, start: int, end: int) -> str | None:
    """Past or future for the clause governing the date, when the parse tells."""
    root = span_root(doc.char_span(start, end, alignment_mode="expand"))
    if root.head.pos_ == "ADP" and root.head.lower_ in _TARGET_PREPOSITIONS:
        return None
    # a few steps up: a run-on "sentence" has chains of heads as long as itself
    verb = next((t for t in chain((root,), ancestors(root))
                 if t.pos_ in ("VERB", "AUX")), None)
    return _verb_tense(verb) if verb is not None else None


_LOOSE_ARTICLE = re.compile(r"an?\s", re.I)
_DURATION_INTRO = frozenset({"for", "in", "within", "after", "over", "than", "nearly", "almost",
                             "about", "around", "past", "last", "next", "of", "under"})


def _loose_duration(text: str, start: int) -> bool:
    """"a month" in "$500 a month" is a rate; "for a month" is a duration."""
    if not _LOOSE_ARTICLE.match(text, start):
        return False
    before = text[max(0, start - 12):start].split()
    return not before or before[-1].lower() not in _DURATION_INTRO


def extract_dates(doc, structure: Structure) -> list[dict]:
    """Every date expression of the article in text order (ids d1, d2, ...): resolved
    against the anchor, or kept as said with ``value`` None and ``resolved`` False."""
    return whole(find_dates(doc, structure))


def find_dates(doc, structure: Structure) -> list[dict]:
    """The dates of ``extract_dates``, each ``sentence`` a ``Sentence`` (read when the
    analysis is put out: the sentences of every date of a long text are much text)."""
    text = structure.text
    anchor, hint = anchor_of(structure)
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in _DATE_LABELS]
    chosen: list[tuple[int, int, str | None]] = []
    taken: list[tuple[int, int]] = []  # the spans chosen, in order
    for start, end in _candidates(text):
        if _overlaps(taken, start, end):
            continue
        if BARE.fullmatch(text[start:end]) and not _is_date_context(doc, start, end):
            continue
        if _inside_name(names, start, end) or _loose_duration(text, start):
            continue
        tense = _tense(doc, start, end)
        fields, needs = read_expression(text[start:end], Context(anchor, tense, None, hint))
        if fields is not None or needs:
            chosen.append((start, end, tense))
            bisect.insort(taken, (start, end))
    sentences = SentenceIndex.of(doc, structure)
    paragraphs = [p.start for _, p in structure.paragraphs()]
    places = Places(structure)
    dates: list[dict] = []
    said: dict[str, dict] = {}  # one weekday named twice is one day
    fixed = None  # the last date resolved to a point in time, which a later one may refer to
    told = None  # (paragraph, day) of the last full date the text names, with its year
    for start, end, tense in sorted(chosen):
        sentence = sentences.at(start)
        block = bisect.bisect_right(paragraphs, start)
        refer = fixed if fixed is not None and fixed["_sentence"] >= sentence - 1 else None
        narrative = told[1] if told is not None and told[0] >= block - 1 else None
        expression = " ".join(text[start:end].lower().split())
        fields, needs = read_expression(text[start:end],
                                        Context(anchor, tense, refer, hint, narrative))
        if fields is None:
            fields = unresolved_fields(needs)
        elif WEEKDAY_ONLY.fullmatch(" ".join(text[start:end].split())):
            fields = said.setdefault(expression, fields)
        section, paragraph = places.locate(start)
        dates.append({"id": f"d{len(dates) + 1}", "text": text[start:end], **fields,
                      "sentence": None, "start": start, "end": end,
                      "section": section, "paragraph": paragraph, "_sentence": sentence})
        sentences.give_sentence(dates[-1])
        if fields["resolved"] and fields["granularity"] not in ("duration", "holiday"):
            fixed = dates[-1]
        if fields["granularity"] == "day" and fields["resolved"] \
                and _FULL_YEAR_RE.search(text, start, end):
            told = block, dt.date.fromisoformat(fields["start_date"])
    for date in dates:
        del date["_sentence"]
    return dates
