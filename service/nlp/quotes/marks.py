"""Quotation marks paired into quotes: straight, typographic (by each style's role) and
single quotes, each read once in order."""

from __future__ import annotations

import re

INVISIBLE = " \t\n\u200b\u200e\u200f\ufeff"
MARKS = '"“”‘’«»„‚‹›「」『』'

# ‘ opens a quote only at a word start; ’ inside a word ("Russia’s") never closes one.
_SINGLE = re.compile(r"(?<!\w)‘(?=\S)([^‘\n]*?\S)’(?!\w)")
# A closing mark used to open a quote: at a word start, after a space or a line start.
_STRAY_OPENING = re.compile(r"(?:(?<=\s)|^)”(?=[^\W_]|[‘'])", re.M)


def _single_straight(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """'We will not stop,' she said: straight single quotes. An apostrophe inside a word
    ("don't") neither opens nor closes; a closing mark follows the quote's own punctuation,
    or ends a quoted phrase before a space (not a plural possessive: "the workers' union")."""
    spans, start = [], None
    for i in range(lo, hi):
        if text[i] == "\n":
            start = None
        if text[i] != "'":
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if start is None:
            if not before.isalnum() and (after.isalnum() or after in "“\""):
                start = i + 1
        elif not after.isalnum() and not before.isspace() and (
                before in ".?!,…" or (after in " \t;:)—–" and before != "s") or i + 1 == hi):
            spans.append((start, i))
            start = None
    return spans


def blocks(text: str):
    """Bounds of each "\\n\\n"-separated block."""
    start = 0
    for part in text.split("\n\n"):
        yield start, start + len(part)
        start += len(part) + 2


def _straight(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Straight quotes paired in order; an unpaired last one runs to the end of its block."""
    marks = [i for i in range(lo, hi) if text[i] == '"']
    pairs = [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
    if len(marks) % 2 and marks[-1] + 1 < hi and not text[marks[-1] + 1].isspace():
        pairs.append((marks[-1] + 1, hi))
    return pairs


# Quote marks by typographic role: each opening mark and the marks that close it. A mark
# that opens in one style may close in another (“ closes „, » closes «), so a mark's role
# depends on which quote is open, never on the mark alone.
_CLOSERS = {
    "“": "”", "„": "“”", "‚": "‘’", "«": "»", "»": "«", "‹": "›", "›": "‹",
    "「": "」", "『": "』",
}
# Marks that open only at a word's start (before a word, after a blank or the line start):
# elsewhere they close a quote of another style.
_FLANKED = frozenset("»›")
_CLAUSE_END = frozenset(",.?!")


def _typographic(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Quotes between typographic marks, each opened by a mark of its style and closed by
    that style's closing mark or the end of its line; marks of other styles inside it are
    its own (nested) quotes.

    The opening mark again right after a quoted clause's final punctuation closes it
    instead: a common typo ("... global reach, “Caughlin said").
    """
    spans: list[tuple[int, int]] = []
    start = opener = last = None  # the open quote: its start, mark, last visible character
    for i in range(lo, hi):
        char = text[i]
        if start is not None:
            if char in _CLOSERS[opener] or char == "\n" or (
                    char == opener and last in _CLAUSE_END):
                spans.append((start, i))
                start = None
                continue
            if char == opener:  # opened again: the first mark opened nothing
                start, last = i + 1, None
            elif not char.isspace():
                last = char
            continue
        if char in _CLOSERS and (char not in _FLANKED or _opens_word(text, i, lo, hi)):
            start, opener, last = i + 1, char, None
    if start is not None:
        spans.append((start, hi))
    return spans


def _opens_word(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner bounds of every outermost quotation, trimmed of spaces and a trailing comma."""
    spans = []
    text = _STRAY_OPENING.sub("“", text)  # same length: offsets hold
    for lo, hi in blocks(text):
        spans += _straight(text, lo, hi) + _typographic(text, lo, hi)
        spans += _single_straight(text, lo, hi)
        spans += [(lo + m.start(1), lo + m.end(1)) for m in _SINGLE.finditer(text[lo:hi])]
    spans.sort(key=lambda s: (s[0], -s[1]))
    outer: list[tuple[int, int]] = []
    for start, end in spans:
        if not outer or start >= outer[-1][1]:
            outer.append((start, end))
    trimmed = []
    for start, end in outer:
        inner = text[start:end]
        stripped = inner.lstrip(INVISIBLE)
        start += len(inner) - len(stripped)
        end = start + len(stripped.rstrip().rstrip(",").rstrip(INVISIBLE))
        if end > start:
            trimmed.append((start, end))
    return trimmed
