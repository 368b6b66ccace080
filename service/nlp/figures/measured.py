"""What a figure measures, from the dependency parse: the thing counted and the words of change."""

from __future__ import annotations

import functools
import re

from service.nlp.figures.amounts import Measure
from service.nlp.heads import children, governs, span_root

_POSSESSIVE_RE = re.compile(r"\s*['’]s?$")

_UP = frozenset({"rise", "grow", "increase", "climb", "gain", "jump", "surge", "soar", "rally",
                 "advance", "expand", "swell", "spike", "rebound", "accelerate", "double",
                 "add", "boost", "raise", "hike", "lift", "up"})
_DOWN = frozenset({"fall", "drop", "decrease", "decline", "slump", "slide", "sink", "plunge",
                   "tumble", "dip", "shrink", "contract", "slip", "ease", "plummet", "retreat",
                   "lose", "shed", "cut", "reduce", "lower", "slash", "down", "crash", "sag"})

# The noun of a change and its direction: "a rise of 5%".
CHANGE_NOUNS = {noun: change for change, nouns in (
    ("increase", ("increase", "rise", "growth", "gain", "jump", "hike", "surge", "boost", "climb")),
    ("decrease", ("decrease", "decline", "drop", "fall", "reduction", "cut", "loss", "slump",
                  "contraction", "dip", "slide")),
) for noun in nouns}
# Verbs that give a level, not a change: "growth reached 5%" is as much a change as
# its noun says.
LEVEL_VERBS = frozenset({"be", "cost", "total", "reach", "amount", "stand", "exceed", "top",
                          "hit", "equal", "account", "represent", "hover", "remain", "stay",
                          "near", "approach", "surpass", "come"})

_TIME_NOUNS = frozenset({"year", "month", "week", "day", "quarter", "period", "time", "decade"})
# Nouns that only carry an amount: "to the tune of", "worth", "a total of".
_CARRIERS = frozenset({"tune", "worth", "value", "total", "sum", "amount", "figure", "tally",
                       "level", "mark"})
_AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "case", "flat"})


def figure_root(span):
    """The token standing for the figure: "7.5 per cent year-on-year" is about the percent."""
    root = span_root(span)
    while root.dep_ in ("compound", "nummod") and root.head.lemma_ in _TIME_NOUNS:
        root = root.head
    return root


def direction(lemma: str) -> str | None:
    return "increase" if lemma in _UP else "decrease" if lemma in _DOWN else None


def measured_thing(m: Measure, span) -> str | None:
    """The noun phrase measured or counted, from the dependency parse."""
    if span is None or not len(span):
        return None
    root = figure_root(span)
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
    if head.pos_ not in ("NOUN", "PROPN") or head in span or head.lemma_ in CHANGE_NOUNS:
        return None
    if head.lemma_ in _TIME_NOUNS:
        return None
    return None if head.ent_type_ in _AMOUNT_ENTS else head


def _changed_thing(noun, span):
    """"an increase in sales of 5%": what the change noun is about."""
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            objects = [c for c in children(child) if c.dep_ == "pobj" and c not in span]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _prep_object(root, span, preps=("of",)):
    for child in children(root):
        if child.dep_ == "prep" and child.lower_ in preps and child.i >= span.end:
            objects = [c for c in children(child) if c.dep_ == "pobj" and c.pos_ != "PRON"]
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
        if holder.lemma_ in CHANGE_NOUNS:
            return _changed_thing(holder, span)
        return holder
    if holder.lower_ == "worth" and holder.head.pos_ in ("NOUN", "PROPN"):
        return holder.head
    if prep.lower_ in ("by", "to", "from", "at", "around") and holder.pos_ in ("VERB", "AUX"):
        return _object(holder, span) or _subject(holder)
    return None


def _object(verb, span):
    """"bringing our total contribution to £59.5 million": what the verb moves."""
    objects = [c for c in children(verb) if c.dep_ == "dobj" and c not in span]
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
    if verb.lemma_ in LEVEL_VERBS or direction(verb.lemma_):
        return _subject(verb)
    return None


def _subject(verb):
    for child in children(verb):
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
    of = [c for c in children(head) if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        objects = [c for c in children(of[0]) if c.dep_ == "pobj" and c.pos_ != "NUM"]
        if objects and not governs(objects[0], span):
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
    for child in children(tok):
        if (child.dep_ in _PHRASE_DEPS and child.pos_ not in ("NUM", "PRON")
                and not span.start <= child.i < span.end):
            keep.add(child.i)
            _gather(child, keep, span)
