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
    cuts rates" over "Orvana Bank said") stays. A headline set as the text's first paragraph
    ("Council Approves New Budget") is a heading too.
    """
    lines = headline_lines(doc.text)

    def heading(i: int) -> bool:
        at = doc[i].idx
        return structure.locate(at) == (None, None) or any(a <= at < b for a, b in lines)

    if not any(heading(m.start) for m in mentions):
        return mentions
    lower: set[str] = set()
    capitalised: set[str] = set()
    for token in doc:
        if not token.is_alpha or heading(token.i):
            continue
        if token.text.islower():
            lower.add(token.text)
        elif not _sentence_first(token):
            capitalised.add(token.lower_)
    return [m for m in mentions
            if m.chars or not heading(m.start)
            or not _style_only(doc[m.start:m.end], lower, capitalised)]


def headline_lines(text: str) -> list[tuple[int, int]]:
    """A headline set as a paragraph: the first line of the text, or a line after a blank one,
    of three or more words in Title case with no full stop, with text after it."""
    found, at = [], 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z]{4,}", line)
        blank_before = at == 0 or text[:at].endswith("\n\n")
        if blank_before and len(line.split()) >= 3 and not line.rstrip().endswith((".", "!", "?")) \
                and words and all(w[0].isupper() and not w.isupper() for w in words) \
                and text[at + len(line):].strip():
            found.append((at, at + len(line)))
        at += len(line) + 1
    return found


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
    model cannot tell names by case, becomes the longest run of words around it that the
    rest of the text writes as a whole name, case aside ("ANNA BERG", "FJORD LABS" from
    "FJORD"); a mention whose words the rest writes only inside longer names ("LIBERAL" over
    "Liberal Party") is dropped; else its words the rest writes in lower case ("resigned"
    for "RESIGNS") are cut from its ends, and nothing left drops it."""
    lines = _capitals_ranges(doc.text)
    if not lines:
        return mentions
    body = "\n".join(line for line in doc.text.split("\n") if not _in_capitals(line))
    lower = {t.text for t in doc if t.is_lower and t.is_alpha}
    kept = []
    for m in mentions:
        a = doc[m.start].idx
        line = next((span for span in lines if span[0] <= a < span[1]), None)
        if m.chars or line is None:
            kept.append(m)
            continue
        words = doc.char_span(*line, alignment_mode="contract")
        start, end = _confirmed(doc, m.start, m.end, (words.start, words.end), body, lower)
        if start < end:
            m.start, m.end = start, end
            kept.append(m)
    return kept


def _confirmed(doc: Doc, a: int, b: int, line: tuple[int, int], body: str,
               lower: set[str]) -> tuple[int, int]:
    first, last = max(line[0], a - 2), min(line[1], b + 2)
    for size in range(last - first, 0, -1):
        for start in range(first, last - size + 1):
            if start + size <= a or start >= b:
                continue  # the run must keep a word of the mention
            if _whole_name(doc[start:start + size].text, body):
                return start, start + size
    if any(_name_part(t.text, body) for t in doc[a:b] if t.is_alpha):
        return a, a
    while a < b and not lower.isdisjoint(_forms(doc[a].lower_)):
        a += 1
    while b > a and not lower.isdisjoint(_forms(doc[b - 1].lower_)):
        b -= 1
    return a, b


def _whole_name(words: str, body: str) -> bool:
    """The words, in title case, stand alone in the body: not inside a longer name."""
    title = re.escape(words.title())
    return len(words) > 1 and bool(re.search(rf"(?<![\w-])(?<!\w ){title}(?![\w-])(?! [A-Z])",
                                             body.replace("\n", " \n ")))


def _name_part(word: str, body: str) -> bool:
    """The word, in title case, is in the body only inside longer names ("Liberal Party")."""
    title = re.escape(word.title())
    return len(word) > 1 and bool(re.search(rf"(?<!\w){title}(?!\w)", body)) \
        and not _whole_name(word, body)


def name_part_only(doc: Doc, word: str) -> bool:
    """True when the text outside its lines in capitals writes ``word`` only inside longer
    names ("LIBERAL" over "Liberal Party")."""
    body = "\n".join(line for line in doc.text.split("\n") if not _in_capitals(line))
    return _name_part(word, body)


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
