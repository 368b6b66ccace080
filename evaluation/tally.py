"""What the JSONL scorers share: the cases of a file and the counts kept per class of case."""

from __future__ import annotations

import json
import zlib
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
