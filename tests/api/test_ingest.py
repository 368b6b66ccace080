"""Ingest of web pages over HTTP, and bulk ingest of folders and JSONL through the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from service.store.models import Article, EntityRow, EntityTotal
from tests.conftest import DATA, SEED

PAGES = DATA / "html"
AFP = "afp-paris-pension-strike.html"
AFP_URL = "https://www.worldwire.example/europe/2024/05/03/france-pension-strike"

VIENNA = ("Ministers meet in Vienna to discuss gas supplies\n\n"
          "VIENNA, June 2 (Reuters) - Energy ministers from Austria, Hungary and Slovakia met in "
          "Vienna on Sunday to discuss gas supplies for next winter, Austrian Energy Minister "
          "Leonore Gewessler said.\n\n"
          "The ministers agreed to speed up work on a pipeline link between the three countries, "
          "she told reporters after the meeting.")


def html_page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# -- one page over HTTP ---------------------------------------------------------------------


def test_html_body_is_stored_with_the_pages_url_and_date(client):
    response = client.post("/v1/articles", data=html_page(AFP).encode(),
                           content_type="text/html; charset=utf-8")
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    assert article["headline"] == "Unions call new nationwide strike over French pension reform"
    assert article["subheadline"].startswith("Rail and energy workers plan to walk out")
    assert article["dateline"]["raw"] == "PARIS, May 3 (AFP) -"
    assert article["source_url"] == AFP_URL
    assert article["published"]["date"] == "2024-05-03"
    assert article["published"]["inferred"] is False
    assert "metadata" in article["published"]["basis"]
    assert "Related stories" not in article["text"] and "cookies" not in article["text"]
    stored = client.get(response.headers["Location"]).get_json()
    assert stored["source_url"] == AFP_URL
    sections = client.get(f"/v1/articles/{article['id']}/sections").get_json()["items"]
    assert [s["title"] for s in sections] == [None, "Rail traffic expected to be disrupted",
                                              "Government stands firm"]
    assert [len(s["paragraphs"]) for s in sections] == [3, 2, 3]


def test_json_html_keeps_the_callers_source_url_and_date(client):
    body = {"text": html_page("ap-washington-budget.html"), "format": "html",
            "source_url": "https://mirror.example/shutdown", "published": "2023-11-16"}
    response = client.post("/v1/articles", json=body)
    assert response.status_code == 201, response.get_json()
    article = client.get(response.headers["Location"]).get_json()
    assert article["headline"] == "House passes stopgap bill to avert government shutdown"
    assert article["source_url"] == "https://mirror.example/shutdown"
    assert article["published"] == {"date": "2023-11-16", "inferred": False,
                                    "basis": "given by the caller"}
    assert article["dateline"]["agency"] == "AP"
    summary = client.get("/v1/articles").get_json()["items"][0]
    assert summary["source_url"] == "https://mirror.example/shutdown"


def test_json_html_without_source_url_takes_the_canonical_link(client):
    body = {"text": html_page("xinhua-nairobi-floods.html"), "format": "html"}
    article = client.post("/v1/articles", json=body).get_json()
    assert article["source_url"] == (
        "https://africatoday.example/2024/04/29/kenya-floods-death-toll.html")
    sections = client.get(f"/v1/articles/{article['id']}/sections").get_json()["items"]
    assert [s["title"] for s in sections] == [None, "Dam burst in Mai Mahiu", "Regional impact"]


def test_same_page_posted_again_returns_the_stored_article(client):
    first = client.post("/v1/articles", data=html_page(AFP), content_type="text/html")
    again = client.post("/v1/articles", data=html_page(AFP), content_type="text/html")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert client.get("/v1/articles").get_json()["total"] == 1


def test_page_without_article_text_is_422(client):
    page = ("<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            "<footer>Contact us</footer></body></html>")
    response = client.post("/v1/articles", data=page, content_type="text/html")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "text" in response.get_json()["errors"]


# -- bulk ingest ----------------------------------------------------------------------------

# What each good source stores: headline -> (published, source_url).
STORED = {
    "Top Russian, Belarusian diplomats to discuss Union State integration, security":
        ("2023-05-17", None),
    "Unions call new nationwide strike over French pension reform": ("2024-05-03", AFP_URL),
    "House passes stopgap bill to avert government shutdown":
        ("2023-11-15", "https://nationalpress.example/article/congress-shutdown-stopgap-3f1c2a"),
    "Kenya floods death toll rises to 169 as rains persist":
        ("2024-04-29", "https://africatoday.example/2024/04/29/kenya-floods-death-toll.html"),
    "Ministers meet in Vienna to discuss gas supplies":
        ("2024-06-02", "https://news.example/vienna-gas"),
    "How European cities are learning to live with extreme heat":
        ("2023-08-12", "https://weeklyreview.example/features/cities-extreme-heat"),
}


@pytest.fixture
def folder(tmp_path):
    """Four article files (one in a subfolder) and a file the ingest ignores."""
    folder = tmp_path / "articles"
    (folder / "east-africa").mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(PAGES / AFP, folder / "afp.html")
    shutil.copy(PAGES / "ap-washington-budget.html", folder / "ap.htm")
    shutil.copy(PAGES / "xinhua-nairobi-floods.html", folder / "east-africa" / "floods.html")
    (folder / "notes.md").write_text("# not an article\n", encoding="utf-8")
    return folder


@pytest.fixture
def feed(tmp_path):
    """JSONL: two good articles, a malformed line, a blank line and an empty text."""
    lines = [
        json.dumps({"text": VIENNA, "published": "2024-06-02",
                    "source_url": "https://news.example/vienna-gas"}),
        json.dumps({"text": html_page("feature-heatwave-no-dateline.html"), "format": "html"}),
        '{"text": "unterminated',
        "",
        json.dumps({"text": "   \n  ", "source_url": "https://news.example/empty"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(runner, *args):
    return runner.invoke(args=["ingest", *map(str, args)])


def stored_articles(client) -> dict:
    items = client.get("/v1/articles?per_page=100").get_json()["items"]
    return {a["headline"]: (a["published"]["date"], a["source_url"]) for a in items}


def assert_indexes_match_documents(app):
    """Every stored article has all its entity rows, and the totals add up exactly."""
    with app.extensions["store"].sessions() as session:
        for pk, document in session.execute(select(Article.pk, Article.document)):
            rows = session.scalar(select(func.count()).where(EntityRow.article_pk == pk))
            assert rows == len(document["entities"])
        counted = {key: (n, mentions) for key, n, mentions in session.execute(
            select(EntityRow.key, func.count(), func.sum(EntityRow.mention_count))
            .group_by(EntityRow.key))}
        totals = {t.key: (t.article_count, t.mention_count)
                  for t in session.scalars(select(EntityTotal)) if t.article_count > 0}
    assert totals == counted


@pytest.mark.parametrize("workers", [1, 2])
def test_bulk_ingest_reports_each_outcome_and_is_idempotent(app, client, runner, folder, feed,
                                                            workers):
    first = ingest(runner, "--workers", workers, "--batch-size", 2, folder, feed)
    assert first.exit_code == 1, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == "ingested 6, skipped 0 (already stored), failed 2"
    assert lines[1].startswith(f"  failed: {feed}:3: ")
    assert lines[2] == f"  failed: {feed}:5: text is empty"
    assert len(lines) == 3
    assert stored_articles(client) == STORED
    assert_indexes_match_documents(app)

    again = ingest(runner, "--workers", workers, folder, feed)
    assert again.exit_code == 1
    assert again.stdout.splitlines()[0] == "ingested 0, skipped 6 (already stored), failed 2"
    assert client.get("/v1/articles").get_json()["total"] == 6
    assert_indexes_match_documents(app)


def test_bulk_ingest_without_failures_exits_0(client, runner, folder):
    result = ingest(runner, folder)
    assert result.exit_code == 0, result.output
    assert result.stdout == "ingested 4, skipped 0 (already stored), failed 0\n"
    assert client.get("/v1/articles").get_json()["total"] == 4


def test_progress_counts_articles_on_stderr(runner, folder, feed):
    result = ingest(runner, folder, feed)
    assert "8/8" in result.stderr and "article" in result.stderr
    assert "article" not in result.stdout.splitlines()[0]
    quiet = ingest(runner, "--no-progress", folder)
    assert quiet.stderr == ""


def test_jsonl_line_with_a_bad_date_fails_alone(client, runner, tmp_path):
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"text": VIENNA, "published": "June 2"}) + "\n"
                    + json.dumps({"text": VIENNA, "published": "2024-06-02"}) + "\n",
                    encoding="utf-8")
    result = ingest(runner, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "ingested 1, skipped 0 (already stored), failed 1"
    assert f"{path}:1: " in result.stdout
    assert stored_articles(client) == {"Ministers meet in Vienna to discuss gas supplies":
                                       ("2024-06-02", None)}


def test_malformed_jsonl_lines_fail_alone_with_their_reasons(client, runner, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        '{"text": "unterminated',
        json.dumps(["a list"]),
        json.dumps({"text": VIENNA, "published": 20240602}),
        json.dumps({"text": VIENNA, "source_url": ["https://example.org"]}),
        json.dumps({"text": VIENNA, "published": "June 2"}),
        json.dumps({"text": VIENNA, "published": "2024-06-02"}),
    ]) + "\n", encoding="utf-8")
    result = ingest(runner, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "ingested 1, skipped 0 (already stored), failed 5",
        f"  failed: {path}:1: not valid JSON at column 10: Unterminated string starting at",
        f"  failed: {path}:2: each line must be an object with a string 'text'",
        f"  failed: {path}:3: 'published' must be a string",
        f"  failed: {path}:4: 'source_url' must be a string",
        f"  failed: {path}:5: 'published' must be a date as YYYY-MM-DD, not 'June 2'",
    ]
    assert stored_articles(client) == {"Ministers meet in Vienna to discuss gas supplies":
                                       ("2024-06-02", None)}


def test_article_failing_to_store_fails_alone_and_leaves_no_partial_rows(
        app, client, runner, folder, monkeypatch):
    store = app.extensions["store"]
    write_index = store._write_index

    def failing_index(conn, articles):
        write_index(conn, articles)  # rows are written, then the transaction fails
        if any(doc["headline"].startswith("House passes") for _, doc in articles):
            raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(store, "_write_index", failing_index)
    result = ingest(runner, "--batch-size", 4, folder)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "ingested 3, skipped 0 (already stored), failed 1"
    assert lines[1].endswith("store error: OperationalError")
    headlines = stored_articles(client)
    assert len(headlines) == 3
    assert "House passes stopgap bill to avert government shutdown" not in headlines
    assert_indexes_match_documents(app)


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_stored(
        runner, client, tmp_path, monkeypatch):
    from service.nlp import pipeline

    real = pipeline.extract_quotes

    def failing(doc, structure, entities, *rest):
        if "BOOM" in doc.text:
            raise RuntimeError("extractor bug")
        return real(doc, structure, entities, *rest)

    monkeypatch.setattr(pipeline, "extract_quotes", failing)
    (tmp_path / "a.txt").write_text("Calm day in Oslo\n\nOSLO (AP) — Nothing happened today.\n")
    (tmp_path / "b.txt").write_text("BOOM goes the test\n\nROME (AP) — BOOM said the bug.\n")
    result = runner.invoke(args=["ingest", "--no-progress", str(tmp_path)])
    assert result.exit_code == 1
    assert "ingested 1, skipped 0 (already stored), failed 1" in result.output
    assert "b.txt: analysis failed: RuntimeError" in result.output
    assert client.get("/v1/articles").get_json()["total"] == 1


def test_workers_default_to_one_process_per_cpu(runner, folder, monkeypatch):
    from service.articles import bulk as ingest_module

    chosen = []
    real = ingest_module.ingest_paths

    def spy(paths, **options):
        chosen.append(options["workers"])
        return real(paths, **options)

    monkeypatch.setattr(ingest_module, "default_workers", lambda: 3)
    monkeypatch.setattr(ingest_module, "ingest_paths", spy)
    assert ingest(runner, folder).exit_code == 0
    assert ingest(runner, "--workers", "auto", folder).exit_code == 0
    assert ingest(runner, "--workers", "2", folder).exit_code == 0
    assert chosen == [3, 3, 2]


def test_an_ingest_that_stores_articles_tidies_the_search_index(runner, folder, feed,
                                                                monkeypatch):
    from service.store.repository import Store

    tidied = []
    real = Store.optimize
    monkeypatch.setattr(Store, "optimize", lambda self: (tidied.append(True), real(self)))
    assert ingest(runner, "--no-optimize", folder).exit_code == 0
    assert tidied == []
    assert ingest(runner, folder).exit_code == 0  # nothing new, nothing to tidy
    assert tidied == []
    assert ingest(runner, feed).exit_code == 1  # two stored, two failed
    assert tidied == [True]


@pytest.mark.parametrize("value", ["0", "65", "many"])
def test_workers_out_of_range_is_a_usage_error(runner, folder, value):
    result = ingest(runner, "--workers", value, folder)
    assert result.exit_code == 2
    assert "Invalid value for '--workers'" in result.output
