"""Stories: copies, rewrites and updates of one text grouped, and what each changed."""

from __future__ import annotations

from flask.views import MethodView

from schemas import stories as schemas
from service.app import store
from service.errors import ArticleNotFound
from service.store.values import Listing, Page
from service.stories import lookups
from service.web.blueprint import Blueprint, read_article
from service.web.errors import Problem

blp = Blueprint("stories", __name__, url_prefix="/v1",
                description="Stories: the versions of one text (copies, rewrites, updates), "
                            "the origin they derive from, and what each version changed.")


def _envelope(listing: Listing, page: int, per_page: int) -> dict:
    """A list envelope (these lists have no ``Link`` header)."""
    return {"items": listing.items, "page": page, "per_page": per_page,
            "total": listing.total, "total_exact": listing.total_exact}


@blp.route("/stories")
class Stories(MethodView):
    @blp.reads(schemas.StoryListSchema, 422, query=schemas.StoryArgs)
    def get(self, args):
        """List stories, newest first, with their members and origin"""
        page = Page(args["page"], args["per_page"])
        return _envelope(store.current.list_stories(page, args["min_members"]), page.number,
                         page.size)


@blp.route("/stories/<int:story_id>")
class StoryItem(MethodView):
    @blp.reads(schemas.StorySchema, 404)
    def get(self, story_id):
        """Fetch one story: its members with their relation and similarity"""
        # Beyond a 32-bit key no story can exist (nor be looked up on PostgreSQL).
        story = store.current.get_story(story_id) if story_id < 2**31 else None
        if story is None:
            raise Problem(404, f"No story with id {story_id}.")
        return story


@blp.route("/articles/<article_id>/related")
class Related(MethodView):
    @blp.reads(schemas.MemberListSchema, 404)
    def get(self, article_id):
        """List the other versions of an article's story"""
        members = lookups.related(store.current, article_id)
        if members is None:
            raise ArticleNotFound(article_id)
        return _envelope(Listing(members, len(members)), 1, max(len(members), 1))


@blp.route("/articles/<article_id>/changes")
class ArticleChanges(MethodView):
    @blp.reads(schemas.ChangesSchema, 404, 422, query=schemas.ChangesArgs)
    def get(self, args, article_id):
        """What an article changed against another (default: its story's origin)"""
        document = read_article(article_id).document
        try:
            found, exists = lookups.changes_against(store.current, document,
                                                    args.get("against"))
        except lookups.NoStory:
            raise Problem(404, f"Article {article_id!r} is in no story yet; name one to "
                               "compare with in `against`.") from None
        if not exists:
            raise ArticleNotFound(found.before_id)
        return found
