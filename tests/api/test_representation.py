"""What clients receive is made from the stored analysis, whatever else the stored
document holds: links and timestamps come from the representation, not the store."""

from __future__ import annotations

import datetime as dt

import pytest
from marshmallow import Schema
from sqlalchemy import select, update

from schemas.common import Timestamp, article_links
from service.store.models import Article, ArticleSummary


def _answers(client, article_id: str) -> dict:
    paths = [f"/v1/articles/{article_id}", f"/v1/articles/{article_id}?offsets=utf16",
             "/v1/articles", "/v1/entities/sergey-lavrov/articles", "/v1/entities"]
    return {path: client.get(path).get_data() for path in paths}


def _rewrite(app, article_id: str, change) -> None:
    """Rewrite an article's stored document and list item, as another version might have."""
    engine = app.extensions["store"].engine
    with engine.begin() as conn:
        pk, document = conn.execute(select(Article.pk, Article.document)
                                    .where(Article.id == article_id)).one()
        summary = conn.execute(select(ArticleSummary.summary)
                               .where(ArticleSummary.article_pk == pk)).scalar_one()
        conn.execute(update(Article).where(Article.pk == pk).values(
            document=change(document), revision=Article.revision + 1))
        conn.execute(update(ArticleSummary).where(ArticleSummary.article_pk == pk)
                     .values(summary=change(summary)))


def test_documents_stored_with_links_and_a_z_timestamp_are_served_the_same(app, client, seed):
    before = _answers(client, seed["id"])

    def older(item: dict) -> dict:
        created = dt.datetime.fromisoformat(item["created_at"])
        return {**item, "created_at": created.isoformat().replace("+00:00", "Z"),
                "links": article_links(item["id"])}

    _rewrite(app, seed["id"], older)
    assert _answers(client, seed["id"]) == before


def test_stored_links_are_never_served(app, client, seed):
    before = _answers(client, seed["id"])
    _rewrite(app, seed["id"], lambda item: {**item, "links": {"self": "/elsewhere"}})
    assert _answers(client, seed["id"]) == before


class _Stamped(Schema):
    at = Timestamp()


def test_timestamps_are_dumped_as_rfc_3339_in_utc():
    paris = dt.timezone(dt.timedelta(hours=2))
    assert _Stamped().dump({"at": dt.datetime(2024, 5, 3, 11, 30, tzinfo=paris)}) \
        == {"at": "2024-05-03T09:30:00Z"}
    assert _Stamped().dump({"at": dt.datetime(2024, 5, 3, 9, 30, 0, 250000, tzinfo=dt.UTC)}) \
        == {"at": "2024-05-03T09:30:00.250000Z"}
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert _Stamped().dump({"at": dt.datetime(2024, 1, 1, 3, 0, tzinfo=tokyo)}) \
        == {"at": "2023-12-31T18:00:00Z"}


def test_a_naive_datetime_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="timezone-aware"):
        _Stamped().dump({"at": dt.datetime(2024, 5, 3, 9, 30)})


def test_a_kept_list_page_is_served_again_with_its_link_header(client, seed):
    path = f"/v1/articles/{seed['id']}/entities?per_page=2"
    first, again = client.get(path), client.get(path)
    assert first.status_code == again.status_code == 200
    assert 'rel="next"' in first.headers["Link"]
    assert again.headers["Link"] == first.headers["Link"]
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]


def test_fields_the_schemas_do_not_declare_never_reach_a_client(app, client, seed):
    def with_extras(document: dict) -> dict:
        extra = {**document, "internal_note": "kept by the store"}
        if "entities" in document:
            extra["entities"] = [{**e, "raw_score": 7} for e in document["entities"]]
            extra["sections"] = [{**s, "debug": True} for s in document["sections"]]
        return extra

    _rewrite(app, seed["id"], with_extras)
    base = f"/v1/articles/{seed['id']}"
    for path in (base, f"{base}/entities", f"{base}/sections/0", "/v1/articles"):
        body = client.get(path).get_data(as_text=True)
        assert "internal_note" not in body and "raw_score" not in body \
            and '"debug"' not in body, path
    assert client.get(f"{base}/entities").get_json()["items"][0]["mentions"]
