"""Headings (headline, dek, section titles) capitalise words by their style, not as names."""

from __future__ import annotations

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
