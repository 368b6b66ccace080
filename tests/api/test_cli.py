"""Command-line: fixtures load once, migrations create the schema."""

from __future__ import annotations


def test_load_fixtures_is_idempotent(runner, client):
    first = runner.invoke(args=["load-fixtures"])
    assert first.exit_code == 0, first.output
    assert "ingested 1, skipped 0" in first.output
    second = runner.invoke(args=["load-fixtures"])
    assert "ingested 0, skipped 1" in second.output
    assert client.get("/v1/articles").get_json()["total"] == 1
