"""Authors from a byline: "By Jane Roe and John Doe", "Jane Roe, Reuters", page metadata."""

from __future__ import annotations

import re

from service.nlp.lexicon import AGENCY_LONG_NAMES, MONTH_ABBREVIATIONS, NEWS_AGENCIES

MAX_AUTHORS = 8
MAX_NAME_WORDS = 5

_LETTER = r"[^\W\d_]"
# "By", "Written by", "Par", "Von", "Por", "Di" at the start of a byline.
_LEAD = re.compile(r"^(?:(?:written|reported|posted|words|story|text)\s+)?"
                   r"(?:by|par|von|por|di|door)\b[\s:]*", re.I)
_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\|)\s*")
_NAME_WORD = re.compile(rf"{_LETTER}[\w'’.\-]{{0,40}}")
_PARTICLES = frozenset({"de", "da", "van", "von", "der", "den", "al", "bin", "la", "le", "du",
                        "dos", "del", "di", "y", "ter", "ten"})
# Words that make a byline piece a role, an agency or a date rather than a person's name.
_NOT_NAME = frozenset({
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents",
    "editor", "editors", "contributor", "contributors", "updated", "published", "posted", "news",
    "agency", "press", "associated", "the", "and", "team", "desk", "wire", "view", "all",
    "follow", "author", "more", "posts", "profile", "email", "twitter", "photo", "photos",
    "video", "by", "on", "at", "in", "min", "read", "newsroom", "online", "magazine", "daily",
})
# Where a date or time starts, the names are over ("Jane Roe July 10, 2015 9:53 AM").
_MONTH = "(?:" + "|".join(MONTH_ABBREVIATIONS) + ")"
_DATE = re.compile(
    rf"\b{_MONTH}[a-z]{{0,6}}\.?\s+\d{{1,2}}\b"
    rf"|\b\d{{1,2}}\s+{_MONTH}[a-z]{{0,6}}\b"
    r"|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\b(?:updated|published|posted)\b",
    re.I,
)
_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]{2,6}")
# Ideographic byline labels ("author", "reporter", "editor", "source"): the name follows them.
_IDEOGRAPHIC_LABELS = frozenset({"作者", "记者", "編輯", "编辑", "责任编辑", "來源", "来源",
                                 "通讯员", "撰文", "撰稿", "記者"})
_IDEOGRAPHIC_LEAD = re.compile(
    "^(?:" + "|".join(sorted(_IDEOGRAPHIC_LABELS, key=len, reverse=True)) + r")\s*[：:]\s*")
# Another contributor's role after the authors: "Written by A Edited by B", "A Photos by B".
_OTHER_ROLE = re.compile(
    r"\s(?:edited|photographs?|photos?|photography|illustrations?|illustrated|graphics"
    r"|translated|produced|reviewed|fact[- ]checked|additional\s+reporting)\s+by\b", re.I)
_AGENCY = re.compile(
    "^(?:" + "|".join(re.escape(name) for name in (*NEWS_AGENCIES, *AGENCY_LONG_NAMES)) + ")$")


def authors_from_byline(byline: str | None) -> list[str]:
    """The people a byline names, in order; an agency, role or date is no author."""
    if not byline:
        return []
    line = " ".join(byline.split())[:300]
    line = _DATE.split(_LEAD.sub("", line), maxsplit=1)[0]
    line = _OTHER_ROLE.split(line, maxsplit=1)[0]
    line = re.sub(r"\s+(?:on|at)\s*$", "", line)  # "By Jane Roe on 3 March 2024"
    line = _IDEOGRAPHIC_LEAD.sub("", _LEAD.sub("", line))
    names: list[str] = []
    seen: set[str] = set()
    for piece in _SPLIT.split(line):
        piece = piece.strip(" .·•-–—()")
        piece = _LEAD.sub("", piece)
        if _is_name(piece) and piece.casefold() not in seen:
            seen.add(piece.casefold())
            names.append(piece)
    return names[:MAX_AUTHORS]


def _is_name(piece: str) -> bool:
    if _IDEOGRAPHS.fullmatch(piece):
        return piece not in _IDEOGRAPHIC_LABELS
    words = piece.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or _AGENCY.match(piece):
        return False
    if any(w.lower().strip(".") in _NOT_NAME for w in words):
        return False
    return all(_NAME_WORD.fullmatch(w) and (w[0].isupper() or w in _PARTICLES) for w in words)


def byline_in_text(block: str) -> list[str]:
    """The authors of a byline block ("By Jane Roe and John Doe", "Jane Roe, Reuters")."""
    if len(block) > 200:
        return []
    if _LEAD.match(block):
        return authors_from_byline(block)
    head, _, tail = block.rpartition(",")
    if head and _AGENCY.match(tail.strip()):
        return authors_from_byline(head)
    return []
