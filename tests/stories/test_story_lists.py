"""Lists and stories: each list item's story and relation, and lists counting each story
once (``collapse=story``) against a made-up archive counted by hand, on both stores."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy import text as sql

from service.store.repository import Store
from service.store.values import ArticleFilter, Page
from tests.stories.documents import document, story_paragraphs


def _typed(doc: dict, types: dict[str, str]) -> dict:
    for entity in doc["entities"]:
        entity["type"] = types.get(entity["name"], entity["type"])
    return doc


def archive(store, name: str, people: tuple[str, str], org: str) -> None:
    """Story A: an origin, its copy and a trimmed rewrite; story B: an origin and its
    copy; an article alone; and one in no story (stored before stories were kept).

    By hand, for ``people = (P, Q)``: P is named by 6 articles in 3 stories (A, B and
    the one in no story), Q by 3 articles in 3 stories (A's rewrite alone, B's copy,
    the lone article), the organisation by 3 articles in 2 stories (A twice, the lone
    one)."""
    person, other = people
    types = {org: "ORGANIZATION"}
    a, b = story_paragraphs(f"{name}-a", 7), story_paragraphs(f"{name}-b", 7)
    versions = [
        ("a1", a, [person, org], 10, "2024-03-01"),
        ("a2", [*a, "Advertisement"], [person, org], 11, "2024-03-02"),
        ("a3", a[:5], [person, other], 12, "2024-03-03"),
        ("b1", b, [person], 20, "2024-03-01"),
        ("b2", [*b, "Share this article"], [person, other], 21, "2024-03-02"),
        ("c1", story_paragraphs(f"{name}-c"), [org, other], 30, "2024-03-04"),
        ("d1", story_paragraphs(f"{name}-d"), [person], 40, "2024-03-05"),
    ]
    for key, paragraphs, entities, value, published in versions:
        store.add(_typed(document(f"{name}-{key}", paragraphs, entities=entities,
                                  published=published,
                                  figures=[{"value": value, "of": "ships"}]), types))
    with store.engine.begin() as conn:  # d1 stored before stories were kept
        pk = conn.execute(sql("SELECT pk FROM articles WHERE id = :id"),
                          {"id": f"{name}-d1"}).scalar_one()
        story = conn.execute(sql("SELECT story_id FROM story_members WHERE article_pk = :pk"),
                             {"pk": pk}).scalar_one()
        for table in ("story_bands", "story_members"):
            conn.execute(sql(f"DELETE FROM {table} WHERE article_pk = :pk"), {"pk": pk})
        conn.execute(sql("DELETE FROM stories WHERE id = :id"), {"id": story})


VARIANTS = [("lake", ("Ana Pel", "Tor Vik"), "Oslo Group"),
            ("hill", ("Mira Sol", "Ben Aro"), "Kestrel Works"),
            ("reef", ("Ivo Lund", "Zia Marr"), "Harbor Council")]


def _relations(store, name: str) -> dict[str, tuple]:
    return {key: store.read(f"{name}-{key}").story
            for key in ("a1", "a2", "a3", "b1", "b2", "c1", "d1")}


@pytest.mark.parametrize(("name", "people", "org"), VARIANTS)
def test_collapsed_entity_counts_match_the_hand_count(store, client, name, people, org):
    archive(store, name, people, org)
    found = _relations(store, name)
    # The premise: the stories and relations the counts rest on.
    assert [found[k][1] for k in ("a1", "a2", "a3", "b1", "b2", "c1")] == [
        "origin", "copy", "rewrite", "origin", "copy", "origin"]
    assert found["a1"][0] == found["a3"][0] != found["b1"][0] == found["b2"][0]
    assert found["d1"] is None
    person, other = people

    def counts(query: str) -> list[tuple[str, int]]:
        body = client.get(f"/v1/entities?{query}").get_json()
        return [(e["name"], e["article_count"]) for e in body["items"]], body["total"]

    plain = dict(counts("")[0])
    assert plain == {person: 6, other: 3, org: 3}
    collapsed, total = counts("collapse=story")
    assert total == 3
    assert sorted(collapsed) == sorted([(person, 3), (other, 3), (org, 2)])
    assert [count for _, count in collapsed] == [3, 3, 2]  # most stories first
    assert counts("collapse=story&type=ORGANIZATION") == ([(org, 2)], 1)
    assert counts(f"collapse=story&q={other.split()[0][:3].lower()}") == ([(other, 3)], 1)
    first, total = counts("collapse=story&per_page=1&page=3")
    assert (first, total) == ([(org, 2)], 3)


@pytest.mark.parametrize(("name", "people", "org"), VARIANTS[:2])
def test_collapsed_figures_and_articles_keep_each_story_once(store, client, name, people,
                                                             org):
    archive(store, name, people, org)
    # Story A by its origin (10), B by its (20), the lone article and the one in no story.
    figures = client.get("/v1/figures?collapse=story").get_json()
    assert sorted(f["value"] for f in figures["items"]) == [10, 20, 30, 40]
    assert figures["total"] == 4
    assert client.get("/v1/figures").get_json()["total"] == 7
    some = client.get("/v1/figures?collapse=story&min_value=15").get_json()
    assert (sorted(f["value"] for f in some["items"]), some["total"]) == ([20, 30, 40], 3)
    articles = client.get("/v1/articles?collapse=story").get_json()
    assert sorted(a["id"] for a in articles["items"]) == [
        f"{name}-{k}" for k in ("a1", "b1", "c1", "d1")]
    by_name = client.get(f"/v1/articles?collapse=story&entity={people[1]}").get_json()
    assert sorted(a["id"] for a in by_name["items"]) == [f"{name}-c1"]


@pytest.mark.parametrize(("name", "people", "org"), VARIANTS[:2])
def test_list_items_carry_their_story_and_relation(store, client, name, people, org):
    archive(store, name, people, org)
    found = _relations(store, name)
    want = {f"{name}-{key}": (story[0], story[1]) if story else (None, None)
            for key, story in found.items()}
    word = story_paragraphs(f"{name}-a")[0].split()[1]  # in story A's text at least
    lists = ["/v1/articles?per_page=50", f"/v1/articles?per_page=50&entity={people[0]}",
             f"/v1/entities/{people[0].lower().replace(' ', '-')}/articles?per_page=50",
             f"/v1/articles?per_page=50&q={word}"]
    for path in lists:
        items = client.get(path).get_json()["items"]
        assert items, path
        assert {i["id"]: (i["story_id"], i["relation"]) for i in items} == {
            i["id"]: want[i["id"]] for i in items}, path
    one = client.get(f"/v1/articles/{name}-a3").get_json()
    assert (one["story_id"], one["relation"]) == want[f"{name}-a3"]


def test_a_list_page_reads_stories_without_a_query_per_item(store):
    archive(store, "count", ("Ana Pel", "Tor Vik"), "Oslo Group")
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    sizes = {}
    for size in (1, 7):
        statements.clear()
        items = store.list_articles(ArticleFilter(), Page(1, size)).items
        assert len(items) == size and all("story_id" in i for i in items)
        sizes[size] = len(statements)
    assert sizes[1] == sizes[7]


@pytest.mark.parametrize(("name", "people", "org"), VARIANTS[:2])
def test_stories_of_at_least_so_many_members_follow_additions_and_deletions(
        store, client, name, people, org):
    archive(store, name, people, org)
    a, b = store.read(f"{name}-a1").story[0], store.read(f"{name}-b1").story[0]

    def listed(least: int) -> list[tuple[int, int]]:
        body = client.get(f"/v1/stories?min_members={least}").get_json()
        return [(s["id"], s["member_count"]) for s in body["items"]], body["total"]

    assert listed(3) == ([(a, 3)], 1)
    assert listed(2) == (sorted([(a, 3), (b, 2)], reverse=True), 2)
    store.delete(f"{name}-a1")  # the origin: A keeps two members
    store.delete(f"{name}-b2")
    assert listed(3) == ([], 0)
    assert listed(2) == ([(a, 2)], 1)
    store.add(document(f"{name}-b3", [*story_paragraphs(f"{name}-b", 7), "Advertisement",
                                      "Subscribe"], published="2024-03-06"))
    assert store.read(f"{name}-b3").story[0] == b
    assert listed(2) == (sorted([(a, 2), (b, 2)], reverse=True), 2)


def test_the_upgrade_to_member_counts_counts_stored_stories(database_url):
    from tests.store.test_store import _migrate

    store = Store.from_url(database_url)
    store.create_schema()
    archive(store, "upgrade", ("Ana Pel", "Tor Vik"), "Oslo Group")
    before = {s["id"]: s["member_count"] for s in store.list_stories(Page(1, 50)).items}
    assert sorted(before.values()) == [1, 2, 3]
    store.close()
    _migrate(database_url, "0014", downgrade=True)
    _migrate(database_url, "heads")
    store = Store.from_url(database_url)
    assert store.list_stories(Page(1, 50), 2).total == 2
    assert {s["id"]: s["member_count"] for s in store.list_stories(Page(1, 50), 3).items} \
        == {k: v for k, v in before.items() if v >= 3}
    store.close()


@pytest.mark.parametrize(("name", "people", "org"), VARIANTS[:2])
def test_related_lists_the_other_members_origin_first(store, client, name, people, org):
    archive(store, name, people, org)

    def related(key: str) -> list[tuple[str, str]]:
        body = client.get(f"/v1/articles/{name}-{key}/related").get_json()
        assert body["total"] == len(body["items"])
        return [(m["id"].removeprefix(f"{name}-"), m["relation"]) for m in body["items"]]

    assert related("a3") == [("a1", "origin"), ("a2", "copy")]
    assert related("a1") == [("a2", "copy"), ("a3", "rewrite")]
    assert related("b2") == [("b1", "origin")]
    assert related("c1") == [] and related("d1") == []
    missing = client.get(f"/v1/articles/{name}-zz/related")
    assert missing.status_code == 404 and f"{name}-zz" in missing.get_json()["detail"]
