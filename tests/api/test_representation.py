"""What clients receive is made from the stored analysis, whatever else the stored
document holds: links and timestamps come from the representation, not the store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from service.store.models import Article, ArticleSummary
from service.web.representation import article_links, timestamp


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


def test_timestamps_are_rfc_3339_in_utc():
    paris = dt.timezone(dt.timedelta(hours=2))
    assert timestamp(dt.datetime(2024, 5, 3, 11, 30, tzinfo=paris)) == "2024-05-03T09:30:00Z"
    assert timestamp(dt.datetime(2024, 5, 3, 9, 30, 0, 250000, tzinfo=dt.UTC)) \
        == "2024-05-03T09:30:00.250000Z"
