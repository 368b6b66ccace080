"""Delete and post again: never the deleted article's text, tag or key (both stores)."""

from __future__ import annotations

import sqlite3
from unittest import mock

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig

from service.store.migrations import ROOT
from service.store.repository import Store

FIRST = ("Harbour board approves new ferry terminal\n\n"
         "PORTLEVEN, March 3 -- The harbour board approved a ferry terminal on Monday "
         "at a cost of 12 million pounds, its chair said.\n")
CORRECTED = FIRST.replace("12 million", "14 million")


def test_a_corrected_article_posted_after_a_delete_is_served_as_it_is_now(client):
    created = client.post("/v1/articles", data=FIRST, content_type="text/plain")
    assert created.status_code == 201, created.get_json()
    path = created.get_json()["links"]["self"]
    old = client.get(path)
    old_tag = old.headers["ETag"]
    assert "12 million" in old.get_json()["text"]
    client.get(f"{path}/figures")  # answers kept in memory for both reads

    assert client.delete(path).status_code == 204
    again = client.post("/v1/articles", data=CORRECTED, content_type="text/plain")
    assert again.status_code == 201, again.get_json()
    assert again.get_json()["links"]["self"] == path  # the same id, new content

    now = client.get(path)
    assert now.status_code == 200
    assert "14 million" in now.get_json()["text"]
    assert "12 million" not in now.get_json()["text"]
    assert now.get_json()["content_hash"] == again.get_json()["content_hash"]
    assert now.headers["ETag"] != old_tag
    figures = client.get(f"{path}/figures").get_json()["items"]
    assert [f["value"] for f in figures if f["kind"] == "money"] == [14_000_000]
    conditional = client.get(path, headers={"If-None-Match": old_tag})
    assert conditional.status_code == 200
    assert "14 million" in conditional.get_json()["text"]


def test_the_key_of_a_deleted_article_is_never_given_again(app, client):
    store: Store = app.extensions["store"]
    created = client.post("/v1/articles", data=FIRST, content_type="text/plain")
    article_id = created.get_json()["id"]
    first_key, _, first_hash = store.revision(article_id)
    store.delete(article_id)
    client.post("/v1/articles", data=CORRECTED, content_type="text/plain")
    second_key, _, second_hash = store.revision(article_id)
    assert second_key > first_key
    assert second_hash != first_hash


def _alembic(url: str) -> AlembicConfig:
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def test_migration_0009_keeps_every_row_and_reference_of_a_filled_sqlite_database(
        tmp_path, app):
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("the migration rebuilds a SQLite table only")
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(_alembic(url), "0008")
    document = app.test_client().post("/v1/analyze", data=FIRST,
                                      content_type="text/plain").get_json()
    old = Store.from_url(url)
    with mock.patch("service.store.stories.join"):  # no story tables before 0013
        stored, _ = old.add(document)
    pk_before = old.revision(stored["id"])[0]
    old.close()

    command.upgrade(_alembic(url), "0009")
    db = sqlite3.connect(tmp_path / "old.sqlite3")
    table_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    assert "AUTOINCREMENT" in table_sql
    figure_rows = db.execute("SELECT count(*) FROM article_figures").fetchone()[0]
    triggers = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'")}
    db.close()
    assert figure_rows == len(document["figures"]) > 0
    assert {"articles_fts_insert", "articles_fts_delete",
            "articles_fts_recent_insert"} <= triggers

    command.upgrade(_alembic(url), "heads")  # the tables today's store writes besides
    store = Store.from_url(url)
    try:
        assert store.revision(stored["id"])[0] == pk_before
        assert store.get(stored["id"])["text"] == document["text"]
        store.delete(stored["id"])
        again, _ = store.add({**document, "content_hash": "other", "text": CORRECTED})
        assert store.revision(again["id"])[0] > pk_before
    finally:
        store.close()
