"""Names listed with "and": "Facebook and Snapgram", read by the model as one title, are two
organisations; a coined name listed beside an organisation the model found is one too.

A coined name is a capitalised word that is no English word (``words.coined``): "Pride and
Prejudice" and "Marks and Spencer" stay whole, as does a listed name in quotes, with a
company suffix ("Holmsen and Dybvik Ltd"), used as one subject of a singular verb ("Procter
and Gamble is"), or a known place ("Bosnia and Herzegovina")."""

from __future__ import annotations

from spacy.tokens import Doc

from service.nlp.entities import gazetteer
from service.nlp.entities.entity_types import company_suffix
from service.nlp.entities.mentions import Mention
from service.nlp.entities.words import coined

# What the parts of a glued span are, by the span's kind.
PART_TYPES = {"WORK": "ORGANIZATION", "OTHER": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION",
              "PRODUCT": "PRODUCT"}
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def listed_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Split glued lists of coined names, and add the coined names listed beside one."""
    split = [part for m in mentions for part in _split(doc, m)]
    return split + _partners(doc, split)


def _split(doc: Doc, m: Mention) -> list[Mention]:
    if m.chars or m.fixed_type or m.type not in PART_TYPES or m.end - m.start < 3:
        return [m]
    words = list(doc[m.start:m.end])
    parts, joints = list(words[0::2]), [t.lower_ for t in words[1::2]]
    if len(words) % 2 == 0 or joints[-1] != "and" or any(j not in {"and", ","} for j in joints):
        return [m]  # one word, "and" or a comma, one word...
    if not any(map(coined, parts)) or not all(t.is_alpha and t.text[:1].isupper()
                                              for t in parts):
        return [m]
    if _one_name(doc, m):
        return [m]
    return [Mention(t.i, t.i + 1, PART_TYPES[m.type]) for t in parts]


def _one_name(doc: Doc, m: Mention) -> bool:
    before = doc[m.start - 1].text if m.start > 0 else ""
    after = doc[m.end] if m.end < len(doc) else None
    return before in QUOTES or company_suffix(doc, m.start, m.end) \
        or gazetteer.is_place(m.text(doc)) or (after is not None and after.tag_ == "VBZ")


def _partners(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Facebook and <Snapgram>": a coined word just before "and" and an organisation,
    in no name of its own, is an organisation; so it is beside a coined word the model read
    as a place that no gazetteer knows ("Snapgram" as a place)."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for m in mentions:
        if m.chars or m.start < 2 or doc[m.start - 1].lower_ != "and":
            continue
        if m.type != "ORGANIZATION" and not (
                m.type == "LOCATION" and m.end - m.start == 1 and coined(doc[m.start])
                and not gazetteer.is_place(doc[m.start].text)):
            continue
        word = doc[m.start - 2]
        if word.i not in taken and not word.is_sent_start and coined(word) \
                and word.tag_ in {"NNP", "NNPS"}:
            added.append(Mention(word.i, word.i + 1, "ORGANIZATION"))
            taken.add(word.i)
    return added
