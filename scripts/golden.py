"""Golden outputs: the full analysis JSON of every fixture, kept to catch any change.

    .venv/bin/python scripts/golden.py                    # (re)capture tests/golden/outputs/
    .venv/bin/python scripts/golden.py --eval FILE.jsonl --limit 30 --out DIR
                                                          # capture eval records into DIR

`tests/golden/test_golden.py` analyses the same inputs again and compares byte for byte;
with GOLDEN_EVAL_DIR set it also compares the eval captures kept there (made with --out)
against the files named in their manifest. Recapture after a deliberate change of output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "tests" / "golden" / "outputs"
FORMATS = {".txt": "text", ".html": "html"}


def fixture_inputs() -> dict[str, tuple[str, str]]:
    """name -> (text, format) of every fixture article and HTML test page."""
    inputs = {}
    for folder in (ROOT / "fixtures" / "articles", ROOT / "tests" / "data" / "html"):
        for path in sorted(folder.iterdir()):
            if path.suffix in FORMATS:
                inputs[f"{folder.name}-{path.stem}"] = (path.read_text("utf-8"),
                                                         FORMATS[path.suffix])
    return inputs


def eval_inputs(path: Path, limit: int | None) -> dict[str, tuple[str, str]]:
    """name -> (text, "plain") of the first ``limit`` records of an eval JSONL file."""
    inputs = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                record = json.loads(line)
                inputs[f"{path.stem}-{record.get('id', number)}"] = (record["text"], "plain")
            if limit and len(inputs) >= limit:
                break
    return inputs


def render(analysis: dict) -> str:
    return json.dumps(analysis, ensure_ascii=False, indent=1) + "\n"


def analyzer():
    sys.path.insert(0, str(ROOT))
    from service.config import Config
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer

    return Analyzer(load_model(Config().NLP_MODEL))


def analyze_all(inputs: dict[str, tuple[str, str]]) -> dict[str, str]:
    from service.nlp.pipeline import Request

    pipeline = analyzer()
    return {name: render(pipeline.analyze(Request(text, fmt)))
            for name, (text, fmt) in inputs.items()}


def write(outputs: dict[str, str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        stale.unlink()
    for name, text in outputs.items():
        (folder / f"{name}.json").write_text(text, "utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, help="an eval JSONL file to capture instead")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.eval is None:
        write(analyze_all(fixture_inputs()), args.out or OUTPUTS)
        return 0
    if not args.eval.is_file():
        print(f"golden: no such file: {args.eval}", file=sys.stderr)
        return 2
    if args.out is None:
        parser.error("--eval needs --out (captures of eval data stay outside the repository)")
    write(analyze_all(eval_inputs(args.eval, args.limit)), args.out)
    manifest = args.out / "manifest.json"
    entries = json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}
    entries[args.eval.stem] = {"file": str(args.eval.resolve()), "limit": args.limit}
    manifest.write_text(json.dumps(entries, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
