"""article-api export: every stored article (or those a list query selects) written in
one of the formats, page by page, with a progress bar."""

from __future__ import annotations

import json

import pytest

from service.articles import export
from tests.formats.parse import html_elements, markdown_blocks

OTHER = ("Ferry service resumes on the fjord\n\n"
         "BERGEN, March 4 (NTB) - The ferry between Bergen and Stord resumed on Monday "
         "after a week of storms, the operator Fjordline said.\n\n"
         "\"We are glad to sail again,\" said captain Ola Nordmann.")


@pytest.fixture
def stored(client, seed):
    other = client.post("/v1/articles", data=OTHER.encode(), content_type="text/plain")
    assert other.status_code == 201
    return {seed["id"]: seed, other.get_json()["id"]: other.get_json()}


@pytest.mark.parametrize(("name", "extension"), [("markdown", "md"), ("html", "html"),
                                                 ("jsonld", "jsonld"),
                                                 ("ninjs", "ninjs.json")])
def test_every_article_is_written_in_the_format(runner, stored, tmp_path, monkeypatch,
                                                name, extension):
    monkeypatch.setattr(export, "PAGE_SIZE", 1)  # several pages
    result = runner.invoke(args=["export", "--format", name, str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"exported 2 article(s) as {name}" in result.output
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == sorted(f"{i}.{extension}" for i in stored)
    for path in files:
        article = stored[path.name.removesuffix(f".{extension}")]
        body = path.read_text("utf-8")
        if name == "markdown":
            assert markdown_blocks(body)[0][0].text == article["headline"]
        elif name == "html":
            assert [e.text for e in html_elements(body) if e.tag == "h1"] == [
                article["headline"]]
        elif name == "jsonld":
            assert json.loads(body)["headline"] == article["headline"]
        else:
            item = json.loads(body)
            assert item["headlines"][0]["value"] == article["headline"]
            assert item["uri"].startswith("ni:///sha-256;")
            assert item["firstCreated"] == article["created_at"]


def test_a_query_selects_the_articles_and_a_base_url_names_them(runner, stored, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(args=["export", "--format", "ninjs", "--query", "q=ferry",
                                 "--base-url", "https://news.example/", "--no-progress",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert "exported 1 article(s)" in result.output and result.stderr == ""
    (path,) = out.iterdir()
    item = json.loads(path.read_text("utf-8"))
    assert item["headlines"][0]["value"] == "Ferry service resumes on the fjord"
    assert item["uri"] == f"https://news.example/v1/articles/{path.name[:-len('.ninjs.json')]}"


@pytest.mark.parametrize("query", ["type=NOPE", "published_from=yesterday", "colour=red"])
def test_a_query_the_api_would_refuse_is_refused(runner, tmp_path, query):
    result = runner.invoke(args=["export", "--format", "html", "--query", query,
                                 str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--query" in result.output and query.split("=")[0] in result.output
    assert not (tmp_path / "out").exists()


def test_the_progress_bar_counts_the_articles(runner, stored, tmp_path):
    result = runner.invoke(args=["export", "--format", "markdown", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "2/2" in result.stderr
