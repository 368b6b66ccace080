"""How long each representation takes to render from an analysis, per article: the
captured analyses of the fixtures (tests/golden/outputs), each rendered ``--repeat``
times per format. Prints milliseconds per article and the output size, per format.

    .venv/bin/python bench/formats.py --repeat 200
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from service.formats import EXPORTABLE, Links

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "outputs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    documents = [json.loads(p.read_text("utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
    links = [Links(f"http://127.0.0.1:8000/v1/articles/{d['id']}") for d in documents]
    words = statistics.mean(d["word_count"] for d in documents)
    print(f"{len(documents)} analyses, {words:.0f} words on average, "
          f"{args.repeat} renderings each")
    print(f"{'format':<10}{'ms/article':>12}{'annotated':>12}{'bytes':>10}")
    for fmt in EXPORTABLE:
        timings = {}
        for annotate in (False, True):
            started = time.perf_counter()
            for _ in range(args.repeat):
                for document, link in zip(documents, links, strict=True):
                    fmt.render(document, link, annotate=annotate)
            elapsed = time.perf_counter() - started
            timings[annotate] = 1000 * elapsed / (args.repeat * len(documents))
        size = statistics.mean(len(fmt.render(d, link).encode()) for d, link in
                               zip(documents, links, strict=True))
        print(f"{fmt.name:<10}{timings[False]:>12.3f}{timings[True]:>12.3f}{size:>10.0f}")


if __name__ == "__main__":
    main()
