"""Command-line: fixtures load once, migrations create the schema."""

from __future__ import annotations


def test_load_fixtures_is_idempotent(runner, client):
    first = runner.invoke(args=["load-fixtures"])
    assert first.exit_code == 0, first.output
    assert "ingested 1, skipped 0" in first.output
    second = runner.invoke(args=["load-fixtures"])
    assert "ingested 0, skipped 1" in second.output
    assert client.get("/v1/articles").get_json()["total"] == 1


def test_reanalyze_updates_articles_from_an_older_pipeline(app, runner, client, seed):
    assert "re-analyzed 0 article(s)" in runner.invoke(args=["reanalyze"]).output
    analyses = app.extensions["analyzer"]
    analyses.pipeline.provenance = {**analyses.pipeline.provenance, "version": "99.0.0"}
    analyses.close()  # its next processes are forked with the new version
    result = runner.invoke(args=["reanalyze"])
    assert result.exit_code == 0, result.output
    assert "re-analyzed 1 article(s)" in result.output
    article = client.get(f"/v1/articles/{seed['id']}").get_json()
    assert article["pipeline"]["version"] == "99.0.0"
    assert article["created_at"] == seed["created_at"]
    assert article["published"] == seed["published"]
    assert client.get("/v1/entities/sergey-lavrov").get_json()["article_count"] == 1
    assert "re-analyzed 0 article(s)" in runner.invoke(args=["reanalyze"]).output
