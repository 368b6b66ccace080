"""Headings (headline, dek, section titles) capitalise words by their style, not as names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from service.nlp.entities.mentions import Mention
from service.nlp.types import Structure


def heading_capitals(doc: Doc, structure: Structure, mentions: list[Mention]) -> list[Mention]:
    """Drop a mention outside every paragraph whose capitals the body does not confirm.

    "Dam burst in Mai Mahiu" over a story of "a dam burst", "Bridge Collapse Cuts Road" over
    "the bridge collapsed": a heading's first word, or every word of a title-cased heading,
    is capitalised whatever it is. Such a mention is no name when each of its words is in
    Title case, is written in lower case in the body (or with another plain ending: "Bursts"
    over "burst"), and is never written capitalised in the body except as a sentence's first
    word. An acronym ("UN contacts"), a word the body never writes in lower case ("Mai
    Mahiu", "Keldar Pass") or a name the body also capitalises mid-sentence ("Orvana Bank
    cuts rates" over "Orvana Bank said") stays.
    """
    if not any(structure.locate(doc[m.start].idx) == (None, None) for m in mentions):
        return mentions
    lower: set[str] = set()
    capitalised: set[str] = set()
    for token in doc:
        if not token.is_alpha or structure.locate(token.idx) == (None, None):
            continue
        if token.text.islower():
            lower.add(token.text)
        elif not _sentence_first(token):
            capitalised.add(token.lower_)
    return [m for m in mentions
            if m.chars or structure.locate(doc[m.start].idx) != (None, None)
            or not _style_only(doc[m.start:m.end], lower, capitalised)]


def _style_only(words, lower: set[str], capitalised: set[str]) -> bool:
    alpha = [t for t in words if t.is_alpha]
    return bool(alpha) and all(
        t.is_title and t.lower_ not in capitalised and not lower.isdisjoint(_forms(t.lower_))
        for t in alpha)


def _forms(word: str) -> set[str]:
    """The word and its stem under a plain English ending ("bursts", "burst", "bursting")."""
    stems = {word}
    for ending in ("s", "es", "ed", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.add(word[:-len(ending)])
    return stems | {stem + ending for stem in stems for ending in ("s", "es", "ed", "ing")}


def _sentence_first(token: Token) -> bool:
    """The first word of its sentence, after any opening quote or bracket."""
    i = token.i
    while i > token.sent.start and not token.doc[i - 1].is_alpha \
            and not token.doc[i - 1].is_digit and token.doc[i - 1].text not in {".", "!", "?"}:
        i -= 1
    return i == token.sent.start or token.doc[i - 1].text in {".", "!", "?", ":"}


def capitals_lines(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A mention in a line written in capitals ("ANNA BERG RESIGNS AS MINISTER"), where the
    model cannot tell names by case, is cut to its longest run of words that the rest of the
    text writes as a name, case aside ("Anna Berg"); else its words that the rest writes in
    lower case ("resigned" for "RESIGNS") are cut from its ends, and nothing left drops it."""
    lines = _capitals_ranges(doc.text)
    if not lines:
        return mentions
    body = "\n".join(line for line in doc.text.split("\n") if not _in_capitals(line))
    lower = {t.text for t in doc if t.is_lower and t.is_alpha}
    kept = []
    for m in mentions:
        a = doc[m.start].idx
        if m.chars or not any(x <= a < y for x, y in lines):
            kept.append(m)
            continue
        start, end = _confirmed(doc, m.start, m.end, body, lower)
        if start < end:
            m.start, m.end = start, end
            kept.append(m)
    return kept


def _confirmed(doc: Doc, a: int, b: int, body: str, lower: set[str]) -> tuple[int, int]:
    for size in range(b - a, 0, -1):
        for start in range(a, b - size + 1):
            words = doc[start:start + size].text
            if len(words) > 1 and re.search(rf"(?<!\w){re.escape(words.title())}(?!\w)", body):
                return start, start + size
    while a < b and not lower.isdisjoint(_forms(doc[a].lower_)):
        a += 1
    while b > a and not lower.isdisjoint(_forms(doc[b - 1].lower_)):
        b -= 1
    return a, b


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 2 and len(letters) >= 8 and all(c.isupper() for c in letters)


def _capitals_ranges(text: str) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    for line in text.split("\n"):
        if _in_capitals(line):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges
