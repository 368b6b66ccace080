"""Stories in the store and over HTTP, on SQLite and PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import re
import threading

from service.store.repository import Store
from tests.conftest import create_test_app
from tests.stories.documents import document, paragraph, story_paragraphs


def story_of(store, article_id):
    return store.read(article_id).story


def test_copies_and_rewrites_join_one_story_and_others_stand_alone(store):
    text = story_paragraphs("wire", 8)
    store.add(document("wire", text, agency="Reuters", source_url="https://wire.example/1"))
    store.add(document("copy", [*text, "Advertisement"], source_url="https://a.example/1"))
    store.add(document("trim", text[:5], source_url="https://b.example/1"))
    store.add(document("update", [*text, paragraph("later")],
                       source_url="https://wire.example/1?v=2"))
    store.add(document("other", story_paragraphs("other")))
    assert story_of(store, "wire") == (story_of(store, "copy")[0], "origin")
    assert [story_of(store, i)[1] for i in ("copy", "trim", "update")] == [
        "copy", "rewrite", "update"]
    assert story_of(store, "other")[0] != story_of(store, "wire")[0]
    assert story_of(store, "other")[1] == "origin"


def test_an_agency_copy_arriving_later_becomes_the_origin_and_revises_the_others(store):
    text = story_paragraphs("late", 5)
    store.add(document("site", [*text, paragraph("local"), paragraph("local-2")],
                       published="2024-03-04"))
    version = store.read("site").version
    store.add(document("agency", text, agency="AFP", published="2024-03-05"))
    assert story_of(store, "agency")[1] == "origin"
    assert story_of(store, "site")[1] == "rewrite"
    assert store.read("site").version[1] == version[1] + 1  # its answers change


def test_deleting_the_origin_keeps_the_story_and_chooses_a_new_origin(store):
    text = story_paragraphs("deleted")
    store.add(document("first", text, published="2024-03-01"))
    store.add(document("second", [*text, "Share this"], published="2024-03-02"))
    store.add(document("third", text[:4], published="2024-03-03"))
    story_id = story_of(store, "first")[0]
    assert store.delete("first")
    assert story_of(store, "second") == (story_id, "origin")
    assert story_of(store, "third") == (story_id, "rewrite")
    assert store.get_story(story_id)["member_count"] == 2
    store.delete("second")
    store.delete("third")
    assert store.get_story(story_id) is None


def test_two_copies_stored_at_once_by_two_workers_end_in_one_story(store, database_url):
    for attempt in range(3):
        text = story_paragraphs(f"race-{attempt}")
        workers = [Store.from_url(database_url) for _ in range(2)]
        barrier = threading.Barrier(2)
        docs = [document(f"race-{attempt}-a", text),
                document(f"race-{attempt}-b", [*text, "Advertisement"])]

        def work(worker, doc, barrier=barrier):
            barrier.wait()
            worker.add(doc)

        threads = [threading.Thread(target=work, args=pair)
                   for pair in zip(workers, docs, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for worker in workers:
            worker.close()
        stories = {story_of(store, doc["id"])[0] for doc in docs}
        assert len(stories) == 1
        assert sorted(story_of(store, d["id"])[1] for d in docs) == ["copy", "origin"]


def test_articles_stored_before_stories_are_placed_once(store):
    from service.store import stories

    text = story_paragraphs("old")
    store.add(document("old-a", text))
    store.add(document("old-b", [*text, "Advertisement"]))
    with store.engine.begin() as conn:
        from sqlalchemy import text as sql

        for table in ("story_bands", "story_members", "stories"):
            conn.execute(sql(f"DELETE FROM {table}"))
    assert store.read("old-a").story is None
    pks = stories.unplaced(store)
    stories.place(store, pks[:1])
    stories.place(store, stories.unplaced(store))
    assert stories.unplaced(store) == []
    assert story_of(store, "old-a")[0] == story_of(store, "old-b")[0]


def test_the_api_shows_stories_related_articles_and_changes(store, client):
    text = story_paragraphs("api")
    store.add(document("api-wire", text, headline="Old", agency="AP",
                       figures=[{"value": 12, "of": "casualties"}]))
    store.add(document("api-copy", [*text[:4], paragraph("api-local")], headline="New",
                       figures=[{"value": 15, "of": "casualties"}]))
    article = client.get("/v1/articles/api-copy").get_json()
    assert article["relation"] == "rewrite" and article["story_id"]
    story = client.get(f"/v1/stories/{article['story_id']}").get_json()
    assert story["origin"]["id"] == "api-wire" and story["member_count"] == 2
    assert [m["id"] for m in story["members"]] == ["api-wire", "api-copy"]
    listed = client.get("/v1/stories?min_members=2").get_json()
    assert [s["id"] for s in listed["items"]] == [article["story_id"]]
    # Instants as every answer writes them: RFC 3339 in UTC with a Z.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z",
                        listed["items"][0]["created_at"])
    related = client.get("/v1/articles/api-copy/related").get_json()
    assert [m["id"] for m in related["items"]] == ["api-wire"]
    found = client.get("/v1/articles/api-copy/changes").get_json()
    assert found["against"] == "api-wire"
    assert found["headline"] == {"before": "Old", "after": "New"}
    assert sorted(p["change"] for p in found["paragraphs"]) == [
        "added", "removed", "removed"]
    assert [(f["change"], f["before"]["value"], f["after"]["value"])
            for f in found["figures"]] == [("changed", 12, 15)]
    against = client.get("/v1/articles/api-wire/changes?against=api-copy").get_json()
    assert against["headline"] == {"before": "New", "after": "Old"}
    assert client.get("/v1/articles/api-copy/changes?against=nothing").status_code == 404
    assert client.get("/v1/stories/999999").status_code == 404


def test_collapsed_lists_count_each_story_once(store, client):
    text = story_paragraphs("collapse")
    for i, version in enumerate([text, [*text, "Advertisement"], text[:5]]):
        store.add(document(f"c{i}", version, entities=["Ana Pel"],
                           figures=[{"value": 3, "of": "ships"}]))
    store.add(document("alone", story_paragraphs("alone"), entities=["Ana Pel"],
                       figures=[{"value": 4, "of": "ships"}]))
    assert client.get("/v1/articles").get_json()["total"] == 4
    assert client.get("/v1/articles?collapse=story").get_json()["total"] == 2
    assert client.get("/v1/articles?collapse=story&entity=Ana Pel").get_json()["total"] == 2
    entity = client.get("/v1/entities").get_json()["items"][0]
    collapsed = client.get("/v1/entities?collapse=story").get_json()["items"][0]
    assert (entity["article_count"], collapsed["article_count"]) == (4, 2)
    assert client.get("/v1/figures").get_json()["total"] == 4
    assert client.get("/v1/figures?collapse=story").get_json()["total"] == 2
    assert client.get("/v1/figures?collapse=story&entity=Ana Pel").status_code == 200
    assert client.get("/v1/articles?collapse=other").status_code == 422


def test_the_viewer_has_a_stories_page(client):
    page = client.get("/stories")
    assert page.status_code == 200 and b"stories.js" in page.data
    assert client.get("/viewer/stories.js").status_code == 200


def test_a_re_analyzed_article_stays_in_its_story(store):
    text = story_paragraphs("again")
    store.add(document("again-a", text))
    store.add(document("again-b", [*text, "Advertisement"]))
    before = story_of(store, "again-b")
    store.replace("again-b", document("again-b", [*text, "Advertisement"]))
    assert story_of(store, "again-b") == before
    assert store.get_story(before[0])["member_count"] == 2


def test_the_stories_command_places_what_is_in_no_story(store, database_url):
    from sqlalchemy import text as sql

    text = story_paragraphs("command")
    store.add(document("cmd-a", text))
    store.add(document("cmd-b", text[:5]))
    with store.engine.begin() as conn:
        for table in ("story_bands", "story_members", "stories"):
            conn.execute(sql(f"DELETE FROM {table}"))
    runner = create_test_app(database_url, LOAD_MODEL=False).test_cli_runner()
    result = runner.invoke(args=["stories", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "placed 2 article(s) in stories" in result.output
    assert story_of(store, "cmd-a")[0] == story_of(store, "cmd-b")[0]
    again = runner.invoke(args=["stories"])
    assert "placed 0 article(s) in stories" in again.output


def test_a_heavy_rewrite_joins_through_its_figures_and_quotes(store):
    text = story_paragraphs("heavy", 6)
    kept = {"figures": [{"value": 12, "of": "casualties"}, {"value": 40, "of": "homes"}],
            "quotes": [{"speaker": "Ana Pel", "text": "We will rebuild every home here"}]}
    store.add(document("heavy-a", text, **kept))
    rewrite = [*text[:3], *story_paragraphs("heavy-new", 5)]
    store.add(document("heavy-b", rewrite, **kept))
    store.add(document("heavy-c", [*text[:3], *story_paragraphs("heavy-other", 5)]))
    assert story_of(store, "heavy-b")[0] == story_of(store, "heavy-a")[0]
    assert story_of(store, "heavy-c")[0] != story_of(store, "heavy-a")[0]


def test_a_story_id_beyond_any_key_is_not_found(client):
    assert client.get("/v1/stories/99999999999999999999999").status_code == 404
    assert client.get("/v1/stories/4294967296").status_code == 404
