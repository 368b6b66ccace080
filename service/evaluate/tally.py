"""What the JSONL scorers share: the cases of a file and the counts kept per class of case."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields


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


def read_cases(path: str) -> list[dict]:
    """The JSON objects of a JSONL file, blank lines skipped."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
