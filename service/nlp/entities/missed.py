"""Names spaCy left unlabelled: the dateline's, places after a preposition or in capitals."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.nlp.entities import gazetteer
from service.nlp.entities.headings import name_part_only
from service.nlp.entities.mentions import (
    CALENDAR_WORDS,
    LOCATIVE,
    NP_ENDS,
    TITLE_WORDS,
    Mention,
    overlaps,
)
from service.nlp.types import Structure


def dateline_mentions(doc: Doc, structure: Structure, known: list[Mention]) -> list[Mention]:
    """The dateline's agency ("/TASS/") and place ("MOSCOW") are entities spaCy may miss."""
    line = structure.dateline
    if line is None:
        return []
    raw = structure.text[line.start:line.end].lower()
    found = []
    for value, kind in ((line.agency, "ORGANIZATION"), (line.place, "LOCATION")):
        at = raw.find(value.lower()) if value else -1
        if at < 0:
            continue
        a, b = line.start + at, line.start + at + len(value)
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        same = [m for m in known if (m.start, m.end) == (span.start, span.end) and not m.chars]
        for m in same:  # "OSLO" read as a company by the model is still the dateline's place
            m.type, m.fixed_type = kind, True
        if not same and not overlaps(span.start, span.end, known):
            found.append(Mention(span.start, span.end, kind, fixed_type=True, chars=(a, b)))
    return found


def place_mentions(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Gazetteer places spaCy left unlabelled after a locative preposition ("in Sinjar")."""
    found = []
    for i in range(len(doc) - 1):
        first = doc[i + 1]
        if doc[i].lower_ not in LOCATIVE or first.ent_type_ or first.tag_ != "NNP":
            continue
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        stop = next((s for s in range(end, i + 1, -1)
                     if gazetteer.is_place(doc[i + 1:s].text)), None)
        if stop and not overlaps(i + 1, stop, known):
            found.append(Mention(i + 1, stop, "LOCATION"))
    return found


def capitals_places(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Countries and cities in a line written in capitals ("FLOODS HIT NORTHERN KENYA"),
    where the model reads names poorly: one to three words whose title case is a place."""
    found: list[Mention] = []
    offset = 0
    for line in doc.text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(line.split()) >= 2 and len(letters) >= 8 and all(c.isupper() for c in letters):
            span = doc.char_span(offset, offset + len(line), alignment_mode="contract")
            if span is not None:
                found += _places_in(doc, span.start, span.end, known + found)
        offset += len(line) + 1
    return found


def _places_in(doc: Doc, a: int, b: int, known: list[Mention]) -> list[Mention]:
    """Places in the capitals ``a:b``, but not one that begins a longer name of the text
    ("HALE" of "HALE ROVERS" over "Hale Rovers"): that name is found as itself; nor one the
    text writes only inside longer names ("LIBERAL" over "Liberal Party")."""
    longer = {m.text(doc).upper() for m in known if " " in m.text(doc)}
    found, i = [], a
    while i < b:
        stop = next((s for s in range(min(i + 3, b), i, -1)
                     if doc[i:s].text.isupper() and len(doc[i:s].text) > 3
                     and gazetteer.is_place(doc[i:s].text.title())), None)
        if stop and (any(doc[i:e].text in longer for e in range(stop + 1, min(stop + 3, b) + 1))
                     or name_part_only(doc, doc[i:stop].text)):
            i = stop
            continue
        if stop and not overlaps(i, stop, known):
            found.append(Mention(i, stop, "LOCATION"))
            i = stop
        else:
            i += 1
    return found


def definite_names(doc: Doc, known: list[Mention]) -> list[Mention]:
    """A capitalised word spaCy left unlabelled after "the" mid-sentence ("the Coalition")."""
    found = []
    for t in doc[1:-1]:
        nxt = doc[t.i + 1]
        if (doc[t.i - 1].text != "the" or t.ent_type_ or not t.is_title or t.tag_ != "NNP"
                or t.is_sent_start or nxt.pos_ not in NP_ENDS or nxt.text == "-"
                or t.lower_ in TITLE_WORDS or t.lower_ in CALENDAR_WORDS
                or gazetteer.demonym_code(t.text) or overlaps(t.i, t.i + 1, known)):
            continue
        found.append(Mention(t.i, t.i + 1,
                             "LOCATION" if gazetteer.is_place(t.text) else "ORGANIZATION"))
    return found


ROMAN = re.compile(r"[IVX]+")


def _hyphenated(doc: Doc, i: int) -> bool:
    """Token ``i`` ends a hyphenated word ("All-America")."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
        and not doc[i - 2].whitespace_


def given_and_family(doc: Doc, known: list[Mention]) -> list[Mention]:
    """A known given name and a capitalised word after it that spaCy left unlabelled, the
    pair closed by punctuation or a verb: a person ("Its leader, Per Nes, said")."""
    found: list[Mention] = []
    for t in doc[:-2]:
        family, after = doc[t.i + 1], doc[t.i + 2]
        if (t.ent_type_ or family.ent_type_ or not gazetteer.is_given_name(t.text)
                or not family.is_title or not family.is_alpha or family.tag_ != "NNP"
                or ROMAN.fullmatch(family.text) or _hyphenated(doc, t.i)
                or after.pos_ not in NP_ENDS or after.text == "-"
                or family.lower_ in TITLE_WORDS or family.lower_ in CALENDAR_WORDS
                or gazetteer.is_place(family.text) or gazetteer.demonym_code(family.text)
                or overlaps(t.i, t.i + 2, known + found)):
            continue
        found.append(Mention(t.i, t.i + 2, "PERSON"))
    return found
