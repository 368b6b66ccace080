"""Text guards before tokenization: the cost of an analysis bounded by what the text is.

spaCy's tokenizer strips the prefixes and suffixes of a token one at a time, each time
searching the rest again: a token made of thousands of affix characters (currency signs,
brackets, punctuation, quote marks) costs the square of its length. Here a run of more than
``RUN_BOUND`` characters that are neither letters, digits nor spaces (single spaces may
come between them) never reaches it: the run is cut into tokens of at most ``RUN_BOUND``
characters, and the text around it goes to the tokenizer as usual. The ``Doc`` holds the
text unchanged, character for character, so every offset into it stays an offset into the
analyzed text.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# No run of affix-only characters longer than this reaches the tokenizer's affix loop.
RUN_BOUND = 32
# A run: more than RUN_BOUND such characters, single spaces allowed between them.
_RUN = re.compile(rf"[^\w\s](?: ?[^\w\s]){{{RUN_BOUND},}}")


def guarded_doc(nlp: Language, text: str) -> Doc:
    """The tokenized ``Doc`` of ``text`` (not yet through the pipeline's components), with
    every long run of affix-only characters cut into tokens of at most ``RUN_BOUND``."""
    runs = list(_RUN.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for run in runs:
        start, end = run.span()
        if start > at:
            _tokenized(nlp, text[at:start], words, spaces)
        _cut(text, start, end, words, spaces)
        at = end
        if text.startswith(" ", at):  # the space after a token is its whitespace
            spaces[-1] = True
            at += 1
    if at < len(text):
        _tokenized(nlp, text[at:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _cut(text: str, start: int, end: int, words: list[str], spaces: list[bool]) -> None:
    """The run ``text[start:end]`` as tokens of at most ``RUN_BOUND`` characters, a space
    after a token being its whitespace."""
    at = start
    while at < end:
        cut = min(at + RUN_BOUND, end)
        if text[cut - 1] == " ":
            cut -= 1
        words.append(text[at:cut])
        spaced = cut < end and text[cut] == " "
        spaces.append(spaced)
        at = cut + spaced


def _tokenized(nlp: Language, segment: str, words: list[str], spaces: list[bool]) -> None:
    for token in nlp.tokenizer(segment):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
