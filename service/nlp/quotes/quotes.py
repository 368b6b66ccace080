"""Direct quotations in an article and who said them."""

from __future__ import annotations

import bisect
import re

from service.nlp.caps import whole
from service.nlp.quotes.speakers import Speakers, speaker_of
from service.nlp.sentences import SentenceIndex
from service.nlp.types import Structure

_SPEECH = frozenset({
    "say", "tell", "add", "note", "stress", "state", "declare", "announce", "explain",
    "emphasize", "emphasise", "underline", "underscore", "point", "claim", "insist", "argue",
    "warn", "write", "recall", "remark", "comment", "reply", "respond", "answer", "ask", "admit",
    "acknowledge", "confirm", "deny", "suggest", "quote", "tweet", "conclude", "urge",
    "complain", "predict", "vow", "pledge", "promise", "assert", "observe", "mention",
    "specify", "clarify", "highlight", "reiterate", "report", "describe",
})
_INVISIBLE = " \t\n\u200b\u200e\u200f\ufeff"
_MARKS = '"“”‘’«»„‚‹›「」『』'
# A quote this short is kept only when a speech verb governs it; others are scare quotes.
_MIN_WORDS = 3

# ‘ opens a quote only at a word start; ’ inside a word ("Russia’s") never closes one.
_SINGLE = re.compile(r"(?<!\w)‘(?=\S)([^‘\n]*?\S)’(?!\w)")
# A closing mark used to open a quote: at a word start, after a space or a line start.
_STRAY_OPENING = re.compile(r"(?:(?<=\s)|^)”(?=[^\W_]|[‘'])", re.M)
_SENTENCE_END = (".", "?", "!", ",", "…", "—")
_SCARE_WORDS = 6  # a quote this short, with no speech verb near and no sentence in it


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


def _blocks(text: str):
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


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner bounds of every outermost quotation, trimmed of spaces and a trailing comma."""
    spans = []
    text = _STRAY_OPENING.sub("“", text)  # same length: offsets hold
    for lo, hi in _blocks(text):
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
        stripped = inner.lstrip(_INVISIBLE)
        start += len(inner) - len(stripped)
        end = start + len(stripped.rstrip().rstrip(",").rstrip(_INVISIBLE))
        if end > start:
            trimmed.append((start, end))
    return trimmed


def _is_speech(token) -> bool:
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.children)
    return token.pos_ == "VERB" and token.lemma_.lower() in _SPEECH


_NEWLINE_RE = re.compile("\n")
# what str.strip() takes away
_BLANKS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace())


class _Layout:
    """Where a document's quotes, blocks, lines and speech verbs lie, found once, so that
    each quote's look-ups are searches, not scans (a text of thousands of quote marks
    costs a multiple of its length)."""

    def __init__(self, doc, text: str, quoted: list[tuple[int, int]]) -> None:
        self.text = text
        self.quote_starts = [start - 1 for start, _ in quoted]
        self.quote_ends = [end for _, end in quoted]
        self.block_starts = [lo for lo, _ in _blocks(text)]
        self.line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(text)]
        self.verbs = [t for t in doc if _is_speech(t) and not self.inside(t.idx)]
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




def _speech_verb(doc, start: int, end: int, layout: _Layout, sentences: SentenceIndex):
    """The speech verb governing the quote, else the nearest one in its sentences and
    paragraph, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    for token in span.root.ancestors:
        if _is_speech(token) and not layout.inside(token.idx):
            return token, span.root.head == token
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
    return nearest, span.root.head == nearest


def _subject(verb):
    """The token naming who speaks: the subject, or the object of "according to"."""
    if verb.lower_ == "according":
        to = next(c for c in verb.children if c.lower_ == "to")
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for node in (verb, verb.head):
        subject = _nsubj(node)
        # "said Jean Roe, an adviser, told the paper": the doubled verb has the subject
        if subject is not None or node.dep_ not in ("conj", "advcl", "xcomp", "ccomp",
                                                    "parataxis"):
            break
    if subject is None:  # the same, parsed the other way round
        doubled = next((c for c in verb.children if c.i > verb.i and _is_speech(c)), None)
        subject = _nsubj(doubled) if doubled is not None else None
        if subject is not None and subject.i > doubled.i:
            subject = None
    return subject


def _nsubj(verb):
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _continued(quotes: list[dict], text: str, start: int) -> dict | None:
    """The previous quote's speaker when this quote goes on from it."""
    if not quotes:
        return None
    previous = quotes[-1]
    between = text[previous["end"]:start]
    # Same paragraph, or paragraphs that are nothing but quotes one after the other.
    if "\n\n" not in between or not between.strip(_MARKS + "\n .,"):
        return previous["speaker"]
    return None


# After a quote, its closing mark and comma, a person and the end of the clause:
# "...," Jane Roe, director of the agency.
_ATTRIBUTION_GAP_RE = re.compile(r"[^\S\n]*[\"”’»«“]?[^\S\n]*,?[\"”’»«“]?[^\S\n]*")
_ATTRIBUTION_END_RE = re.compile(r"[^\S\n]*(?:[,.;]|$)", re.M)


def _attributed(text: str, end: int, known: Speakers) -> dict | None:
    """The person named right after a quote ending in a comma, with no verb: the
    attribution of a wire's caption style ("...," Jane Roe, director of the agency.)."""
    gap = _ATTRIBUTION_GAP_RE.match(text, end)
    if "," not in text[end:gap.end()]:
        return None
    entity = known.named_at(gap.end())
    if entity is None or entity["type"] != "PERSON":
        return None
    k = bisect.bisect_left(known.starts, gap.end())
    if k >= len(known.starts) or known.starts[k] != gap.end():
        return None
    if not _ATTRIBUTION_END_RE.match(text, known.mentions[k][1]):
        return None
    return {"name": entity["name"], "entity_id": entity["id"]}


def _introduced(doc, layout: _Layout, start: int, known: Speakers) -> dict | None:
    """The subject of a paragraph ending in a colon that introduces this quote's paragraph."""
    k = layout.block(start)
    if k < 1 or layout.run_after(layout.block_starts[k], _MARKS + "\n ") < start:
        return None
    # the end of the text before this paragraph, blanks left out
    colon_at = layout.run_before(layout.block_starts[k], _BLANKS) - 1
    if colon_at < 0 or layout.text[colon_at] != ":":
        return None
    colon = doc.char_span(colon_at, colon_at + 1, alignment_mode="expand").root
    verb = next((t for t in colon.ancestors if t.pos_ in ("VERB", "AUX")), None)
    subject = _subject(verb) if verb is not None else None
    return speaker_of(subject, known) if subject is not None else None


def _stands_alone(layout: _Layout, start: int, end: int) -> bool:
    """A quote that is a paragraph of its own is speech, however short."""
    line_start, line_end = layout.line(start)[0], layout.line(end)[1]
    return (layout.run_after(line_start, _MARKS + " ") >= start
            and layout.run_before(line_end, _MARKS + " .") <= end)


def extract_quotes(doc, structure: Structure, entities: list[dict]) -> list[dict]:
    """Every direct quotation, in text order (ids q1, q2, ...), with its speaker if known."""
    return whole(find_quotes(doc, structure, entities))


def find_quotes(doc, structure: Structure, entities: list[dict]) -> list[dict]:
    """The quotations of ``extract_quotes``, each ``sentence`` a ``Sentence`` (read when
    the analysis is put out)."""
    text = structure.text
    spans = _quote_spans(text)
    sentences = SentenceIndex.of(doc, structure)
    known = Speakers(doc, structure, entities, sentences)
    layout = _Layout(doc, text, spans)
    quotes: list[dict] = []
    for start, end in spans:
        verb, governs = _speech_verb(doc, start, end, layout, sentences)
        words = len(text[start:end].split())
        if words < _MIN_WORDS and not governs:
            continue
        if (verb is None and words < _SCARE_WORDS
                and not text[start:end].rstrip(_MARKS).endswith(_SENTENCE_END)
                and not _stands_alone(layout, start, end)):
            continue  # scare quotes: 'joints for jabs' is a name for something, not speech
        subject = _subject(verb) if verb is not None else None
        if subject is not None:
            speaker = speaker_of(subject, known)
        else:
            speaker = None if verb is not None else (
                _attributed(text, end, known) or _continued(quotes, text, start)
                or _introduced(doc, layout, start, known))
        if speaker is not None and speaker["entity_id"] is not None:
            known.last = speaker["entity_id"]
        section, paragraph = structure.locate(start)
        quotes.append(sentences.give_sentence(
            {"id": f"q{len(quotes) + 1}", "text": text[start:end], "speaker": speaker,
             "sentence": None, "start": start, "end": end,
             "section": section, "paragraph": paragraph}))
    return quotes
