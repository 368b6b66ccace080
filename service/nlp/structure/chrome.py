"""Page chrome around a story: navigation, bylines and time stamps, teasers, galleries."""

from __future__ import annotations

import re

from service.nlp.lexicon import MONTH_PATTERN, WEEKDAY_PATTERN
from service.nlp.structure.captions import ShownTwice
from service.nlp.structure.credits import is_credit
from service.nlp.structure.dateline import match_opening
from service.nlp.structure.furniture import (
    form_reason,
    is_address,
    is_contact,
    is_cut_off,
    is_date_line,
)
from service.nlp.structure.shape import (
    CLOSERS,
    ends_clause,
    ends_sentence,
    is_table_row,
    numbered_run,
    starts_heading,
    word_count,
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LETTER = r"[^\W\d_]"

_NAV_SPLIT = re.compile(r"\s{0,3}[|•·‹›«»<>/←→]\s{0,3}|\s{2,}")
_NAV = frozenset(
    """
all news|news|latest news|top news|breaking news|home|homepage|menu|main menu|open menu|close menu
|close|search|share|share this|share this article|share article|share on facebook|share on twitter
|share via email|tweet|email|print|copy link|link copied|facebook|twitter|x|telegram|whatsapp
|linkedin|vk|advertisement|advertising|ad|sponsored|subscribe|sign in|sign up|log in|login
|register|skip to content|skip to main content|back|back to top|go to top|more|read more|see more
|show more|load more|related|related news|related articles|related stories|related content
|more on this topic|more news|most read|most popular|trending|you may also like|recommended
|comments|leave a comment|follow us|listen|listen to article|listen to this article|video|photo
|photos|gallery|toggle navigation|cookie settings|accept cookies|accept all|next|previous|prev
""".replace("\n", "").split("|")
)
# Site sections are only chrome before the headline; later they may be real section titles.
_CATEGORIES = frozenset(
    """
world|politics|business|economy|business & economy|markets|finance|sports|sport|science
|science & space|technology|tech|culture|society|society & culture|opinion|health|entertainment
|lifestyle|travel|environment|climate|europe|asia|africa|americas|middle east|us|u.s.|uk
|international|national|local|military|military & defense|defense|emergencies|analysis|exclusive
|breaking|live|update|world news|us news|uk news|business news
""".replace("\n", "").split("|")
)
_LEADING_NAV = _NAV | _CATEGORIES
_PAGER_WORDS = frozenset({"previous", "prev", "next", "older", "newer", "first", "last",
                          "page", "post", "story", "article"})
_STAMP = re.compile(
    rf"""(?:last\s+)?(?:updated|published|posted|written|filed|dated|created)(?:\s+on)?:?
      |(?<!\d)\d{{1,4}}\s{{0,3}}min(?:ute)?s?\s{{1,3}}read
      |(?<!\d)\d{{1,4}}\s{{1,3}}(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s{{1,3}}ago
      |(?:{WEEKDAY_PATTERN},?\s+)?(?:{MONTH_PATTERN}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?
                          |\d{{1,2}}\s+{MONTH_PATTERN}\.?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})
      |\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?
      |(?:GMT|UTC)(?:\s*[+\-−]\s*\d{{1,2}}(?::?\d{{2}})?)?
      |\b(?:EST|EDT|CET|CEST|MSK|BST|PST|PDT)\b""",
    re.I | re.X,
)
# "By Jane Roe", "by Jane Roe" once a "Written" stamp label is gone; " on" once its date is.
_BY = re.compile(r"(?:By|by|BY)\s+(?=[A-Z])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DANGLING = re.compile(r"\s+(?:on|at)$")
_STAMP_LEFTOVER = re.compile(r"(?:[\s,.:;|·•/()\-–—]|\b(?:at|on)\b)*")

_GALLERY_COUNTER = re.compile(r"(?:• )?\d{1,3}\s?/\s?(?P<total>\d{1,3})(?!\d)")
_RULE = re.compile(r"[_\-–—=*~#•·.\s]{3,200}")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_COUNTER = re.compile(r"\b[A-Za-z]{3,12}:\s{0,3}\d{1,3}(?:,\d{3}){0,3}\s{0,3}$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)\s|Copyright\s+(?:©|\(c\)|\d{4})|Our Standards:)", re.I)
_NAME_PARTICLES = _wordset("de da van von der al bin la le du dos y")
_NAME_WORD = re.compile(rf"{_LETTER}[\w'’.\-]*")

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")

_CAMEL_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_STAMP_REASON = "byline or time stamp before the story"
_SUMMARY_BOX = ("machine summary label", "box beside the story")


def drop_chrome(blocks: list[str], after_headline: bool = False
                ) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop navigation and page furniture, each with the reason; bylines and timestamps
    only before the story starts, captions shown twice (``captions.ShownTwice``). The list
    items under a machine summary's label go with it. ``after_headline``: the blocks follow
    a headline the page's markup gave (site sections are then no longer navigation)."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    started = False
    shown = ShownTwice(blocks)
    last = None
    for i, block in enumerate(blocks):
        reason = furniture_reason(block, shown, after_headline or bool(kept), started)
        if (reason == _STAMP_REASON and not (after_headline or kept) and _words_and_date(block)
                and ends_sentence(blocks[i + 1] if i + 1 < len(blocks) else ".")):
            # capitalised words and a date over the lead, no title after them: the
            # headline ("Election Night November 5, 2024"), not a byline
            reason = None
        reason = reason or shown.beside_or_again(block, kept)
        if (reason is None and removed and removed[-1][1] in _SUMMARY_BOX
                and removed[-1][0] == last and block.startswith("• ")):
            reason = "box beside the story"  # the items of a machine summary under its label
        last = block
        if reason is not None:
            removed.append((block, reason))
        else:
            kept.append(block)
            started = started or word_count(block) >= 25 or bool(match_opening(block))
    return kept, removed


def furniture_reason(block: str, shown: ShownTwice, after_first: bool, started: bool) -> str | None:
    """Why ``block`` is page furniture by its form, or None when it may be article text.
    ``shown``: the page's captions shown twice; ``started``: whether the story has begun."""
    if _is_nav(block, _NAV if after_first else _LEADING_NAV):
        return "navigation"
    if not started and is_noise(block) and not _bare_dateline(block):
        return _STAMP_REASON
    if not started and _is_head_furniture(block):
        return "page line before the story"
    if _COPYRIGHT.match(block):
        return "copyright line"
    if _RULE.fullmatch(block):
        return "rule"
    return shown.by_form(block) or form_reason(block)


def _bare_dateline(block: str) -> bool:
    """A dateline on a line of its own, a place and a date ("DUNMERE 1996-12-06")."""
    match = match_opening(block)
    return match is not None and match.place is not None and match.end >= len(block.rstrip())


def is_head_furniture(block: str) -> bool:
    """A first line that is no headline by what it is: a label of one or two words ("News
    Feed"), a date line in any language, a photo credit, a contact or address line, a
    byline or time stamp, a caption or teaser too long for a title, one cut off mid-way."""
    words = word_count(block)
    return words <= 2 or words > 30 or is_furniture_line(block)


def is_furniture_line(block: str) -> bool:
    """A line that is no title whatever its length: a date line in any language, a photo
    credit, a contact or address line, a byline or time stamp, a teaser cut off mid-way."""
    return bool(is_cut_off(block) or is_date_line(block) or is_credit(block)
                or is_contact(block) or is_address(block) or is_noise(block))


def _is_head_furniture(block: str) -> bool:
    """Lines before the story that are no headline by their form: a digest or page title
    stamped with a clock time ("News in Brief at 11:04 p.m. EDT"), a counter
    ("Views: 1,204"), a lone word ("Error")."""
    if word_count(block) > 12 or ends_sentence(block):
        return False
    if _CLOCK.search(block) or _COUNTER.search(block):
        return True
    return bool(re.fullmatch(r"[A-Za-z]{1,12}", block))


def _is_nav(block: str, vocabulary: frozenset[str]) -> bool:
    if len(block) > 60:
        return False
    unglued = _CAMEL_GLUE.sub(" ", block)  # "« PreviousNext »"
    parts = [p for p in _NAV_SPLIT.split(unglued.lower().strip(" :")) if p]
    # "prev next": navigation words side by side without a separator
    return bool(parts) and all(
        p in vocabulary or (_PAGER_WORDS.issuperset(p.split())) for p in parts)


def bears_stamp(block: str) -> bool:
    """Whether a line holds a byline's "By", a date, a clock time or a time stamp's label
    anywhere in it ("Jane Roe March 9, 2017", "Published 21 November 2019 · Tagged ...")."""
    return bool(_BY.match(block) or _STAMP.search(block))


def is_noise(block: str) -> bool:
    """Bylines, timestamps and reading times, alone or together on one line."""
    if len(block.split()) > 16:
        return False
    rest = _STAMP.sub(" ", block)
    if rest != block and _STAMP_LEFTOVER.fullmatch(rest):
        return True
    rest = _DANGLING.sub("", rest.strip(" ,|·•-–—"))
    # "Ana Pel March 9, 2017", "Jo Lind, Example Post | Nov. 3, 2021": names and a dated stamp
    return _is_byline(rest) or (bool(_YEAR.search(block)) and is_names_line(rest))


def _words_and_date(block: str) -> bool:
    """Two capitalised words or more and a dated stamp, no "By" ("Budget Day May 2, 2025")."""
    rest = _STAMP.sub(" ", block).strip(" ,|·•-–—")
    return (not _BY.match(block) and bool(_YEAR.search(block)) and len(rest.split()) >= 2
            and is_names_line(rest))


def _is_byline(line: str) -> bool:
    if _BY.match(line):
        line = _BY.sub("", line, count=1)
    elif not re.search(r"\bStaff(?:\s+(?:Writer|Reporter))?$", line):
        return False
    return is_names_line(line)


def is_names_line(line: str) -> bool:
    """Names and nothing else: "Ana Pel", "Jo Lind, Example Post | Kim Ode"."""
    parts = [p for p in re.split(r"\s*(?:[,|·•]|\band\b|&)\s*", line) if p]
    return bool(parts) and all(_is_name(part) for part in parts)


def _is_name(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= 4
        and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)
        and all(_NAME_WORD.fullmatch(w) for w in words)
    )



def drop_teasers(body: list[str]) -> tuple[list[str], list[str]]:
    """Drop a trailing run of two or more related-story headline + one-line summary pairs;
    headlines numbered in a run are the story's own list (tips, a countdown)."""
    end = len(body)
    while end >= 3 and _is_teaser_head(body[end - 2]) and _is_teaser_summary(body[end - 1]):
        end -= 2
    if len(body) - end >= 4 and not numbered_run(body[end::2]):
        return body[:end], body[end:]
    return body, []


def drop_galleries(body: list[str]) -> tuple[list[str], list[str]]:
    """Drop slideshow captions: a run of three or more blocks numbered "k/N" with one N."""
    kept: list[str] = []
    removed: list[str] = []
    run: list[str] = []
    total = None
    for block in [*body, ""]:
        counter = _GALLERY_COUNTER.match(block)
        if counter is not None and (total is None or counter["total"] == total):
            total = counter["total"]
            run.append(block)
            continue
        (removed if len(run) >= 3 else kept).extend(run)
        run, total = [], None
        counter = _GALLERY_COUNTER.match(block)
        if counter is not None:
            run, total = [block], counter["total"]
        elif block:
            kept.append(block)
    (removed if len(run) >= 3 else kept).extend(run)
    return kept, removed


def _is_teaser_head(block: str) -> bool:
    return (word_count(block) <= 20 and starts_heading(block) and not ends_clause(block)
            and not is_table_row(block))


def _is_teaser_summary(block: str) -> bool:
    return word_count(block) <= 45 and not _SENTENCE_BREAK.search(block.rstrip(CLOSERS))
