"""Name edges snapped to the name: scores, dashes, citation marks and titles outside.

- "Sunderland 1 Leeds 2" (a score line) is two names; a number never ends a name.
- "Forwards - Ivan Petrov": a spaced dash separates a label from a name.
- "Harvard University.[1][2]": citation marks and the full stop before them are outside.
- "Russian Igor Kolyvanov", "Development Dmitry Volkov": a person's name starts at the
  given name; the words before it are a description.
- "Dr Anna", "President Ola Berg" read as an organisation or a place: a title then a given
  name is a person ("General Motors", "Queen Elizabeth Hospital" stay what they were).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.nlp.entities import gazetteer
from service.nlp.entities.mentions import ORG_HEADS, STREET_HEADS, TITLE_WORDS

DASHES = frozenset({"-", "–", "—"})
CITATION = re.compile(r"\.?(?:\[\d{1,3}\]?)+$")
NAME_TYPES = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})


def split_parts(doc: Doc, a: int, b: int, kind: str) -> list[tuple[int, int]]:
    """Pieces of ``a:b`` between bare numbers (for names) and spaced dashes that follow a
    one-word label or come before a given name."""
    parts, start = [], a
    for i in range(a, b):
        token = doc[i]
        number = kind in NAME_TYPES and token.text.isdigit() and len(token.text) <= 3
        dash = (token.text in DASHES and i > a and doc[i - 1].whitespace_ and token.whitespace_
                and i + 1 < b and (i - start == 1 or gazetteer.is_given_name(doc[i + 1].text)))
        if number or dash:
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    return [(x, y) for x, y in parts if x < y]


def citation_cut(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Character offsets of the name without trailing citation marks, or None if it has
    none ("University.[1][2" as the tokenizer leaves it)."""
    last = doc[b - 1]
    found = CITATION.search(last.text)
    if found is None or found.start() == 0:
        return None
    return doc[a].idx, last.idx + found.start()


def person_start(doc: Doc, a: int, b: int) -> int:
    """Where a person's name starts in ``a:b``: at its first given name when the words
    before it are none ("Russian Igor Kolyvanov" -> "Igor Kolyvanov")."""
    if b - a < 3 or gazetteer.is_given_name(doc[a].text):
        return a
    for i in range(a + 1, b - 1):
        if gazetteer.is_given_name(doc[i].text) and all(t.is_title for t in doc[i:b]):
            return i
    return a


def given_name_before(doc: Doc, a: int) -> bool:
    """True when the word before a surname-only person is a given name ("Development
    Dmitry [Volkov]" as the model cut it)."""
    return a > 0 and gazetteer.is_given_name(doc[a - 1].text) and doc[a - 1].is_title


def titled_kind(doc: Doc, a: int, b: int, kind: str) -> str:
    """PERSON for title words then a given name and capitalised words, no place, no
    organisation's or street's head word; ``kind`` otherwise."""
    i = a
    while i < b - 1 and doc[i].lower_ in TITLE_WORDS:
        i += 1
    words = doc[i:b]
    if kind == "PERSON" or i == a or not gazetteer.is_given_name(doc[i].text, city=True) \
            or gazetteer.is_place(doc[a:b].text):
        return kind
    if all(t.is_title and t.is_alpha and t.lower_ not in ORG_HEADS | STREET_HEADS
           for t in words):
        return "PERSON"
    return kind
