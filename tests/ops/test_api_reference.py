"""docs/api.md and the served OpenAPI document agree on every path and field name."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "api.md").read_text("utf-8")


def _reference_module():
    spec = importlib.util.spec_from_file_location("api_reference",
                                                  ROOT / "scripts" / "api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference():
    return _reference_module()


@pytest.fixture(scope="module")
def spec(reference):
    return reference.served_spec()


def test_every_served_operation_is_documented(spec):
    for path, operations in spec["paths"].items():
        for method in operations:
            if method != "parameters":
                assert f"`{method.upper()} {path}`" in DOC, (method, path)


def test_every_documented_path_is_served(spec):
    served = {re.sub(r"\{[^}]+\}", "{}", path) for path in spec["paths"]}
    for path in set(re.findall(r"(/v1/[A-Za-z0-9_/{}]*[A-Za-z0-9_}])", DOC)):
        assert re.sub(r"\{[^}]+\}", "{}", path) in served, path


def test_every_field_of_every_object_is_documented_in_its_table(spec):
    objects = DOC.split("### Objects", 1)[1]
    tables = dict(re.findall(r"#### (\w+)\n\n(.*?)(?=\n#### |\Z)", objects, re.S))
    assert set(tables) == set(spec["components"]["schemas"])
    for name, schema in spec["components"]["schemas"].items():
        documented = set(re.findall(r"^\| `(\w+)` \|", tables[name], re.M))
        assert documented == set(schema.get("properties", {})), name


def test_the_reference_is_what_the_served_document_makes(reference, spec):
    head = DOC.split(reference.MARK, 1)[0]
    assert head + reference.reference(spec) == DOC, \
        "docs/api.md is out of date: run .venv/bin/python scripts/api_reference.py"
