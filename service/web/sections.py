"""Sections of an article, and what each section holds."""

from __future__ import annotations

from flask.views import MethodView

from schemas.entity import EntityArgs, EntityListSchema
from schemas.figure import FigureArgs, FigureListSchema
from schemas.section import SectionListSchema, SectionSchema
from service import articles
from service.web.blueprint import Blueprint
from service.web.entities import filter_entities
from service.web.figures import filter_figures

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
    get = blp.article_list("sections", SectionListSchema, "List the sections of an article")


@blp.route("/<int:index>")
class SectionItem(MethodView):
    @blp.article_item(SectionSchema)
    def get(self, document, args, index):
        """Fetch one section with its paragraphs"""
        return _section(document, index)


@blp.route("/<int:index>/entities")
class SectionEntities(MethodView):
    @blp.article_items(EntityListSchema, EntityArgs)
    def get(self, document, args, index):
        """List the entities named in one section, with only that section's mentions"""
        _section(document, index)
        return filter_entities(section_entities(document, index), args)


@blp.route("/<int:index>/figures")
class SectionFigures(MethodView):
    @blp.article_items(FigureListSchema, FigureArgs)
    def get(self, document, args, index):
        """List the figures of one section"""
        _section(document, index)
        return filter_figures([f for f in document["figures"] if f["section"] == index], args)
