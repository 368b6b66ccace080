"""Fit the map from the tagger's span score to a calibrated confidence, on windows never
trained on (``calib.jsonl`` of ``prepare_data.py``), and write it into ``meta.json``.

    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --data /work/ner-data/prepared

Each span the shipped graph tags in a window is right when the gold tags have the same
span and class; spans over undecided tokens ("-") are left out. The map is logistic in the
logit of the score (Platt scaling), fitted by gradient descent on the log loss; the
expected calibration error is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, cls = tag.split("-", 1) if tag not in {"O", "-"} else (tag, "")
        if kind is not None and (prefix != "I" or cls != kind):  # gold keeps B- apart
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in {"B", "I"} and kind is None:
            start, kind = i, cls
    return spans


def scored_spans(folder: Path, records: list[dict]) -> list[tuple[float, bool]]:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from service.nlp.entities.learned import Tagger

    tagger = Tagger(folder)
    vocab = Vocab()
    pairs = []
    for r in records:
        words, tags = r["tokens"], r["tags"]
        doc = Doc(vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
        tagged = tagger.tag(doc)
        gold = gold_spans(tags)
        for a, b, cls, _ in tagged.spans(doc):
            if "-" in tags[a:b]:
                continue
            pairs.append((tagged.raw_score(a, b, cls), (a, b, cls) in gold))
    return pairs


def fit(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    xs = [math.log(max(1e-6, s) / max(1e-6, 1 - s)) for s, _ in pairs]
    ys = [1.0 if ok else 0.0 for _, ok in pairs]
    a, c = 1.0, 0.0
    for _ in range(2000):
        ga = gc = 0.0
        for x, y in zip(xs, ys, strict=True):
            p = 1 / (1 + math.exp(-(a * x + c)))
            ga += (p - y) * x
            gc += p - y
        a -= 0.5 * ga / len(xs)
        c -= 0.5 * gc / len(xs)
    return round(a, 4), round(c, 4)


def ece(pairs: list[tuple[float, bool]], a: float, c: float) -> float:
    from service.evaluate.ner import reliability

    mapped = [(1 / (1 + math.exp(-(a * math.log(max(1e-6, s) / max(1e-6, 1 - s)) + c))), ok)
              for s, ok in pairs]
    return reliability(mapped)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    records = [json.loads(x) for x in (args.data / "calib.jsonl").read_text().splitlines()]
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.pop("calibration", None)
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    pairs = scored_spans(args.model, records)
    a, c = fit(pairs)
    print(f"{len(pairs)} spans, {sum(ok for _, ok in pairs)} right; "
          f"ECE before {ece(pairs, 1.0, 0.0):.3f}, after {ece(pairs, a, c):.3f} (a={a}, c={c})")
    meta["calibration"] = [a, c]
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
