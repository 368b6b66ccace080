"""A spaCy Doc of a text split at whitespace, for tests of the rules that read a Doc
(neither the model's tokenizer nor its statistical components are under test there)."""

from __future__ import annotations

import re
from collections.abc import Callable


def whitespace_doc(vocab, text: str, starts_after: Callable[[str], bool]):
    """The Doc of ``text``, its tokens the runs of non-space characters and line breaks;
    a sentence starts at the first token and after each token ``starts_after`` accepts."""
    from spacy.tokens import Doc

    words, spaces = [], []
    for match in re.finditer(r"\S+|\s+", text):
        piece = match.group()
        if piece[0] == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            piece = piece[1:]
        if piece:
            words.append(piece)
            spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces)
    assert doc.text == text
    after = True
    for token in doc:
        token.is_sent_start = after
        after = starts_after(token.text)
    return doc
