"""Sections of an article, and what each section holds."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import OffsetsArgs, PagedOffsetsArgs
from schemas.entity import EntityArgs, EntityListSchema
from schemas.figure import FigureArgs, FigureListSchema
from schemas.section import SectionListSchema, SectionSchema
from service import articles
from service.api import representation as wire
from service.api.blueprint import Blueprint
from service.api.docs import problems
from service.api.entities import filter_entities
from service.http.extensions import store

blp = Blueprint("sections", __name__, url_prefix="/v1/articles/<article_id>/sections",
                description="The lead and titled sections of an article.")


def _section(document: dict, index: int) -> dict:
    return articles.find_item(document["sections"], "index", index, "section", document["id"])


def section_entities(document: dict, index: int) -> list[dict]:
    """The article's entities keeping only their mentions in one section."""
    found = []
    for entity in document["entities"]:
        mentions = [m for m in entity["mentions"] if m["section"] == index]
        if mentions:
            found.append({**entity, "mentions": mentions, "mention_count": len(mentions)})
    return found


@blp.route("")
class Sections(MethodView):
    @blp.arguments(PagedOffsetsArgs, location="query")
    @blp.response(200, SectionListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id):
        """List the sections of an article"""
        document = articles.get_article(store.current, article_id)
        return wire.part_page(document, document["sections"], args)


@blp.route("/<int:index>")
class SectionItem(MethodView):
    @blp.arguments(OffsetsArgs, location="query")
    @blp.response(200, SectionSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id, index):
        """Fetch one section with its paragraphs"""
        document = articles.get_article(store.current, article_id)
        return wire.part_answer(document, _section(document, index), args)


@blp.route("/<int:index>/entities")
class SectionEntities(MethodView):
    @blp.arguments(EntityArgs, location="query")
    @blp.response(200, EntityListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id, index):
        """List the entities named in one section, with only that section's mentions"""
        document = articles.get_article(store.current, article_id)
        _section(document, index)
        entities = filter_entities(section_entities(document, index), args)
        return wire.part_page(document, entities, args)


@blp.route("/<int:index>/figures")
class SectionFigures(MethodView):
    @blp.arguments(FigureArgs, location="query")
    @blp.response(200, FigureListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id, index):
        """List the figures of one section"""
        document = articles.get_article(store.current, article_id)
        _section(document, index)
        figures = [f for f in document["figures"] if f["section"] == index
                   and args.get("kind") in (None, f["kind"])]
        return wire.part_page(document, figures, args)
