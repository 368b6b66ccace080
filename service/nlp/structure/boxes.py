"""Page furniture known by its markup: navigation, page footers, asides and short boxes
whose class or id names what they are (promos, related links, comments, bios, galleries).

Each box is cut from a copy of the page before the article is extracted, and handed back
with its text and the reason the markup gives, so that what the page lost is reported.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree
from lxml.etree import _Element

MAX_BOX_WORDS = 80
_ARTICLE_TAGS = frozenset({"article", "main"})
# A widget is never wider than these: the page, the article, a header or footer or menu.
_WRAPPERS = frozenset({"html", "body", "article", "main", "header", "footer", "nav"})
_TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "td", "th"})
# Words in the class or id of page furniture boxes (split at "-", "_" and case), by the
# reason each gives.
_VOCABULARY = {
    "navigation": ("breadcrumb", "breadcrumbs", "pagination", "pager"),
    "related stories": ("recirc", "recirculation", "related", "recommended",
                        "recommendations", "outbrain", "taboola", "trending", "popular",
                        "mostread"),
    "comment widget": ("comments", "comment", "disqus"),
    "author bio": ("bio", "biography"),
    "gallery captions": ("gallery", "slideshow"),
    "photo caption": ("caption", "figcaption"),
    "promotion box": ("promo", "newsletter", "share", "sharing", "social", "advert",
                      "advertisement", "ads", "sponsored", "subscribe", "subscription",
                      "signup", "paywall"),
    "box beside the story": ("sidebar", "widget", "rail", "video", "player"),
}
# "promoBox", "promo-box", "PROMO_box" -> promo, box
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_REASON_OF = {word: reason for reason, words in _VOCABULARY.items() for word in words}
_UNSEEN = "//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"


def pruned(tree: _Element, keep: frozenset[int] = frozenset()) -> tuple[_Element, list]:
    """A copy of ``tree`` without its furniture boxes, and ``(text, reason)`` for each box
    that held text (a box inside another is reported with it)."""
    tree = deepcopy(tree)
    doomed = [(e, reason) for e in tree.iter(tag=etree.Element)
              if (reason := furniture_reason(e)) is not None]
    doomed += [(widget, "promotion box") for widget in _form_widgets(tree)]
    gone: set[int] = set()
    removed = []
    for element, reason in doomed:
        inside = any(id(a) in gone for a in element.iterancestors())
        gone.add(id(element))
        if not inside and (text := visible_text(element)):
            removed.append((text, reason))
        drop(element)
    return tree, removed


def _form_widgets(tree: _Element) -> list[_Element]:
    """The boxes around short forms with a field to fill in (sign up, send me the app,
    subscribe): the largest short element holding the form, with its messages ("Please
    wait...", "Thanks!"). A form that wraps the page is no widget."""
    widgets = []
    for form in tree.iter("form"):
        if form.find(".//input") is None or not _is_box(form) or _is_search(form):
            continue
        widget = form
        for parent in form.iterancestors():
            if parent.tag in _WRAPPERS or not _is_box(parent):
                break
            widget = parent
        widgets.append(widget)
    return widgets


def _is_search(form: _Element) -> bool:
    """A search box (the site's header or navigation holds one): no widget of its own."""
    marks = " ".join(str(v) for v in (form.get("role"), form.get("class"), form.get("id"),
                                      form.get("action")) if v).lower()
    return "search" in marks or form.find(".//input[@type='search']") is not None


def visible_text(element: _Element) -> str:
    """The words ``element`` shows, whitespace collapsed (no script or style)."""
    return " ".join(" ".join(element.xpath("." + _UNSEEN)).split())


def drop(element: _Element) -> None:
    """Remove ``element`` and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def furniture_reason(element: _Element) -> str | None:
    """Why the markup shows ``element`` to be furniture, or None."""
    tag = element.tag
    if tag == "nav" or element.get("role") == "navigation":
        return "navigation"
    if element.get("role") == "complementary":
        return "box beside the story"
    if tag == "footer":
        inside = any(a.tag in _ARTICLE_TAGS for a in element.iterancestors())
        return None if inside else "page footer"
    if tag in {"html", "body", "article", "main"}:
        return None
    if tag == "figcaption":
        return "photo caption" if _is_box(element) else None
    if tag == "aside":
        return "box beside the story" if _is_box(element) else None
    names = [n.lower() for n in _NAME_WORD.findall(f"{element.get('class', '')} "
                                                      f"{element.get('id', '')}")]
    reason = next((_REASON_OF[n] for n in names if n in _REASON_OF), None)
    if reason == "photo caption" and tag in _TABLE_TAGS:
        return None  # a cell: cutting it would unsettle the table's layout
    return reason if reason is not None and _is_box(element) else None


def _is_box(element: _Element) -> bool:
    """Short, and holding no headline: a furniture box, not an article wrapper."""
    if element.find(".//h1") is not None:
        return False
    words = 0
    for text in element.itertext():
        words += len(text.split())
        if words > MAX_BOX_WORDS:
            return False
    return True
