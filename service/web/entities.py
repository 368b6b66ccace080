"""Entities of one article, and entities across the archive."""

from __future__ import annotations

from flask.views import MethodView

from schemas import entity
from schemas.article import ArticleListSchema
from schemas.common import PageArgs
from service.app import store
from service.store.values import Page
from service.web import representation as wire
from service.web.blueprint import Blueprint
from service.web.errors import Problem

blp = Blueprint("entities", __name__, url_prefix="/v1",
                description="People, organizations, places and other named things.")


def filter_entities(entities: list[dict], args: dict) -> list[dict]:
    """Entities of the requested type, minimum salience and minimum confidence (already
    sorted by salience); an analysis stored before confidences were given has none."""
    wanted_type, min_salience = args.get("type"), args.get("min_salience")
    min_confidence = args.get("min_confidence")
    return [e for e in entities
            if (wanted_type is None or e["type"] == wanted_type)
            and (min_salience is None or e["salience"] >= min_salience)
            and (min_confidence is None or e.get("confidence", 1.0) >= min_confidence)]


@blp.route("/articles/<article_id>/entities")
class ArticleEntities(MethodView):
    get = blp.article_list("entities", entity.EntityListSchema,
                           "List an article's entities, most salient first",
                           query=entity.EntityArgs, select=filter_entities)


@blp.route("/articles/<article_id>/entities/<entity_id>")
class ArticleEntity(MethodView):
    get = blp.article_list_item("entities", "entity", entity.EntitySchema,
                                "Fetch one entity of an article with all its mentions")


def _entity_total(key: str) -> dict:
    total = store.current.get_entity_total(key)
    if total is None:
        raise Problem(404, f"No entity with key {key!r}.")
    return total


@blp.route("/entities")
class Entities(MethodView):
    @blp.reads(entity.EntityTotalListSchema, 422, query=entity.ArchiveEntityArgs)
    def get(self, args):
        """List entities across all articles, by the number of articles naming them"""
        listing = store.current.list_entities(args.get("q"), args.get("type"),
                                              Page(args["page"], args["per_page"]),
                                              args.get("collapse"))
        return wire.paged(listing, args["page"], args["per_page"])


@blp.route("/entities/<key>")
class EntityTotal(MethodView):
    @blp.reads(entity.EntityTotalSchema, 404)
    def get(self, key):
        """Fetch one entity across the archive"""
        return _entity_total(key)


@blp.route("/entities/<key>/articles")
class EntityArticles(MethodView):
    @blp.reads(ArticleListSchema, 404, 422, query=PageArgs)
    def get(self, args, key):
        """List the articles that name one entity"""
        _entity_total(key)
        listing = store.current.entity_articles(key, Page(args["page"], args["per_page"]))
        return wire.paged(listing, args["page"], args["per_page"])
