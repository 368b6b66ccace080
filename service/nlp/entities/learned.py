"""Names and their types from the learned tagger: a MiniLM encoder fine-tuned for BIO tags
over PER, ORG, LOC and MISC (``training/train_ner.py``), run with onnxruntime over the
words spaCy found, in windows of whole sentences.

The tagger is loaded on first use, once per process (a forked worker loads its own: an
onnxruntime session does not survive a fork). Each word gets a probability per tag; a
mention's ``confidence`` is read from them (``span_confidence``) whoever proposed it.
"""

from __future__ import annotations

import json
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

MODEL_DIR = Path(__file__).parent / "model"
WINDOW_WORDS = 100
BATCH = 16
# The CoNLL class of each of our types: the tagger's evidence for a mention of that type.
CLASS_OF = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"}
TYPE_OF = {cls: kind for kind, cls in CLASS_OF.items()}
_LOCK = threading.Lock()
_TAGGERS: dict[int, Tagger] = {}


@dataclass(frozen=True)
class Tagged:
    """Token-level tags of a doc: ``probs[i]`` the tag probabilities of token ``i`` (zeros
    for a space token), and the spans read from them."""

    probs: np.ndarray
    labels: tuple[str, ...]
    calibration: tuple[float, float]  # a, c of the logistic map of a raw score
    # The map for a mention that is not one of the tagger's own spans (proposed by spaCy, a
    # gazetteer or the merging, or typed against the tagger); the first map when None.
    other: tuple[float, float] | None = None
    # Instead of the logistic maps, when fitted: (scores, confidences) points of a monotone
    # map, for the tagger's own spans and for the other mentions, interpolated linearly.
    tables: tuple[tuple[list, list], tuple[list, list]] | None = None

    def raw_score(self, start: int, end: int, cls: str) -> float:
        """The tagger's probability that tokens ``start:end`` are one name of class ``cls``:
        the geometric mean of its words' probabilities of class ``cls`` (B- or I-), times the
        chance that the next word is not of that class."""
        b, i = self.labels.index(f"B-{cls}"), self.labels.index(f"I-{cls}")
        words = [k for k in range(start, end) if self.probs[k].any()]
        if not words:
            return 0.0
        logs = [math.log(max(1e-6, float(self.probs[words[0]][b] + self.probs[words[0]][i])))]
        logs += [math.log(max(1e-6, float(self.probs[k][b] + self.probs[k][i])))
                 for k in words[1:]]
        after = next((k for k in range(end, len(self.probs)) if self.probs[k].any()), None)
        stop = 1.0 if after is None else max(
            1e-6, 1.0 - float(self.probs[after][i] + self.probs[after][b]))
        return math.exp(sum(logs) / len(logs)) * stop

    def is_span(self, start: int, end: int, cls: str) -> bool:
        """True when tokens ``start:end`` are exactly one of the tagger's own spans of class
        ``cls`` (the best tag of each of its words, and of no word beside it)."""
        words = [k for k in range(start, end) if self.probs[k].any()]
        if not words or any(self._class(k) != cls for k in words):
            return False
        before = next((k for k in range(start - 1, -1, -1) if self.probs[k].any()), None)
        after = next((k for k in range(end, len(self.probs)) if self.probs[k].any()), None)
        return all(k is None or self._class(k) != cls for k in (before, after))

    def _class(self, k: int) -> str:
        label = self.labels[int(self.probs[k].argmax())]
        return label.split("-", 1)[1] if "-" in label else label

    def confidence(self, start: int, end: int, cls: str) -> float:
        """The raw score mapped through the calibration fitted on held-out data (one map for
        the tagger's own spans, another for other mentions)."""
        return calibrated(self.raw_score(start, end, cls), self.is_span(start, end, cls),
                          self.calibration, self.other, self.tables)

    def spans(self, doc: Doc):
        """Spans of the best tag of each word, with their confidence: a B- or an I- after
        another class opens one, a tag of the same class continues it (the tagger tells B-
        from I- poorly; two names of one class with nothing between them are rare)."""
        best = self.probs.argmax(axis=1)
        start, kind = None, None
        for i in range(len(doc) + 1):
            label = "O" if i == len(doc) or not self.probs[i].any() else self.labels[best[i]]
            prefix, cls = label.split("-", 1) if label != "O" else ("O", "")
            if kind is not None and cls != kind:
                yield start, i, kind, self.confidence(start, i, kind)
                start, kind = None, None
            if prefix in {"B", "I"} and kind is None:
                start, kind = i, cls


def calibration_maps(meta: dict) -> tuple:
    """The calibration maps of ``meta.json``: the logistic map (a, c) of the tagger's own
    spans, that of the other mentions (None: the same), and the monotone tables (None: the
    logistic maps decide)."""
    other = meta.get("calibration_other")
    table = meta.get("calibration_table")
    tables = None if not table else tuple(
        (tuple(x for x, _ in table[k]), tuple(y for _, y in table[k])) for k in ("own", "other"))
    return (tuple(meta.get("calibration", (1.0, 0.0)))[:2], tuple(other)[:2] if other else None,
            tables)


def calibrated(score: float, own: bool, calibration: tuple[float, float],
               other: tuple[float, float] | None = None, tables: tuple | None = None) -> float:
    """A raw score through the maps: a monotone table when fitted, else the logistic map of
    its logit (the tagger's own spans and the other mentions each their own)."""
    if tables is not None:
        xs, ys = tables[0 if own else 1]
        return round(float(np.interp(score, xs, ys)), 3)
    a, c = other if other is not None and not own else calibration
    logit = math.log(max(1e-6, score) / max(1e-6, 1.0 - score))
    return round(1.0 / (1.0 + math.exp(-(a * logit + c))), 3)


def word_shape(word: str) -> int:
    """0 no capital, 1 Title ("Paris", "A"), 2 ALLCAPS ("NATO"), 3 mixed ("iPhone")."""
    letters = [c for c in word if c.isalpha()]
    upper = [c.isupper() for c in letters]
    if not any(upper):
        return 0
    if upper[0] and not any(upper[1:]):
        return 1
    if all(upper) and len(letters) > 1:
        return 2
    return 3


class Tagger:
    """One onnxruntime session over the shipped graph, with its tokenizer and labels."""

    def __init__(self, folder: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime  # noqa: PLC0415 (heavy; loaded with the model, not at import)
        from tokenizers import Tokenizer  # noqa: PLC0415

        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.temperature = float(meta.get("temperature", 1.0))
        self.calibration, self.other, self.tables = calibration_maps(meta)
        self.max_pieces = int(meta.get("max_pieces", 256))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(folder / meta.get("graph", "ner-int8.onnx")), options,
            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    def probabilities(self, windows: list[list[str]]) -> list[np.ndarray]:
        """Per window, a (words, labels) array of tag probabilities of each word's first
        piece (a word whose pieces run past the limit keeps the last piece's)."""
        encoded: list[tuple | int] = []
        for words in windows:
            enc = self.tokenizer.encode(words, is_pretokenized=True)
            if len(enc.ids) > self.max_pieces and len(words) > 1:
                encoded.append(len(words) // 2)  # too many pieces: each half on its own
                continue
            shapes = [word_shape(w) for w in words]
            types = [0 if w is None else shapes[w] for w in enc.word_ids]
            encoded.append((enc.ids[:self.max_pieces], types[:self.max_pieces],
                            enc.word_ids[:self.max_pieces]))
        out: list[np.ndarray | None] = [None] * len(windows)
        todo = [i for i, e in enumerate(encoded) if isinstance(e, tuple)]
        for k in range(0, len(todo), BATCH):
            chunk = todo[k:k + BATCH]
            width = max(len(encoded[i][0]) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                a, b, _ = encoded[i]
                ids[row, :len(a)] = a
                types[row, :len(b)] = b
                mask[row, :len(a)] = 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask,
                                                   "token_type_ids": types})[0]
            for row, i in enumerate(chunk):
                out[i] = self._first_pieces(logits[row], encoded[i][2], len(windows[i]))
        for i, half in enumerate(encoded):
            if isinstance(half, int):
                first, second = self.probabilities([windows[i][:half], windows[i][half:]])
                out[i] = np.concatenate([first, second])
        return out  # type: ignore[return-value]

    def _first_pieces(self, logits: np.ndarray, word_ids: list, n: int) -> np.ndarray:
        scaled = logits / self.temperature
        scaled = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        probs = scaled / scaled.sum(axis=1, keepdims=True)
        words = np.zeros((n, len(self.labels)), dtype=np.float32)
        seen = set()
        for piece, w in enumerate(word_ids):
            if w is not None and w not in seen:
                words[w] = probs[piece]
                seen.add(w)
        return words

    def tag(self, doc: Doc) -> Tagged:
        """Tag probabilities of every token of ``doc`` and the spans they give."""
        windows: list[list[int]] = []
        current: list[int] = []
        for sent in doc.sents:
            tokens = [t.i for t in sent if not t.is_space]
            if current and len(current) + len(tokens) > WINDOW_WORDS:
                windows.append(current)
                current = []
            current += tokens
        if current:
            windows.append(current)
        probs = np.zeros((len(doc), len(self.labels)), dtype=np.float32)
        if windows:
            found = self.probabilities([[doc[i].text for i in w] for w in windows])
            for w, p in zip(windows, found, strict=True):
                probs[w] = p
        return Tagged(probs, self.labels, self.calibration, self.other, self.tables)


def tagger() -> Tagger:
    """This process's tagger, loaded on first use."""
    pid = os.getpid()
    if pid not in _TAGGERS:
        with _LOCK:
            if pid not in _TAGGERS:
                _TAGGERS.clear()
                _TAGGERS[pid] = Tagger()
    return _TAGGERS[pid]
