"""The analysis JSON of every fixture, as ``POST /v1/analyze`` answers it, is byte-identical
to its captured golden output."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _golden()
FIXTURES = golden.fixture_inputs()


@pytest.fixture(scope="module")
def client():
    return golden.Client()


def test_every_fixture_has_a_captured_output():
    assert {p.stem for p in golden.OUTPUTS.glob("*.json")} == set(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_analysis_of_a_fixture_is_its_golden_output(client, name):
    text, fmt = FIXTURES[name]
    expected = (golden.OUTPUTS / f"{name}.json").read_text("utf-8")
    assert client.analyze(text, fmt) == expected, \
        f"{name} changed: if deliberate, recapture with scripts/golden.py"


def _eval_cases():
    folder = os.environ.get("GOLDEN_EVAL_DIR")
    if not folder or not (Path(folder) / "manifest.json").exists():
        return []
    cases = []
    for entry in json.loads((Path(folder) / "manifest.json").read_text("utf-8")).values():
        source = Path(entry["file"])
        if source.is_file():
            for name, (text, fmt) in golden.eval_inputs(source, entry["limit"]).items():
                cases.append(pytest.param(Path(folder) / f"{name}.json", text, fmt, id=name))
    return cases


@pytest.mark.parametrize(("capture", "text", "fmt"), _eval_cases())
def test_the_analysis_of_an_eval_record_is_its_capture(client, capture, text, fmt):
    assert client.analyze(text, fmt) == capture.read_text("utf-8")
