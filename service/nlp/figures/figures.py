"""Key figures in an article: money, percentages, counts and quantities, with what they measure."""

from __future__ import annotations

import re

from service.nlp.caps import Lazy, whole
from service.nlp.figures.amounts import Measure
from service.nlp.figures.figure_context import Context, describe, follow
from service.nlp.figures.measures import read_measures
from service.nlp.lexicon import MONTH_ABBREVIATIONS
from service.nlp.preceding import Preceding
from service.nlp.types import Structure

_MONTH = "(?:" + "|".join(MONTH_ABBREVIATIONS) + r")[a-z]*\.?"
_MONTH_BEFORE = Preceding(rf"(?i)\b{_MONTH}[ \u00a0]*$", 12, r"[^\W\d_]|[. \u00a0]")
_MONTH_AFTER_RE = re.compile(rf"(?i)(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?{_MONTH}(?!\w)")
_LABELS = ("article", "art", "section", "sec", "no", "nr", "number", "num", "paragraph", "para",
           "chapter", "ch", "part", "clause", "item", "rule", "resolution", "page", "pp",
           "vol", "volume", "flight", "route", "room", "platform", "gate", "exit", "highway",
           "interstate", "district", "ward", "unit", "line", "phase", "stage", "level", "grade",
           "category", "table", "figure", "fig", "appendix", "annex", "schedule", "amendment",
           "version", "model", "type", "class", "division", "lot", "block", "floor", "box",
           "code", "episode", "season", "round", "game", "match", "week", "day", "step")
_LABEL = Preceding(r"(?i)(?<![\w])(?:" + "|".join(_LABELS) + r")\.?[ \u00a0]*#?[ \u00a0]*$", 16,
                   r"[^\W\d_]|[.# \u00a0]")
_BARE_RE = re.compile(r"\d+(?:\.\d+)?")
_ERA_RE = re.compile(r"[ \u00a0]*(?:B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?!\w)")
_LIST_MARK_RE = re.compile(r"[.)][ \t]")
_ONE_BEFORE = Preceding(r"(?i)(?<![\w])(?:the|this|that|which|each|every|any|no)[ \u00a0]+$", 8)
_ONE_AFTER_RE = re.compile(r"(?i)[ \u00a0]*(?:-|of\b|another\b|by[ ]+one\b|hand\b|way\b)")
_ONE_DAY_RE = re.compile(r"(?i)[ \u00a0]+day\b")
_DURATION_BEFORE = Preceding(
    r"(?i)\b(?:for|in|within|after|over|than|per|just|only)[ \u00a0]+$", 12)
_RATE_WORD_RE = re.compile(r"(?i)an?\b")
_NAME_ENTS = frozenset({"ORG", "PERSON", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT",
                        "GPE", "LOC", "NORP", "LANGUAGE"})


def extract_figures(doc, structure: Structure, dates: list[dict]) -> list[dict]:
    """Figures in text order with ids f1, f2, ...; ``doc`` is the spaCy parse of the text."""
    return whole(find_figures(doc, structure, dates))


def find_figures(doc, structure: Structure, dates: list[dict]) -> Lazy:
    """The figures of ``extract_figures``, found and counted at once, each described (its
    context, what it measures, its ``sentence``, a ``Sentence``) when first read."""
    text = structure.text
    context = Context(doc, structure, dates)
    # a duration ("over 3 years") is a date and a measured quantity both
    found = read_measures(text, [(d["start"], d["end"]) for d in dates
                                 if d["granularity"] != "duration"])
    measures = [m for k, m in enumerate(found)
                if _is_figure(m, text, doc) and not _is_rate(m, found[k - 1] if k else None, text)]

    def make(k: int, made: list[dict]) -> dict:
        figure = describe(f"f{k + 1}", measures[k], context)
        if k:  # a figure may take from the one before it, never from one after
            follow(text, measures[k - 1], measures[k], made[k - 1], figure)
        return figure

    return Lazy(len(measures), make)


def _is_figure(m: Measure, text: str, doc) -> bool:
    tokens = _tokens(doc, m.start, m.end)
    if _in_title_name(m, text):
        return False
    if m.kind != "count":
        return not (m.unit == "day" and _is_pronoun_one(m, text, tokens))
    return not (_is_year(m, text, tokens) or _is_day_of_month(m, text, tokens)
                or _is_label(m, text, tokens) or _is_list_mark(m, text, tokens)
                or _is_pronoun_one(m, text, tokens) or _in_name(m, text, tokens))


_TITLE_WORD_RE = re.compile(r"[ \u00a0-](?:[A-Z][a-z'’]{1,20}|of|the)\b")
_SENTENCE_OPEN = Preceding(r"(?:^|[.!?:;\"“‘(\n])[ \u00a0]*$", 4)


def _in_title_name(m: Measure, text: str) -> bool:
    """Capitalised number words inside the sentence, with a capitalised word after them,
    are a name: "Ninety Mile Beach", "the Twelve Apostles", "Three Gorges Dam"."""
    if not m.words or m.qualifier or not text[m.start:m.start + 1].isupper():
        return False
    if _SENTENCE_OPEN.before(text, m.start):
        return False
    words = text[m.start:m.end].split()
    if not all(w[:1].isupper() for w in words):
        return False
    return bool(_TITLE_WORD_RE.match(text, m.end)) and text[m.end + 1:m.end + 2].isupper()


def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else doc[0:0]


def _is_year(m: Measure, text: str, tokens) -> bool:
    if m.plain and _ERA_RE.match(text, m.end):
        return True
    if not (m.plain and 1800 <= m.value <= 2100):
        return False
    tok = tokens[-1] if len(tokens) else None
    counted = (tok is not None and tok.ent_type_ == "CARDINAL" and tok.dep_ == "nummod"
               and tok.head.tag_ == "NNS")
    return not counted


def _is_day_of_month(m: Measure, text: str, tokens) -> bool:
    if not (m.plain and 1 <= m.value <= 31):
        return False
    return bool(_MONTH_BEFORE.before(text, m.start)
                or _MONTH_AFTER_RE.match(text, m.end))


def _is_label(m: Measure, text: str, tokens) -> bool:
    """"Article 5", "section 119.3", "No. 7", "Flight 370", "CTF 50": numbers naming things."""
    written = text[m.start:m.end]
    if m.qualifier or not (_BARE_RE.fullmatch(written) or (m.words and m.value == int(m.value))):
        return False
    if _LABEL.before(text, m.start):
        return True
    tok = tokens[0] if len(tokens) else None
    prev = tok.nbor(-1) if tok is not None and tok.i > 0 else None
    if prev is None or prev.pos_ != "PROPN" or not prev.text[:1].isupper():
        return False
    return not (tok.dep_ == "nummod" and tok.head.i > tok.i)


def _is_list_mark(m: Measure, text: str, tokens) -> bool:
    if not (m.plain and _LIST_MARK_RE.match(text, m.end)):
        return False
    # only blanks between the start of the line and the number (read back over them: a
    # line of many numbers costs no more than its length)
    at = m.start
    while at and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return not at or text[at - 1] == "\n"


def _is_pronoun_one(m: Measure, text: str, tokens) -> bool:
    """"one of", "one another", "the one", "one day" (some day): not a count."""
    if not (m.words and m.value == 1 and text[m.start:m.start + 3].lower() == "one"):
        return False
    if _ONE_DAY_RE.match(text, m.start + 3):
        return not _DURATION_BEFORE.before(text, m.lead)
    if m.end != m.start + 3:
        return False
    if len(tokens) and tokens[0].pos_ == "PRON":
        return True
    return bool(_ONE_AFTER_RE.match(text, m.end)
                or _ONE_BEFORE.before(text, m.start))


def _is_rate(m: Measure, prev: Measure | None, text: str) -> bool:
    """"64.2 cents a dozen": after an amount, "a dozen" is a rate, not a count."""
    return (m.kind == "count" and prev is not None and prev.kind != "count"
            and bool(_RATE_WORD_RE.match(text, m.start)) and not text[prev.end:m.start].strip())


def _in_name(m: Measure, text: str, tokens) -> bool:
    """Whole numbers inside names ("Boeing 737", "Ocean's Eleven"), dates or times."""
    if m.plain and m.value_max is None and any(t.ent_type_ in ("DATE", "TIME") for t in tokens):
        return True
    whole = m.plain or (m.words and m.value == int(m.value))
    return whole and any(t.ent_type_ in _NAME_ENTS for t in tokens)
