"""Golden outputs: the analysis JSON of every fixture as ``POST /v1/analyze`` answers it,
kept to catch any change.

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
import tempfile
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


def render(body: bytes) -> str:
    return json.dumps(json.loads(body), ensure_ascii=False, indent=1) + "\n"


class Client:
    """Posts inputs to ``/v1/analyze`` of an application on a throw-away SQLite store: the
    capture is the JSON a client receives, whatever the layers behind it."""

    def __init__(self):
        sys.path.insert(0, str(ROOT))
        from service.app import create_app

        self._dir = tempfile.TemporaryDirectory(prefix="golden-")
        self.app = create_app({
            "DATABASE_URL": f"sqlite:///{self._dir.name}/golden.sqlite3",
            "JOBS_DIR": f"{self._dir.name}/jobs", "DEV_MODE": False, "TESTING": True,
            "RATELIMIT_ENABLED": False, "ANALYSIS_NICE": 0, "ANALYSIS_TIMEOUT": 300.0,
            "ANALYSIS_QUEUE_WAIT": 300.0, "MAX_TEXT_CHARS": 10_000_000})
        self.client = self.app.test_client()

    def analyze(self, text: str, fmt: str) -> str:
        response = self.client.post("/v1/analyze", json={"text": text, "format": fmt})
        if response.status_code != 200:
            raise RuntimeError(f"/v1/analyze answered {response.status_code}: "
                               f"{response.get_data(as_text=True)[:300]}")
        return render(response.get_data())


def analyze_all(inputs: dict[str, tuple[str, str]]) -> dict[str, str]:
    client = Client()
    return {name: client.analyze(text, fmt) for name, (text, fmt) in inputs.items()}


def write(outputs: dict[str, str], folder: Path, prefix: str = "") -> None:
    """Replace the captures in ``folder`` whose names start with ``prefix``."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{prefix}*.json"):
        if stale.name != "manifest.json":
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
    write(analyze_all(eval_inputs(args.eval, args.limit)), args.out, f"{args.eval.stem}-")
    manifest = args.out / "manifest.json"
    entries = json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}
    entries[args.eval.stem] = {"file": str(args.eval.resolve()), "limit": args.limit}
    manifest.write_text(json.dumps(entries, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
