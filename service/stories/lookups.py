"""Use cases on stories, shared by the HTTP views and the viewer: a story, an article's
related articles, and what an article changed against another (its story's origin by
default). Given the store; no Flask, no SQL."""

from __future__ import annotations

from service.stories.changes import Changes, changes


class NoStory(LookupError):
    """An article (or story) that has no story (or does not exist)."""


def related(store, article_id: str) -> list[dict] | None:
    """The other members of an article's story (origin first; none when it is in no
    story yet), or None when there is no such article."""
    return store.related(article_id)


def changes_against(store, document: dict, against: str | None) -> tuple[Changes, bool]:
    """What ``document`` changed against the article ``against`` (by default its
    story's origin); and whether that article exists. ``NoStory`` when no article to
    compare with is named and the article is in no story."""
    if against is None:
        if document.get("story_id") is None:
            raise NoStory(document["id"])
        against = store.story_origin(document["story_id"]) or document["id"]
    other = store.get(against)
    if other is None:
        return Changes(against, document["id"]), False
    return changes(other, document), True
