"""Where a document's quotes, blocks, lines and speech verbs lie, and the speech verb
that governs a quote."""

from __future__ import annotations

import bisect
import re

from service.nlp.heads import ancestors, children, span_root
from service.nlp.quotes.marks import MARKS, blocks
from service.nlp.sentences import SentenceIndex

_SPEECH = frozenset({
    "say", "tell", "add", "note", "stress", "state", "declare", "announce", "explain",
    "emphasize", "emphasise", "underline", "underscore", "point", "claim", "insist", "argue",
    "warn", "write", "recall", "remark", "comment", "reply", "respond", "answer", "ask", "admit",
    "acknowledge", "confirm", "deny", "suggest", "quote", "tweet", "conclude", "urge",
    "complain", "predict", "vow", "pledge", "promise", "assert", "observe", "mention",
    "specify", "clarify", "highlight", "reiterate", "report", "describe",
})


def is_speech(token) -> bool:
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in children(token))
    return token.pos_ == "VERB" and token.lemma_.lower() in _SPEECH


_NEWLINE_RE = re.compile("\n")
# what str.strip() takes away
BLANKS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace())


class Layout:
    """Where a document's quotes, blocks, lines and speech verbs lie, found once, so that
    each quote's look-ups are searches, not scans (a text of thousands of quote marks
    costs a multiple of its length)."""

    def __init__(self, doc, text: str, quoted: list[tuple[int, int]]) -> None:
        self.text = text
        self.quote_starts = [start - 1 for start, _ in quoted]
        self.quote_ends = [end for _, end in quoted]
        self.block_starts = [lo for lo, _ in blocks(text)]
        self.line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(text)]
        self.verbs = [t for t in doc if is_speech(t) and not self.inside(t.idx)]
        self.verb_tokens = [t.i for t in self.verbs]
        self._runs: dict[tuple[int, str, int], int] = {}

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` lies within a quote or on its opening mark."""
        k = bisect.bisect_right(self.quote_starts, offset) - 1
        # quotes are disjoint and in order: only the last one opened before may hold it
        return k >= 0 and offset <= self.quote_ends[k]

    def block(self, offset: int) -> int:
        return bisect.bisect_right(self.block_starts, offset) - 1

    def line(self, offset: int) -> tuple[int, int]:
        """The bounds of the line holding ``offset``."""
        k = bisect.bisect_right(self.line_starts, offset) - 1
        end = self.line_starts[k + 1] - 1 if k + 1 < len(self.line_starts) else len(self.text)
        return self.line_starts[k], end

    def run_after(self, lo: int, chars: str) -> int:
        """The end of the run of ``chars`` that starts at ``lo`` (each run read once)."""
        key = (lo, chars, 1)
        if key not in self._runs:
            at = lo
            while at < len(self.text) and self.text[at] in chars:
                at += 1
            self._runs[key] = at
        return self._runs[key]

    def run_before(self, hi: int, chars: str) -> int:
        """The start of the run of ``chars`` that ends at ``hi`` (each run read once)."""
        key = (hi, chars, -1)
        if key not in self._runs:
            at = hi
            while at > 0 and self.text[at - 1] in chars:
                at -= 1
            self._runs[key] = at
        return self._runs[key]


def speech_verb(doc, start: int, end: int, layout: Layout, sentences: SentenceIndex):
    """The speech verb governing the quote, else the nearest one in its sentences and
    paragraph, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span_root(span)
    for token in ancestors(root):
        if is_speech(token) and not layout.inside(token.idx):
            return token, root.head == token
    lo, hi = sentences.tokens(sentences.of_token(span.start), sentences.of_token(span.end - 1))
    verbs, at = layout.verbs, layout.verb_tokens
    k = bisect.bisect_left(at, span.start)  # verbs inside the quote are not in the list
    before = verbs[k - 1] if k and at[k - 1] >= lo else None
    if before is not None and layout.block(before.idx) != layout.block(start):
        before = None
    k = bisect.bisect_left(at, span.end)
    after = verbs[k] if k < len(at) and at[k] < hi else None
    if after is not None and layout.block(after.idx) != layout.block(end):
        after = None
    if before is None and after is None:
        return None, False
    if after is None or (before is not None and start - before.idx <= after.idx - end):
        nearest = before
    else:
        nearest = after
    return nearest, root.head == nearest


def stands_alone(layout: Layout, start: int, end: int) -> bool:
    """A quote that is a paragraph of its own is speech, however short."""
    line_start, line_end = layout.line(start)[0], layout.line(end)[1]
    return (layout.run_after(line_start, MARKS + " ") >= start
            and layout.run_before(line_end, MARKS + " .") <= end)
