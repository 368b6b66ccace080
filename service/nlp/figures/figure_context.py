"""What a figure is about: its change, the thing it measures and its period, from the parse."""

from __future__ import annotations

import bisect
import re

from service.nlp.caps import Sentence
from service.nlp.figures.amounts import Measure
from service.nlp.figures.measured import (
    CHANGE_NOUNS,
    LEVEL_VERBS,
    direction,
    figure_root,
    measured_thing,
)
from service.nlp.heads import children, span_root
from service.nlp.places import Places
from service.nlp.preceding import Preceding
from service.nlp.sentences import SentenceIndex, stripped
from service.nlp.types import Structure

_UP_DOWN = Preceding(r"(?i)(?<![\w])(up|down)[ \u00a0]+$", 8)
# "put up 43 million euros", "racked up 5 wins": a verb whose particle is no direction.
_PARTICLE_VERB = Preceding(
    r"(?i)\b(?:put|puts|putting|set|sets|setting|pon(?:y|ied|ies)|cough\w{0,3}|ante\w{0,2}"
    r"|stump\w{0,3}|pa(?:y|id|ys)|pick\w{0,3}|rack\w{0,3}|sign\w{0,3}|put|end\w{0,3}"
    r"|ke(?:ep|pt)|wr(?:ite|ote|itten)|t(?:ake|ook|aken))[ \u00a0]+up[ \u00a0]+$", 24)
# Nouns that take the direction of the change noun before them: "a growth rate of 6.3%".
_RATE_NOUNS = frozenset({"rate", "pace", "figure", "level", "number"})
_EQUIVALENT_GAP_RE = re.compile(
    r"\s*(?:[(\[]\s*(?:or\b)?|,?\s*or\b|,?\s*(?:equivalent|equal)\s+to\b|[–—])\s*")
_OR_RE = re.compile(r"\s*,?\s*or\b")
_COMPARED_RE = re.compile(
    r"(?i)\b(?:compared\s+(?:to|with)|as\s+against|versus|vs\.?|against|than|from)"
    r"\s+(?:\S+\s+){0,3}$")
_PERIOD_RE = re.compile(
    r"(?i)\b(?:in|during|for|over|since|throughout|through|by|as\s+of|until|within|of)"
    r"\s+(?:the\s+)?(?:\S+\s+)?$")
_YEAR_ON_YEAR_RE = re.compile(
    r"(?i)\b(?:year[- ]on[- ]year|year[- ]over[- ]year|y/y|yoy|from\s+a\s+year\s+(?:earlier|ago)"
    r"|than\s+a\s+year\s+(?:earlier|ago))\b")

# Verbs that take the amount as their object ("cut 500 jobs"): a change only of a rate.
_TRANSITIVE = frozenset({"add", "boost", "raise", "hike", "lift", "lose", "shed", "cut",
                         "reduce", "lower", "slash", "gain"})
_COMPARATIVES = {"high": "increase", "more": "increase", "great": "increase",
                 "large": "increase", "big": "increase", "low": "decrease",
                 "less": "decrease", "small": "decrease", "few": "decrease",
                 "cheap": "decrease"}


class Context:
    """What every figure of one document is described against, looked up by search: the
    dates in text order and where each paragraph lies."""

    def __init__(self, doc, structure: Structure, dates: list[dict]) -> None:
        self.doc, self.structure = doc, structure
        self.sentences = SentenceIndex.of(doc, structure)
        self.dates = sorted(dates, key=lambda d: d["start"])
        self.date_starts = [d["start"] for d in self.dates]
        self.places = Places(structure)

    def dates_between(self, lo: int, hi: int) -> list[dict]:
        """The dates that start in ``lo:hi``."""
        return self.dates[bisect.bisect_left(self.date_starts, lo):
                          bisect.bisect_left(self.date_starts, hi)]


def describe(fid: str, m: Measure, context: Context) -> dict:
    """The figure of ``m``, its ``sentence`` a ``Sentence``."""
    doc, structure, sentences = context.doc, context.structure, context.sentences
    text = structure.text
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    sentence = (sentences.chars(sentences.of_token(span.start))
                if span is not None and len(span) else None)
    period, compared = _periods(text, m, span, sentence, context)
    section, paragraph = context.places.locate(m.start)
    lo, hi = stripped(text, *(sentence if sentence is not None else (0, len(text))))
    return {
        "id": fid, "kind": m.kind, "text": text[m.start:m.end], "value": _json_number(m.value),
        "value_max": _json_number(m.value_max), "unit": m.unit, "qualifier": m.qualifier,
        "change": _change(m, span, text), "of": measured_thing(m, span), "period": period,
        "compared_with": compared, "equivalent_of": None,
        "sentence": Sentence(text, lo, hi), "start": m.start, "end": m.end, "section": section,
        "paragraph": paragraph,
    }


def _json_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    value = float(f"{value:.15g}")  # 56.7 * 1e9 is 56700000000.00001 in binary
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def follow(text: str, a: Measure, b: Measure, first: dict, second: dict) -> None:
    """What figure ``second`` (of ``b``) takes from ``first`` (of ``a``), the figure right
    before it: an equivalent, then a gapped clause. In place."""
    _link_equivalent(text, a, b, first, second)
    _carry_gapped(text, a, b, first, second)


def _link_equivalent(text: str, a: Measure, b: Measure, first: dict, second: dict) -> None:
    """"56.7 bln rubles (over $734 mln)": the second figure restates the first.

    A restatement in another kind ("gained 120 points, or 1.5%") shares the change.
    """
    if not _EQUIVALENT_GAP_RE.fullmatch(text, a.end, b.lead):
        return
    if a.kind == b.kind and a.kind in ("money", "quantity") and a.unit != b.unit:
        second["equivalent_of"] = first["id"]
    elif a.kind == b.kind or not _OR_RE.match(text, a.end):
        return
    second["of"] = second["of"] or first["of"]
    second["change"] = second["change"] or first["change"]


_GAPPED_RE = re.compile(
    r"\s{0,3}[,;]?\s{0,3}(?:(?:and|while|whereas|but|with)\s{1,3})?"
    r"(?P<name>[A-Z][\w.'’&-]{0,30}(?:\s{1,3}[A-Z0-9][\w.'’&-]{0,30}){0,3})"
    r"(?:\s{0,3}[-–—:,]\s{0,3}(?:by|to|at)?|\s{1,3}(?:by|to|at))\s{0,3}")


def _carry_gapped(text: str, a: Measure, b: Measure, first: dict, second: dict) -> None:
    """"Armenia grew by 14%, Kyrgyzstan - by 9%": a clause that leaves out its verb measures
    its own subject (whatever the parse attached it to), with the change of the clause it
    repeats."""
    if first["of"] is None or first["change"] is None:
        return
    bounds = [(f["sentence"].lo, f["sentence"].hi) for f in (first, second)]
    if not _same_text(text, *bounds) or first["kind"] != second["kind"]:
        return
    hit = _GAPPED_RE.fullmatch(text, a.end, b.lead)
    if hit is not None:
        second["of"], second["change"] = hit.group("name"), second["change"] or first["change"]


def _same_text(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether ``text[slice(*a)] == text[slice(*b)]``, a chunk at a time."""
    if a == b:
        return True
    size = a[1] - a[0]
    if size != b[1] - b[0]:
        return False
    return all(text[a[0] + k:a[0] + min(size, k + _CHUNK)]
               == text[b[0] + k:b[0] + min(size, k + _CHUNK)] for k in range(0, size, _CHUNK))


_CHUNK = 4096


def _change(m: Measure, span, text: str) -> str | None:
    if hit := _UP_DOWN.before(text, m.lead):
        if _PARTICLE_VERB.before(text, m.lead):
            return None
        return "increase" if hit.group(1).lower() == "up" else "decrease"
    if _MOVED_PAST.before(text, m.lead):
        return "increase"
    if span is None or not len(span):
        return None
    root = figure_root(span)
    head = root.head
    if head.tag_ in ("JJR", "RBR") and head.lemma_ in _COMPARATIVES:
        return _COMPARATIVES[head.lemma_]
    if root.dep_ == "pobj" and head.lower_ == "by":
        return direction(head.head.lemma_) or _adverb_direction(head.head)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _noun_direction(head.head)
    if head.pos_ == "NOUN" and root.dep_ in ("compound", "amod", "nummod", "nmod", "quantmod"):
        return CHANGE_NOUNS.get(head.lemma_)
    if head.pos_ in ("VERB", "AUX", "ADV", "ADP") and root.dep_ in (
            "dobj", "npadvmod", "advmod", "attr", "obj", "oprd"):
        if head.lemma_ in _TRANSITIVE and m.kind != "percent" and m.unit != "point":
            return None
        if head.lemma_ in LEVEL_VERBS:  # "the increase in output reached 3.8%"
            return _subject_direction(head)
        return direction(head.lemma_)
    if root.dep_ == "pobj" and head.lower_ in ("to", "at"):
        # "imports growth bounced back to 14.1 percent", "growth stood at 5%"
        verb = head.head
        while verb.pos_ in ("ADV", "ADP") and verb.head.i != verb.i:
            verb = verb.head
        return _subject_direction(verb) if verb.pos_ in ("VERB", "AUX") else None
    return None


def _noun_direction(noun) -> str | None:
    """The change a noun names: "growth", or "growth rate"."""
    if noun.lemma_ in CHANGE_NOUNS:
        return CHANGE_NOUNS[noun.lemma_]
    if noun.lemma_ in _RATE_NOUNS:
        return next((CHANGE_NOUNS[c.lemma_] for c in children(noun)
                     if c.dep_ in ("compound", "amod", "nmod") and c.lemma_ in CHANGE_NOUNS), None)
    return None


def _subject_direction(verb) -> str | None:
    """The change the subject of a level verb names: "growth reached more than 5%"."""
    subject = next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)
    return _noun_direction(subject) if subject is not None else None


_MOVED_PAST = Preceding(r"(?i)\b(?:push|rise|rose|risen|climb|surge|jump|break|broke|shot"
                        r"|soar)\w{0,3}[ \u00a0]+$", 24)
_ADVERB_DIRECTIONS = {"downward": "decrease", "downwards": "decrease", "down": "decrease",
                      "lower": "decrease", "upward": "increase", "upwards": "increase",
                      "up": "increase", "higher": "increase"}


def _adverb_direction(verb) -> str | None:
    """"adjusted downward by 10%": the direction an adverb of the verb gives."""
    for child in children(verb):
        if child.dep_ in ("advmod", "prt", "acomp") and child.lower_ in _ADVERB_DIRECTIONS:
            return _ADVERB_DIRECTIONS[child.lower_]
    return None


def _periods(text: str, m: Measure, span, sentence: tuple[int, int] | None,
             context: Context) -> tuple[dict | None, ...]:
    """The period a figure covers and the one it is compared with, from the dates of its
    own clause."""
    if sentence is None:
        return None, None
    lo, hi = sentence
    clause = _clause(figure_root(span))
    near = sorted((d for d in context.dates_between(lo, hi) if d["value"] is not None
                   and d["granularity"] != "duration"
                   and _in_clause(span.doc, d, clause)),
                  key=lambda d: abs(d["start"] - m.start))
    period = compared = None
    for d in near:
        before = text[max(lo, d["start"] - 60):d["start"]]
        if compared is None and _COMPARED_RE.search(before):
            compared = _period_of(d)
        elif period is None and _PERIOD_RE.search(before):
            period = _period_of(d)
    if compared is None and period is not None and _YEAR_ON_YEAR_RE.search(text, lo, hi):
        compared = _year_before(period)
    return period, compared


_CLAUSE_DEPS = frozenset({"ROOT", "conj", "advcl", "ccomp", "relcl", "parataxis", "acl"})


def _clause(tok):
    """The verb heading the clause of ``tok`` (or the sentence root)."""
    for _ in range(40):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in _CLAUSE_DEPS or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _in_clause(doc, date: dict, clause) -> bool:
    """Whether a date belongs to the clause: attached to the same verb, or fronted before a
    verb whose coordinated clauses it scopes over ("In 2022, exports rose and imports fell")."""
    span = doc.char_span(date["start"], date["end"], alignment_mode="expand")
    if span is None or not len(span):
        return False
    own = _clause(span_root(span))
    if own == clause:
        return True
    verb = clause
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
        if verb == own:
            return span_root(span).i < own.i
    return False


def _period_of(date: dict) -> dict:
    return {"label": date["value"], "start": date["start_date"], "end": date["end_date"]}


def _year_before(period: dict) -> dict | None:
    def shift(value: str | None) -> str | None:
        if not value or not value[:4].isdigit():
            return value
        shifted = f"{int(value[:4]) - 1}{value[4:]}"
        return shifted.replace("-02-29", "-02-28")

    return {key: shift(value) for key, value in period.items()}
