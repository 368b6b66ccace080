"""A photo caption shown twice: both copies are furniture when a copy stands beside image
evidence (a credit line, "Photo: ...", a photographer after a slash, before or after it or
at its end). A repeated sentence of the story without such evidence keeps its first copy
(see ``chrome.drop_chrome``)."""

from __future__ import annotations

import re

from service.nlp.structure.credits import is_credit
from service.nlp.structure.shape import word_count

_CAPS = r"[A-Z][\w.'’&\-]*(?:[ \t][A-Z][\w.'’&\-]*){0,3}"
# "Ken Ito/Valley Post", "(AP Photo/Jo Lind)", "[Valley Post/Ken Ito]"
_SLASHED = rf"[(\[]?{_CAPS}[ \t]?/[ \t]?{_CAPS}[)\]]?"
_SLASHED_LINE = re.compile(_SLASHED)
# A credit at the end of a caption: "... on Thursday. Photo: Ken Ito", "... (Ken Ito/AP)"
_CREDIT_TAIL = re.compile(
    rf"(?<=[.!?\"”’)])[ \t]{{1,3}}(?:{_SLASHED}"
    rf"|[(\[]?(?:Photo(?:graph)?|Picture|Image|Credit)s?(?:[ \t]by)?:?[ \t]{{1,3}}"
    rf"{_CAPS}(?:[ \t]?/[ \t]?{_CAPS})?[)\]]?)\.?$")
MAX_CAPTION_WORDS = 40


def _credits_image(block: str | None) -> bool:
    return block is not None and (is_credit(block) or bool(_SLASHED_LINE.fullmatch(block)))


def shown_captions(blocks: list[str]) -> dict[str, str]:
    """The blocks that are copies of one short caption shown twice or more, a copy of
    which stands beside image evidence (its own credit at its end counts), and the
    photographer's lines beside them, each with its reason."""
    copies: dict[str, list[str]] = {}
    beside: dict[str, list[str]] = {}
    for i, block in enumerate(blocks):
        tail = _CREDIT_TAIL.search(block)
        core = " ".join((block[: tail.start()] if tail else block).casefold().split())
        if not 3 <= word_count(core) <= MAX_CAPTION_WORDS or not block[:1].isupper():
            continue
        copies.setdefault(core, []).append(block)
        near = [b for b in blocks[max(i - 1, 0):i] + blocks[i + 1:i + 2] if _credits_image(b)]
        if tail or near:
            beside.setdefault(core, []).extend(near)
    found = {block: "photo credit" for core, near in beside.items() if len(copies[core]) > 1
             for block in near}
    return found | {block: "caption shown twice" for core in beside
                    if len(copies[core]) > 1 for block in copies[core]}
