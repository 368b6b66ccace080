"""Fit the maps from the tagger's score to a calibrated confidence and write them into
``meta.json``; measure them on the held-out halves.

    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --pipeline EVAL_DIR/wikigold_dev.jsonl:conll \
        --check EVAL_DIR/wikigold_dev.jsonl:conll EVAL_DIR/re3d_dev.jsonl:service
    .venv/bin/python training/calibrate.py --model service/nlp/entities/model \
        --windows DATA_DIR/prepared/calib.jsonl --pipeline EVAL_DIR/wikigold_dev.jsonl:conll \
        --check EVAL_DIR/wikigold_dev.jsonl:conll EVAL_DIR/re3d_dev.jsonl:service --dry-run

The maps are fitted on the mentions the whole pipeline (NER_MODEL=learned) gives, which are
not the tagger's spans alone (``calibration_data.py``): on the tuning halves (even
positions) of the shared files named by ``--pipeline``, on the windows ``prepare_data.py``
kept out of training (``--windows``), or on both together. Two maps: one for the mentions
that are the tagger's own spans, one for the others (proposed by spaCy or the rules), whose
raw score says less; each logistic in the logit of the score (Platt scaling, gradient
descent on the log loss) or, with ``--table``, a monotone table (isotonic regression).
``--check`` prints the expected calibration error of the fitted maps on the held-out
halves (odd positions) of the files it names, as ``python -m evaluation ner`` measures it;
``--dry-run`` leaves ``meta.json`` as it is. ``--cut`` judges the tuning halves cut into the
windows ``prepare_data.py`` trains on instead of whole (the kept-out windows are short: this
tells whether the pipeline behaves on a window as on an article). ``--ner fast`` prints
instead the precision of each type on the same mentions without the tagger: the fast path's
confidence table (``FAST_CONFIDENCE`` in ``service/nlp/entities/entities.py``), and its
error on ``--check``.

``--data`` fits the older single map of the tagger's own spans on the kept-out windows
(each span right when the gold tags have the same span and class; spans over undecided
tokens, "-", left out).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calibration_data import (  # noqa: E402
    Pair,
    cut_rows,
    gold_spans,
    shared_pairs,
    window_pairs,
    window_rows,
)

from evaluation.ner import reliability  # noqa: E402
from service.nlp.entities.learned import calibrated, calibration_maps  # noqa: E402

CLASSES = ("PER", "ORG", "LOC", "MISC")


def scored_spans(folder: Path, records: list[dict]) -> list[tuple[float, bool]]:
    """(raw score, right) of each span the tagger alone tags in the windows."""
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


def fitted_maps(pairs: list[Pair], table: bool) -> dict:
    """The calibration entries of meta.json fitted on ``pairs``."""
    groups = {own: [(p.score, p.right) for p in pairs if p.own == own] for own in (True, False)}
    for own, group in groups.items():
        print(f"{'own spans' if own else 'other mentions'}: {len(group)} mentions, "
              f"{sum(ok for _, ok in group)} right")
    if table:
        return {"calibration_table": {"own": isotonic(groups[True]),
                                      "other": isotonic(groups[False])}}
    return {"calibration": list(fit(groups[True])), "calibration_other": list(fit(groups[False]))}


def learned_error(meta: dict, pairs: list[Pair]) -> float:
    maps = calibration_maps(meta)
    return reliability([(calibrated(p.score, p.own, *maps), p.right) for p in pairs])[0]


def type_precision(pairs: list[Pair]) -> dict[str, float]:
    """The share right of each CoNLL class: the fast path's confidence of that type."""
    return {c: round(sum(p.right for p in pairs if p.cls == c)
                     / max(1, sum(p.cls == c for p in pairs)), 2) for c in CLASSES}


def training_pairs(args: argparse.Namespace) -> list[Pair]:
    pairs = []
    for item in args.pipeline:
        pairs += (window_pairs(cut_rows(item), None, args.ner) if args.cut
                  else shared_pairs(item, "tune", args.ner))
    if args.windows:
        pairs += window_pairs(window_rows(args.windows),
                              set(args.sources.split(",")) if args.sources else None, args.ner)
    right = sum(p.right for p in pairs)
    print(f"fitted on {len(pairs)} mentions, {right} right ({right / max(1, len(pairs)):.3f})")
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, help="prepared data: the tagger's own spans only")
    parser.add_argument("--pipeline", nargs="*", default=[], metavar="FILE:SCHEME",
                        help="shared files whose tuning halves the maps are fitted on")
    parser.add_argument("--windows", type=Path, help="calib.jsonl: windows kept out of training")
    parser.add_argument("--sources", help="with --windows: only these corpora (comma-separated)")
    parser.add_argument("--cut", action="store_true",
                        help="with --pipeline: the tuning halves cut into training windows")
    parser.add_argument("--table", action="store_true",
                        help="monotone tables instead of logistic maps")
    parser.add_argument("--check", nargs="*", default=[], metavar="FILE:SCHEME",
                        help="shared files on whose held-out halves the error is measured")
    parser.add_argument("--ner", choices=("learned", "fast"), default="learned")
    parser.add_argument("--dry-run", action="store_true", help="leave meta.json as it is")
    args = parser.parse_args()
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text())
    if args.data:
        fit_own_spans(args.model, args.data, meta)
        return
    pairs = training_pairs(args)
    if args.ner == "fast":
        table = type_precision(pairs)
        print(f"precision by type: {table}")
        for item in args.check:
            held = shared_pairs(item, "heldout", "fast")
            error = reliability([(table[p.cls], p.right) for p in held])[0]
            print(f"{item}: held-out half, {len(held)} mentions, ECE {error:.3f}")
        return
    before = {k: meta.pop(k) for k in ("calibration", "calibration_other", "calibration_table")
              if k in meta}
    fitted = {**meta, **fitted_maps(pairs, args.table)}
    print(f"fitted: { {k: v for k, v in fitted.items() if k.startswith('calibration')} }")
    print(f"ECE on the fitting mentions {learned_error({**meta, **before}, pairs):.3f} "
          f"with the maps in meta.json, {learned_error(fitted, pairs):.3f} fitted")
    for item in args.check:
        held = shared_pairs(item, "heldout")
        print(f"{item}: held-out half, {len(held)} mentions, ECE "
              f"{learned_error({**meta, **before}, held):.3f} with the maps in meta.json, "
              f"{learned_error(fitted, held):.3f} fitted")
    if not args.dry_run:
        meta_path.write_text(json.dumps(fitted, indent=1) + "\n")


def fit_own_spans(model: Path, data: Path, meta: dict) -> None:
    records = [json.loads(x) for x in (data / "calib.jsonl").read_text().splitlines()]
    meta.pop("calibration", None)
    (model / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    pairs = scored_spans(model, records)
    a, c = fit(pairs)
    error = reliability([(calibrated(s, True, (a, c)), ok) for s, ok in pairs])[0]
    print(f"{len(pairs)} spans, {sum(ok for _, ok in pairs)} right; ECE after {error:.3f} "
          f"(a={a}, c={c})")
    meta["calibration"] = [a, c]
    (model / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
