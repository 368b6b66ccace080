"""What a figure is about: its change, the thing it measures and its period, from the parse."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from service.nlp.types import Structure

if TYPE_CHECKING:
    from service.nlp.figures.figures import Measure

# --- change, restatements and periods ----------------------------------------------------------

_UP_DOWN_RE = re.compile(r"(?i)(?<![\w])(up|down)[ \u00a0]+$")
_POSSESSIVE_RE = re.compile(r"\s*['’]s?$")
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

# --- spaCy: what a figure measures -------------------------------------------------------------

_UP = frozenset({"rise", "grow", "increase", "climb", "gain", "jump", "surge", "soar", "rally",
                 "advance", "expand", "swell", "spike", "rebound", "accelerate", "double",
                 "add", "boost", "raise", "hike", "lift", "up"})
_DOWN = frozenset({"fall", "drop", "decrease", "decline", "slump", "slide", "sink", "plunge",
                   "tumble", "dip", "shrink", "contract", "slip", "ease", "plummet", "retreat",
                   "lose", "shed", "cut", "reduce", "lower", "slash", "down", "crash", "sag"})
# Verbs that take the amount as their object ("cut 500 jobs"): a change only of a rate.
_TRANSITIVE = frozenset({"add", "boost", "raise", "hike", "lift", "lose", "shed", "cut",
                         "reduce", "lower", "slash", "gain"})
_CHANGE_NOUNS = {"increase": "increase", "rise": "increase", "growth": "increase",
                 "gain": "increase", "jump": "increase", "hike": "increase",
                 "surge": "increase", "boost": "increase", "climb": "increase",
                 "decrease": "decrease", "decline": "decrease", "drop": "decrease",
                 "fall": "decrease", "reduction": "decrease", "cut": "decrease",
                 "loss": "decrease", "slump": "decrease", "contraction": "decrease",
                 "dip": "decrease", "slide": "decrease"}
_LEVEL_VERBS = frozenset({"be", "cost", "total", "reach", "amount", "stand", "exceed", "top",
                          "hit", "equal", "account", "represent", "hover", "remain", "stay",
                          "near", "approach", "surpass", "come"})
_COMPARATIVES = {"high": "increase", "more": "increase", "great": "increase",
                 "large": "increase", "big": "increase", "low": "decrease",
                 "less": "decrease", "small": "decrease", "few": "decrease",
                 "cheap": "decrease"}
_TIME_NOUNS = frozenset({"year", "month", "week", "day", "quarter", "period", "time", "decade"})
# Nouns that only carry an amount: "to the tune of", "worth", "a total of".
_CARRIERS = frozenset({"tune", "worth", "value", "total", "sum", "amount", "figure", "tally",
                       "level", "mark"})
_AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "case", "flat"})


# --- description -------------------------------------------------------------------------------

def describe(fid: str, m: Measure, doc, structure: Structure, dates: list[dict]) -> dict:
    text = structure.text
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    sentence = span.sent if span is not None and len(span) else None
    period, compared = _periods(text, m, span, sentence, dates)
    section, paragraph = structure.locate(m.start)
    return {
        "id": fid, "kind": m.kind, "text": text[m.start:m.end], "value": _json_number(m.value),
        "value_max": _json_number(m.value_max), "unit": m.unit, "qualifier": m.qualifier,
        "change": _change(m, span, text), "of": _of(m, span), "period": period,
        "compared_with": compared, "equivalent_of": None,
        "sentence": sentence.text.strip() if sentence is not None else text.strip(),
        "start": m.start, "end": m.end, "section": section, "paragraph": paragraph,
    }


def _json_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    value = float(f"{value:.15g}")  # 56.7 * 1e9 is 56700000000.00001 in binary
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def link_equivalents(text: str, measures: list[Measure], figures: list[dict]) -> None:
    """"56.7 bln rubles (over $734 mln)": the second figure restates the first.

    A restatement in another kind ("gained 120 points, or 1.5%") shares the change.
    """
    for k in range(1, len(measures)):
        a, b = measures[k - 1], measures[k]
        if not _EQUIVALENT_GAP_RE.fullmatch(text, a.end, b.lead):
            continue
        first, second = figures[k - 1], figures[k]
        if a.kind == b.kind and a.kind in ("money", "quantity") and a.unit != b.unit:
            second["equivalent_of"] = first["id"]
        elif a.kind == b.kind or not _OR_RE.match(text, a.end):
            continue
        second["of"] = second["of"] or first["of"]
        second["change"] = second["change"] or first["change"]


_GAPPED_RE = re.compile(
    r"\s{0,3}[,;]?\s{0,3}(?:(?:and|while|whereas|but|with)\s{1,3})?"
    r"(?P<name>[A-Z][\w.'’&-]{0,30}(?:\s{1,3}[A-Z0-9][\w.'’&-]{0,30}){0,3})"
    r"(?:\s{0,3}[-–—:,]\s{0,3}(?:by|to|at)?|\s{1,3}(?:by|to|at))\s{0,3}")


def carry_gapped(text: str, measures: list[Measure], figures: list[dict]) -> None:
    """"Armenia grew by 14%, Kyrgyzstan - by 9%": a clause that leaves out its verb measures
    its own subject (whatever the parse attached it to), with the change of the clause it
    repeats."""
    for k in range(1, len(measures)):
        first, second = figures[k - 1], figures[k]
        if first["of"] is None or first["change"] is None:
            continue
        if first["sentence"] != second["sentence"] or first["kind"] != second["kind"]:
            continue
        hit = _GAPPED_RE.fullmatch(text, measures[k - 1].end, measures[k].lead)
        if hit is not None:
            second["of"], second["change"] = hit.group("name"), second["change"] or first["change"]


def _root(span):
    """The token standing for the figure: "7.5 per cent year-on-year" is about the percent."""
    root = span.root
    while root.dep_ in ("compound", "nummod") and root.head.lemma_ in _TIME_NOUNS:
        root = root.head
    return root


def _change(m: Measure, span, text: str) -> str | None:
    if hit := _UP_DOWN_RE.search(text, max(0, m.lead - 8), m.lead):
        return "increase" if hit.group(1).lower() == "up" else "decrease"
    if _MOVED_PAST_RE.search(text, max(0, m.lead - 24), m.lead):
        return "increase"
    if span is None or not len(span):
        return None
    root = _root(span)
    head = root.head
    if head.tag_ in ("JJR", "RBR") and head.lemma_ in _COMPARATIVES:
        return _COMPARATIVES[head.lemma_]
    if root.dep_ == "pobj" and head.lower_ == "by":
        return _direction(head.head.lemma_) or _adverb_direction(head.head)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _CHANGE_NOUNS.get(head.head.lemma_)
    if head.pos_ == "NOUN" and root.dep_ in ("compound", "amod", "nummod", "nmod", "quantmod"):
        return _CHANGE_NOUNS.get(head.lemma_)
    if head.pos_ in ("VERB", "ADV", "ADP") and root.dep_ in ("dobj", "npadvmod", "advmod",
                                                              "attr", "obj", "oprd"):
        if head.lemma_ in _TRANSITIVE and m.kind != "percent" and m.unit != "point":
            return None
        return _direction(head.lemma_)
    return None


_MOVED_PAST_RE = re.compile(r"(?i)\b(?:push|rise|rose|risen|climb|surge|jump|break|broke|shot"
                            r"|soar)\w{0,3}[ \u00a0]+$")
_ADVERB_DIRECTIONS = {"downward": "decrease", "downwards": "decrease", "down": "decrease",
                      "lower": "decrease", "upward": "increase", "upwards": "increase",
                      "up": "increase", "higher": "increase"}


def _adverb_direction(verb) -> str | None:
    """"adjusted downward by 10%": the direction an adverb of the verb gives."""
    for child in verb.children:
        if child.dep_ in ("advmod", "prt", "acomp") and child.lower_ in _ADVERB_DIRECTIONS:
            return _ADVERB_DIRECTIONS[child.lower_]
    return None


def _direction(lemma: str) -> str | None:
    return "increase" if lemma in _UP else "decrease" if lemma in _DOWN else None


def _of(m: Measure, span) -> str | None:
    """The noun phrase measured or counted, from the dependency parse."""
    if span is None or not len(span):
        return None
    root = _root(span)
    # "$48 billion in assets" names what the money is; "5 people in Moscow" does not.
    preps = ("of", "in") if m.kind == "money" else ("of",)
    rules = (_modified_noun, functools.partial(_prep_object, preps=preps), _prep_head, _worth,
             _comparative, _verb_subject)
    for rule in rules:
        tok = rule(root, span)
        if tok is not None:
            return _phrase(tok, span)
    return None


def _modified_noun(root, span):
    head = root.head
    if root.dep_ not in ("nummod", "compound", "amod", "nmod", "quantmod"):
        return None
    if head.pos_ not in ("NOUN", "PROPN") or head in span or head.lemma_ in _CHANGE_NOUNS:
        return None
    if head.lemma_ in _TIME_NOUNS:
        return None
    return None if head.ent_type_ in _AMOUNT_ENTS else head


def _changed_thing(noun, span):
    """"an increase in sales of 5%": what the change noun is about."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj" and c not in span]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _prep_object(root, span, preps=("of",)):
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i >= span.end:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            if objects:
                return objects[0]
    return None


def _prep_head(root, span):
    if root.dep_ != "pobj":
        return None
    prep, holder = root.head, root.head.head
    if prep.lower_ == "of" and holder.pos_ == "NOUN":
        if holder.lemma_ in _CARRIERS:
            return _carried(holder)
        if holder.lemma_ in _CHANGE_NOUNS:
            return _changed_thing(holder, span)
        return holder
    if holder.lower_ == "worth" and holder.head.pos_ in ("NOUN", "PROPN"):
        return holder.head
    if prep.lower_ in ("by", "to", "from", "at", "around") and holder.pos_ in ("VERB", "AUX"):
        return _object(holder, span) or _subject(holder)
    return None


def _object(verb, span):
    """"bringing our total contribution to £59.5 million": what the verb moves."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c not in span]
    return objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN") else None


def _worth(root, span):
    """"deals worth $5bn", "the fund is worth 2.3 trln rubles"."""
    worth = root.head
    if worth.lower_ != "worth":
        return None
    if worth.head.pos_ in ("NOUN", "PROPN"):
        return worth.head
    return _subject(worth.head) if worth.head.pos_ in ("VERB", "AUX") else None


def _comparative(root, span):
    """"Sales were 20% higher": the subject of the comparison."""
    head = root.head
    if head.tag_ not in ("JJR", "RBR") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    return _subject(head.head)


def _carried(holder):
    """"programs to the tune of ...": climb from the carrier noun to what it belongs to."""
    if holder.dep_ == "pobj" and holder.head.head.pos_ in ("NOUN", "PROPN"):
        return holder.head.head
    if holder.dep_ == "pobj" and holder.head.head.pos_ in ("VERB", "AUX"):
        return _subject(holder.head.head)
    return None


def _verb_subject(root, span):
    verb = root.head
    if root.dep_ not in ("dobj", "attr", "npadvmod", "advmod", "oprd", "obj"):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_ in _LEVEL_VERBS or _direction(verb.lemma_):
        return _subject(verb)
    return None


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return _antecedent(verb.head)
            return None if child.pos_ == "PRON" else child
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def _antecedent(noun):
    """"turnover between the countries, which increased": the relative clause is on turnover."""
    while (noun.dep_ == "pobj" and noun.head.lower_ not in ("of",)
           and noun.head.head.pos_ in ("NOUN", "PROPN")):
        noun = noun.head.head
    return noun


def _phrase(head, span) -> str | None:
    if head.pos_ == "PRON":
        return None
    keep = {head.i}
    _gather(head, keep, span)
    doc = head.doc
    for i in sorted(keep):  # an index or a model is named with its number: "FTSE 100"
        after = doc[i + 1] if i + 1 < len(doc) else None
        if (doc[i].pos_ == "PROPN" and after is not None and after.like_num
                and after.head.i in keep and not span.start <= after.i < span.end):
            keep.add(after.i)
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        objects = [c for c in of[0].children if c.dep_ == "pobj" and c.pos_ != "NUM"]
        if objects and not any(t.i in range(span.start, span.end) for t in objects[0].subtree):
            keep |= {of[0].i, objects[0].i}
            _gather(objects[0], keep, span)
    _join_hyphens(doc, keep)
    words = sorted(keep)
    out = "".join(doc[i].text + (doc[i].whitespace_ if i + 1 in keep else " ") for i in words)
    return _POSSESSIVE_RE.sub("", out.strip(" ,.;:\"")) or None


def _join_hyphens(doc, keep: set[int]) -> None:
    """Keep "ISIL-held" whole when the parse kept only "held"."""
    for i in sorted(keep):
        while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
                and not doc[i - 2].whitespace_:
            keep.update((i - 1, i - 2))
            i -= 2


def _gather(tok, keep: set[int], span) -> None:
    for child in tok.children:
        if (child.dep_ in _PHRASE_DEPS and child.pos_ not in ("NUM", "PRON")
                and not span.start <= child.i < span.end):
            keep.add(child.i)
            _gather(child, keep, span)


def _periods(text: str, m: Measure, span, sentence,
             dates: list[dict]) -> tuple[dict | None, ...]:
    """The period a figure covers and the one it is compared with, from the dates of its
    own clause."""
    if sentence is None:
        return None, None
    lo, hi = sentence.start_char, sentence.end_char
    clause = _clause(_root(span))
    near = sorted((d for d in dates if lo <= d["start"] < hi and d["value"] is not None
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
    own = _clause(span.root)
    if own == clause:
        return True
    verb = clause
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
        if verb == own:
            return span.root.i < own.i
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
