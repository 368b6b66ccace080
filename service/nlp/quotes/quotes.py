"""Direct quotations in an article and who said them."""

from __future__ import annotations

import re

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
_MARKS = '"“”‘’«»'
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


def _curly(text: str, lo: int, hi: int, opening: str, closing: str) -> list[tuple[int, int]]:
    """Curly quotes, each closed by its mark or the end of its line.

    An opening mark right after a quoted clause's final punctuation closes it instead: a
    common typo ("... global reach, “Caughlin said").
    """
    spans, start = [], None
    if opening not in text[lo:hi]:
        return spans
    for i in range(lo, hi):
        char = text[i]
        ends_clause = start is not None and text[start:i].rstrip()[-1:] in (",", ".", "?", "!")
        if char == opening and not ends_clause:
            start = i + 1
        elif char in (closing, opening, "\n") and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, hi))
    return spans


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner bounds of every outermost quotation, trimmed of spaces and a trailing comma."""
    spans = []
    text = _STRAY_OPENING.sub("“", text)  # same length: offsets hold
    for lo, hi in _blocks(text):
        spans += _straight(text, lo, hi) + _curly(text, lo, hi, "“", "”")
        spans += _single_straight(text, lo, hi)
        spans += _curly(text, lo, hi, "«", "»")
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


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start - 1 <= offset <= end for start, end in spans)


def _speech_verb(doc, start: int, end: int, quoted: list[tuple[int, int]],
                 sentences: SentenceIndex):
    """The speech verb governing the quote, else the nearest one in its sentences, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    for token in span.root.ancestors:
        if _is_speech(token) and not _inside(token.idx, quoted):
            return token, span.root.head == token
    lo, hi = sentences.tokens(sentences.of_token(span.start), sentences.of_token(span.end - 1))
    tokens = doc[lo:hi]
    verbs = [t for t in tokens if _is_speech(t) and not _inside(t.idx, quoted)
             and not (t.idx < start and "\n\n" in doc.text[t.idx:start])
             and not (t.idx > end and "\n\n" in doc.text[end:t.idx])]
    if not verbs:
        return None, False
    nearest = min(verbs, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
    return nearest, span.root.head == nearest


def _subject(verb):
    """The token naming who speaks: the subject, or the object of "according to"."""
    if verb.lower_ == "according":
        to = next(c for c in verb.children if c.lower_ == "to")
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for node in (verb, verb.head):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or node.dep_ not in ("conj", "advcl", "xcomp", "ccomp"):
            return subject
    return None


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


def _introduced(doc, text: str, start: int, known: Speakers) -> dict | None:
    """The subject of a paragraph ending in a colon that introduces this quote's paragraph."""
    gap = text.rfind("\n\n", 0, start)
    before = text[:gap].rstrip()
    if gap < 0 or text[gap:start].strip(_MARKS + "\n ") or not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand").root
    verb = next((t for t in colon.ancestors if t.pos_ in ("VERB", "AUX")), None)
    subject = _subject(verb) if verb is not None else None
    return speaker_of(subject, known) if subject is not None else None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A quote that is a paragraph of its own is speech, however short."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip(_MARKS + " ") and not text[end:line_end].strip(
        _MARKS + " .")


def extract_quotes(doc, structure: Structure, entities: list[dict],
                   window: int | None = None) -> list[dict]:
    """Every direct quotation, in text order (ids q1, q2, ...), with its speaker if known;
    with a ``window``, only the window of its sentence that ``cap_analysis`` keeps
    (``WINDOW_START`` giving its offset)."""
    text = structure.text
    spans = _quote_spans(text)
    sentences = SentenceIndex.of(doc, structure)
    known = Speakers(doc, structure, entities, sentences)
    quotes: list[dict] = []
    for start, end in spans:
        verb, governs = _speech_verb(doc, start, end, spans, sentences)
        words = len(text[start:end].split())
        if words < _MIN_WORDS and not governs:
            continue
        if (verb is None and words < _SCARE_WORDS
                and not text[start:end].rstrip(_MARKS).endswith(_SENTENCE_END)
                and not _stands_alone(text, start, end)):
            continue  # scare quotes: 'joints for jabs' is a name for something, not speech
        subject = _subject(verb) if verb is not None else None
        if subject is not None:
            speaker = speaker_of(subject, known)
        else:
            speaker = None if verb is not None else (
                _continued(quotes, text, start) or _introduced(doc, text, start, known))
        if speaker is not None and speaker["entity_id"] is not None:
            known.last = speaker["entity_id"]
        section, paragraph = structure.locate(start)
        quotes.append(sentences.give_sentence(
            {"id": f"q{len(quotes) + 1}", "text": text[start:end], "speaker": speaker,
             "sentence": None, "start": start, "end": end,
             "section": section, "paragraph": paragraph}, window))
    return quotes
