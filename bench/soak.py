"""Memory of a long-lived analysis process over many articles full of words never seen before.

    .venv/bin/python bench/soak.py [--analyses 20000] [--every 1000] [--model NAME]

One process analyzes ``--analyses`` made-up articles one by one, as a request would, with
no recycling of the process. Every article brings new names, places and made-up words, so
that without ``nlp.memory_zone()`` the vocabulary and string store grow with each one.
The process's resident set size (VmRSS) and the size of spaCy's string store are printed
every ``--every`` analyses; the last line gives the end value as a ratio of the value
after the first 1,000 (the target: at most 1.10).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SYLLABLES = ("ka", "lo", "ve", "dra", "mi", "sun", "tor", "bel", "qua", "zen", "rix", "po",
             "nal", "ghe", "stu", "var", "oph", "iel", "cor", "dun", "yx", "ama", "ter", "ul")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def article(rng: random.Random) -> str:
    """A short wire-style article whose names, places and some words are new."""
    person, rival = (f"{word(rng, 2).title()} {word(rng, 3).title()}" for _ in range(2))
    company = f"{word(rng, 3).title()}{rng.choice(('corp', 'tek', 'gaz'))}"
    city, region = word(rng, 2).upper(), word(rng, 3).title()
    amount, share = rng.randint(2, 950), rng.randint(1, 99)
    jargon = " ".join(word(rng, rng.randint(2, 4)) for _ in range(4))
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    return (
        f"{company} plans {word(rng).title()} expansion in {region}\n\n"
        f"{city}, {month} {day} (Reuters) - {company} said on Tuesday it would spend "
        f"${amount} mln on a plant in {region}, raising output by {share}% by 2027.\n\n"
        f"\"The {jargon} market is growing,\" chief executive {person} told reporters. "
        f"{rival}, an analyst at {word(rng, 2).title()} Capital, said {share} jobs "
        f"could go.\n"
    )


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyses", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=1_000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from service.config import Config
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer, Request

    analyzer = Analyzer(load_model(args.model or Config().NLP_MODEL))
    analyzer.warm_up()
    rng = random.Random(args.seed)
    print(f"{'analyses':>9} {'RSS MB':>8} {'strings':>9} {'s':>7}")
    print(f"{0:>9} {rss_mb():>8.1f} {len(analyzer.nlp.vocab.strings):>9} {0:>7.1f}")
    started, baseline, last = time.monotonic(), None, None
    for done in range(1, args.analyses + 1):
        analyzer.analyze(Request(article(rng), "text"))
        if done % args.every == 0 or done == args.analyses:
            last = rss_mb()
            baseline = last if done == 1_000 or baseline is None else baseline
            print(f"{done:>9} {last:>8.1f} {len(analyzer.nlp.vocab.strings):>9} "
                  f"{time.monotonic() - started:>7.1f}", flush=True)
    print(f"RSS after {args.analyses:,} / after 1,000: {last / baseline:.3f} "
          f"({last:.1f} MB / {baseline:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
