"""Made-up short wire stories for job tests: each different, each quick to analyze."""

from __future__ import annotations

import json

CITIES = ("OSLO", "LIMA", "QUITO", "DAKAR", "HANOI", "RIGA", "SOFIA", "TUNIS")
FIRMS = ("Norvel", "Tarkan", "Brisco", "Almera", "Quenby", "Ostrava", "Pellin", "Marosa")


def article(number: int) -> dict:
    """A short story whose text differs for every ``number``."""
    city, firm = CITIES[number % len(CITIES)], FIRMS[(number // 8) % len(FIRMS)]
    return {
        "text": f"{firm} orders {number + 2} new ferries\n\n"
                f"{city}, May {number % 27 + 1} (Reuters) - {firm} Shipping said on Monday "
                f"it had ordered {number + 2} ferries worth {number + 10} mln euros, "
                f"its chief executive Lena Varga told reporters in {city.title()}.",
        "published": "2024-05-06",
    }


def jsonl(records: list) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                   for r in records).encode()


# Three lines that fail alone, each for its own reason.
BAD_LINES = (
    ('{"text": "no closing brace"', "not valid JSON"),
    ('{"format": "text"}', "string 'text'"),
    ('{"text": "Ferry news", "published": "May 2024"}', "YYYY-MM-DD"),
)


def mixed_job(count: int = 200, bad_at=(17, 88, 150), stored: int = 10):
    """``count`` lines: the bad lines at ``bad_at`` (1-based), the first ``stored``
    articles (to be stored before the job) and fresh ones. Returns (lines, stored
    records, {line: reason fragment})."""
    lines, reasons = [], {}
    fresh = iter(range(10_000))
    bad = iter(BAD_LINES)
    for line in range(1, count + 1):
        if line in bad_at:
            text, reason = next(bad)
            lines.append(text)
            reasons[line] = reason
        else:
            lines.append(article(next(fresh)))
    return lines, [article(n) for n in range(stored)], reasons
