"""What an article changed against another (its story's origin by default), given the
store; no Flask, no SQL."""

from __future__ import annotations

from service.stories.changes import Changes, changes


class NoStory(LookupError):
    pass


def related(store, article_id: str) -> list[dict] | None:
    """The other members of an article's story, or None when there is no such article."""
    return store.related(article_id)


def changes_against(store, document: dict, against: str | None) -> tuple[Changes, bool]:
    """What ``document`` changed against ``against``, and whether that article exists;
    ``NoStory`` when none is named and the article is in no story."""
    if against is None:
        if document.get("story_id") is None:
            raise NoStory(document["id"])
        against = store.story_origin(document["story_id"]) or document["id"]
    other = store.get(against)
    if other is None:
        return Changes(against, document["id"]), False
    return changes(other, document), True
