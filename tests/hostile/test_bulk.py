"""Bulk commands go on past a bad record, list every failure and exit non-zero."""

from __future__ import annotations

import json
import time

OSLO = "Calm day in Oslo\n\nOSLO, May 2 -- Nothing happened in the city today, police said.\n"
ROME = "Quiet week in Rome\n\nROME, May 3 -- The week passed quietly, the mayor's office said.\n"
LIMA = "Rain in Lima\n\nLIMA, May 4 -- Rain fell on the capital for 3 hours on Friday.\n"


def _stored_headlines(client) -> list[str]:
    return sorted(a["headline"] for a in client.get("/v1/articles").get_json()["items"])


def test_a_jsonl_line_with_a_lone_surrogate_fails_alone(client, runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": OSLO}),
             '{"text": "Broken \\ud800 text\\n\\nIt has a lone surrogate."}',
             json.dumps({"text": ROME, "published": "9999-12-31"}),
             json.dumps({"text": LIMA}),
             '{"text": "NUL \\u0000 inside"}']
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["ingest", "--no-progress", "--workers", "1", str(feed)])
    assert result.exit_code == 1, result.output
    assert "ingested 2, skipped 0 (already stored), failed 3" in result.output
    assert f"{feed}:2: 'text' holds a lone surrogate (U+D800)" in result.output
    assert f"{feed}:3: 'published' must be from 1800-01-01 to 2200-12-31" in result.output
    assert f"{feed}:5: 'text' contains NUL characters" in result.output
    assert _stored_headlines(client) == ["Calm day in Oslo", "Rain in Lima"]
    again = runner.invoke(args=["ingest", "--no-progress", "--workers", "1", str(feed)])
    assert "ingested 0, skipped 2 (already stored), failed 3" in again.output


def test_an_article_over_the_time_limit_fails_alone_in_bulk(migrated_url, tmp_path,
                                                          monkeypatch):
    from service.nlp import pipeline
    from tests.conftest import create_test_app

    real = pipeline.extract_quotes

    def slow(doc, structure, entities, *rest):
        if "Rome" in doc.text:
            time.sleep(30)
        return real(doc, structure, entities, *rest)

    monkeypatch.setattr(pipeline, "extract_quotes", slow)
    app = create_test_app(migrated_url, ANALYSIS_TIMEOUT=1)
    client, runner = app.test_client(), app.test_cli_runner()
    for name, text in (("a.txt", OSLO), ("b.txt", ROME), ("c.txt", LIMA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(args=["ingest", "--no-progress", "--workers", "1", str(tmp_path)])
    assert time.monotonic() - started < 15
    assert result.exit_code == 1, result.output
    assert "ingested 2, skipped 0 (already stored), failed 1" in result.output
    assert "b.txt: analysis took longer than 1 s" in result.output
    assert _stored_headlines(client) == ["Calm day in Oslo", "Rain in Lima"]
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


def test_reanalyze_skips_and_lists_the_articles_that_fail(app, client, runner, monkeypatch):
    from service.nlp import pipeline

    for text in (OSLO, ROME, LIMA):
        assert client.post("/v1/articles", data=text, content_type="text/plain").status_code == 201
    real = pipeline.extract_quotes

    def failing(doc, structure, entities, *rest):
        if "Rome" in doc.text:
            raise RuntimeError("extractor bug")
        return real(doc, structure, entities, *rest)

    monkeypatch.setattr(pipeline, "extract_quotes", failing)
    analyses = app.extensions["analyzer"]
    analyses.pipeline.provenance = {**analyses.pipeline.provenance, "version": "99.0.0"}
    analyses.close()  # its next processes are forked with the failing extractor
    result = runner.invoke(args=["reanalyze"])
    assert result.exit_code == 1, result.output
    assert "re-analyzed 2 article(s), failed 1" in result.output
    assert "quiet-week-in-rome: RuntimeError" in result.output
    versions = {a["headline"]: a["pipeline"]["version"]
                for a in client.get("/v1/articles").get_json()["items"]}
    assert versions == {"Calm day in Oslo": "99.0.0", "Rain in Lima": "99.0.0",
                        "Quiet week in Rome": versions["Quiet week in Rome"]}
    assert versions["Quiet week in Rome"] != "99.0.0"
