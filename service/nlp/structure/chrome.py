"""Page chrome around a story: navigation, bylines and time stamps, credits, teasers, galleries."""

from __future__ import annotations

import re
from collections import Counter

from service.nlp.lexicon import MONTH_PATTERN, WEEKDAY_PATTERN
from service.nlp.structure.dateline import credited_agency, match_opening
from service.nlp.structure.shape import (
    CLOSERS,
    ends_clause,
    ends_sentence,
    starts_heading,
    word_count,
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LETTER = r"[^\W\d_]"

_NAV_SPLIT = re.compile(r"\s{0,3}[|•·‹›«»<>/]\s{0,3}|\s{2,}")
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
    rf"""(?:last\s+)?(?:updated|published|posted)(?:\s+on)?:?
      |(?<!\d)\d{{1,4}}\s{{0,3}}min(?:ute)?s?\s{{1,3}}read
      |(?<!\d)\d{{1,4}}\s{{1,3}}(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s{{1,3}}ago
      |(?:{WEEKDAY_PATTERN},?\s+)?(?:{MONTH_PATTERN}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?
                          |\d{{1,2}}\s+{MONTH_PATTERN}\.?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})
      |\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?
      |(?:GMT|UTC)(?:\s*[+\-−]\s*\d{{1,2}}(?::?\d{{2}})?)?
      |\b(?:EST|EDT|CET|CEST|MSK|BST|PST|PDT)\b""",
    re.I | re.X,
)
_STAMP_LEFTOVER = re.compile(r"[\s,.:;|·•/()\-–—]*")

_GALLERY_COUNTER = re.compile(r"(?:• )?\d{1,3}\s?/\s?(?P<total>\d{1,3})(?!\d)")
_RULE = re.compile(r"[_\-–—=*~#•·.\s]{3,200}")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_COUNTER = re.compile(r"\b[A-Za-z]{3,12}:\s{0,3}\d{1,3}(?:,\d{3}){0,3}\s{0,3}$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)\s|Copyright\s+(?:©|\(c\)|\d{4})|Our Standards:)", re.I)
_CREDIT_ROLE = (
    r"(?:(?:additional|further)\s+)?(?:reporting|writing|written|editing|edited"
    r"|compiled|research|produced|translated|translation)\s+by\b"
)
_PHOTO_CREDIT = re.compile(
    r"(?i:photo(?:graph)?s?|image|picture|credit|photo credit)(?:\s{0,3}[:/]?\s{0,3}"
    r"[A-Z][\w.'’\-]{0,30}(?:[ /][\w.'’\-]{1,30}){0,7})?")
_CONTRIBUTED = re.compile(r"\bcontributed(?:\s(?:to\s(?:this|the)\s(?:report|story)|reporting"
                          r"|additional\sreporting))?[.)]?$")
_CREDIT_START = re.compile(rf"\(?\s*{_CREDIT_ROLE}", re.I)
_INLINE_CREDIT = re.compile(rf"\(\s{{0,3}}{_CREDIT_ROLE}[^()]{{0,300}}\)\s{{0,3}}$", re.I)
_CREDIT_JOINERS = _wordset(
    "by and in at from with the of on for de da van von der al bin la le du dos"
)
_NAME_PARTICLES = _wordset("de da van von der al bin la le du dos y")
_NAME_WORD = re.compile(rf"{_LETTER}[\w'’.\-]*")

_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,4}")
_PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,5}\)[ .\-]?)?"
                    r"\d{2,5}(?:[ .\-]\d{2,5}){1,3}(?![\w.])")
_CONTACT_LABEL = re.compile(r"(?:(?:media|press|investor|editorial|company)\s+)?"
                            r"(?:contacts?|enquiries|inquiries)\b\s*:?", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")

# Furniture known by its form wherever it stands on the page.
_GALLERY_COUNT = re.compile(r"(?:(?:image|photo|picture|slide|item)s?\s{1,3})?\d{1,3}\s{0,3}"
                            r"(?:of|/)\s{0,3}\d{1,3}", re.I)
_COMMENT_WIDGET = re.compile(
    r"(?:(?:no|\d{1,6})\s{1,3}(?:comments?|responses?|replies)(?:\s{1,3}yet)?"
    r"|be\s{1,3}the\s{1,3}first\s{1,3}to\s{1,3}(?:comment|reply|review)"
    r"|comments?\s{1,3}(?:are\s{1,3})?(?:closed|disabled)"
    r"|(?:leave|post|add|write)\s{1,3}a\s{1,3}(?:comment|reply|response)"
    r"|(?:show|view|hide|load|read)\s{1,3}(?:all\s{1,3})?(?:\d{1,6}\s{1,3})?comments?"
    r"|click\s{1,3}to\s{1,3}(?:view|show|read)\s{1,3}comments?)"
    r"\s{0,3}[.!:…]?\s{0,3}", re.I)
_MACHINE_SUMMARY = re.compile(
    r"\b(?:AI|A\.I\.|artificial intelligence|automatically)\b.{0,40}"
    r"\b(?:summary|summari[sz]ed|generated|written)\b"
    r"|\b(?:summary|summari[sz]ed|generated|written)\b.{0,40}\b(?:by\s)?(?:AI|A\.I\.)\b", re.I)
_CAMEL_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LICENSE_PHOTO = re.compile(r"\|?\s{0,3}License\s{1,3}Photo\s{0,3}$", re.I)
_PHOTO_BY = re.compile(r"(?:file\s{1,3})?(?:photo(?:graph)?|image|picture)s?"
                       r"\s{1,3}(?:by|courtesy\s{1,3}of|credit:?)\s", re.I)
# A postal address: its parts, of which a template's address block shows two or more.
_ADDRESS_PARTS = (
    re.compile(r"\b\d{1,5}\s{1,3}(?:[A-Z][\w.'’\-]*\s{1,3}){1,4}(?:Street|St\.?|Avenue|Ave\.?"
               r"|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Place|Pl\.?|Square"
               r"|Plaza|Parkway|Court|Ct\.?|Highway|Hwy\.?)(?!\w)"),
    re.compile(r"\b(?:Suite|Ste\.?|Floor|Fl\.?|Unit)\s{1,3}\d{1,5}\b|\b\d{1,3}(?:st|nd|rd|th)"
               r"\s{1,3}Floor\b"),
    re.compile(r"\bP\.?\s?O\.?\s{1,3}Box\s{1,3}\d{1,6}\b", re.I),
    re.compile(r"\b[A-Z]{2}\s{1,3}\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s{1,3}\d[A-Z]{2}\b"),
)
# Trailing furniture: an author's bio, the cut-off headline of the next story.
_BIO = re.compile(r"(?:[A-Z][\w'’.\-]{0,30}\s{1,3}){1,3}[A-Z][\w'’\-]{1,30}\s{1,3}"
                  r"(?:is|was|has\s{1,3}been|has\s{1,3}worked\s{1,3}as)\s{1,3}(?:a|an|the)\s")
_BIO_ROLE = re.compile(r"\b(?:reporter|correspondent|writer|editor|journalist|columnist"
                       r"|contributor|freelancer|producer|photographer|author|blogger)s?\b"
                       r"|\bfollow\s{1,3}(?:her|him|them)\b|(?<!\w)@\w{2,30}\b", re.I)
_NEXT_STORY = re.compile(r"(?:next|up\s{1,3}next|next\s{1,3}(?:story|article|up)|read\s{1,3}next"
                         r"|coming\s{1,3}up)\s{0,3}[:»›>\-–—|]", re.I)
_CUT_OFF = re.compile(r"(?:\.\.\.|…)\s{0,3}$")
_SOURCE_LINE = re.compile(r"SOURCE\s{1,3}[A-Z][\w&.,'’\- ]{1,80}$")
# A date line in any language: "Martes, 5 de marzo de 2024", "June 3, 2024", "03.06.2024".
_DATE_LINE = re.compile(
    r"(?:[^\W\d_]{2,12},?\s{1,3})?(?:\d{1,2}\.?\s{1,3}(?:(?:de|of|di|van)\s{1,3})?[^\W\d_]{3,12}"
    r"\.?,?\s{1,3}(?:(?:de|del|of)\s{1,3})?\d{4}|[^\W\d_]{3,12}\.?\s{1,3}\d{1,2},?\s{1,3}\d{4}"
    r"|\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4})(?:\s{1,3}.{0,24})?")
MAX_BIO_WORDS = 90
MAX_CONTACT_TAIL = 10


def drop_chrome(blocks: list[str], after_headline: bool = False
                ) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop navigation and page furniture, each with the reason; bylines and timestamps
    only before the story starts. A caption-like line shown twice goes, both copies; a
    full sentence shown twice keeps its first copy. ``after_headline``: the blocks follow
    a headline the page's markup gave (site sections are then no longer navigation)."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    started = False
    counts = Counter(blocks)
    for block in blocks:
        reason = furniture_reason(block, counts[block], after_headline or bool(kept), started)
        if reason is None and block in kept and block.endswith(".") and _is_caption_like(block):
            reason = "caption shown twice"  # a repeated sentence keeps its first copy
        if reason is not None:
            removed.append((block, reason))
        else:
            kept.append(block)
            started = started or word_count(block) >= 25 or bool(match_opening(block))
    return kept, removed


def furniture_reason(block: str, copies: int, after_first: bool, started: bool) -> str | None:
    """Why ``block`` is page furniture by its form, or None when it may be article text.
    ``copies`` is how often the page shows it; ``started`` whether the story has begun."""
    if _is_nav(block, _NAV if after_first else _LEADING_NAV):
        return "navigation"
    if not started and is_noise(block):
        return "byline or time stamp before the story"
    if not started and _is_head_furniture(block):
        return "page line before the story"
    if _COPYRIGHT.match(block):
        return "copyright line"
    if _RULE.fullmatch(block):
        return "rule"
    if copies > 1 and _is_caption_like(block) and not block.endswith("."):
        return "caption shown twice"
    if _GALLERY_COUNT.fullmatch(block):
        return "gallery counter"
    if _COMMENT_WIDGET.fullmatch(block):
        return "comment widget"
    if word_count(block) <= 12 and _MACHINE_SUMMARY.search(block) and not ends_sentence(block):
        return "machine summary label"
    if is_address(block):
        return "postal address"
    return None


def is_head_furniture(block: str) -> bool:
    """A first line that is no headline by what it is: a label of one or two words ("News
    Feed"), a date line in any language, a photo credit, a contact or address line, a
    byline or time stamp, a caption or teaser too long for a title, one cut off mid-way."""
    words = word_count(block)
    if words <= 2 or words > 30 or _CUT_OFF.search(block):
        return True
    return bool(_DATE_LINE.fullmatch(block) or _is_credit(block) or is_contact(block)
                or is_address(block) or is_noise(block))


def is_address(block: str) -> bool:
    """A postal address line or block: short, no sentence, two parts of an address
    (street and number, suite or floor, post-office box, postcode) or one and a phone
    number or e-mail address."""
    if word_count(block) > 30 or len(_SENTENCE_BREAK.findall(block)) > 1:
        return False
    parts = sum(1 for part in _ADDRESS_PARTS if part.search(block))
    return parts >= 2 or (parts == 1 and is_contact(block))


def _is_caption_like(block: str) -> bool:
    """A short line opening with a capital that asks or introduces nothing: a photo
    caption's form (repeated pull quotes, code and list items keep their repeats)."""
    return (3 <= word_count(block) <= 30 and block[0].isupper()
            and not block.rstrip(CLOSERS).endswith((":", "?", "!", ";")))


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


def is_noise(block: str) -> bool:
    """Bylines, timestamps and reading times, alone or together on one line."""
    if len(block.split()) > 16:
        return False
    rest = _STAMP.sub(" ", block)
    if rest != block and _STAMP_LEFTOVER.fullmatch(rest):
        return True
    return _is_byline(rest.strip(" ,|·•-–—"))


def _is_byline(line: str) -> bool:
    if line.startswith("By "):
        line = line[3:]
    elif not re.search(r"\bStaff(?:\s+(?:Writer|Reporter))?$", line):
        return False
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", line) if p]
    return bool(parts) and all(_is_name(part) for part in parts)


def _is_name(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= 4
        and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)
        and all(_NAME_WORD.fullmatch(w) for w in words)
    )


def is_contact(block: str) -> bool:
    """A line of contacts: short, and a "Contact:" label, an e-mail address or a phone
    number of seven digits or more in it ("Media contact: Jane Roe, +1 555 010 0199")."""
    if word_count(block) > 40 or len(block) > 400:
        return False
    if _CONTACT_LABEL.match(block) or _EMAIL.search(block):
        return True
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _PHONE.finditer(block))


def split_credits(body: list[str]) -> tuple[list[str], list[str]]:
    kept, credits = body[:1], []
    for block in body[1:]:
        (credits if _is_credit(block) else kept).append(block)
    if kept:
        inline = _INLINE_CREDIT.search(kept[-1])
        if inline and inline.start() > 0:
            credits.append(inline.group().strip())
            kept[-1] = kept[-1][: inline.start()].rstrip()
    return kept, credits


def _is_credit(block: str) -> bool:
    if _PHOTO_CREDIT.fullmatch(block) or _is_contributor_line(block) or credited_agency(block):
        return True
    if word_count(block) <= 60 and _LICENSE_PHOTO.search(block):
        return True  # "Photo by Jane Roe/UPI | License Photo"
    if word_count(block) <= 20 and _PHOTO_BY.match(block) and not ends_sentence(block):
        return True
    if not _CREDIT_START.match(block) or word_count(block) > 60:
        return False
    if block.startswith("(") and block.endswith(")"):
        return True
    words = _NAME_WORD.findall(re.sub(_CREDIT_ROLE, " ", block, flags=re.I))
    return all(w[0].isupper() or w.lower() in _CREDIT_JOINERS for w in words)


def _is_contributor_line(block: str) -> bool:
    """"Associated Press writer Jane Roe in Paris contributed to this report."""
    return (word_count(block) <= 40 and block[:1].isupper()
            and bool(_CONTRIBUTED.search(block)) and ends_sentence(block))


def drop_tail_furniture(body: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Furniture after the story: a press release's contact block (a contact label, names,
    e-mail, phone, "SOURCE Company"), an author's bio, the cut-off headline of the next
    story. The first block is never furniture."""
    removed: list[tuple[str, str]] = []
    start = _contact_tail(body)
    if start is not None:
        removed = [(b, "press contacts") for b in body[start:]]
        body = body[:start]
    while len(body) > 1:
        last = body[-1]
        if _is_bio(last):
            removed.insert(0, (last, "author bio"))
        elif _is_next_story(last):
            removed.insert(0, (last, "next story"))
        else:
            break
        body = body[:-1]
    return body, removed


def _contact_tail(body: list[str]) -> int | None:
    """Where a trailing run of contact lines starts: a contact label or a "SOURCE" line,
    then only short lines, at least one of them an address, e-mail or phone number."""
    first = max(1, len(body) - MAX_CONTACT_TAIL)
    for i in range(first, len(body)):
        block = body[i]
        if not (_CONTACT_LABEL.match(block) or _SOURCE_LINE.match(block)):
            continue
        tail = body[i:]
        if (all(word_count(b) <= 30 for b in tail)
                and any(is_contact(b) or _SOURCE_LINE.match(b) for b in tail)):
            return i
    return None


def _is_bio(block: str) -> bool:
    return (word_count(block) <= MAX_BIO_WORDS and bool(_BIO.match(block))
            and bool(_BIO_ROLE.search(block)))


def _is_next_story(block: str) -> bool:
    if word_count(block) > 30:
        return False
    return bool(_NEXT_STORY.match(block)) or (
        bool(_CUT_OFF.search(block)) and not _SENTENCE_BREAK.search(block))


def drop_teasers(body: list[str]) -> tuple[list[str], list[str]]:
    """Drop a trailing run of two or more related-story headline + one-line summary pairs."""
    end = len(body)
    while end >= 3 and _is_teaser_head(body[end - 2]) and _is_teaser_summary(body[end - 1]):
        end -= 2
    if len(body) - end >= 4:
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
    return word_count(block) <= 20 and starts_heading(block) and not ends_clause(block)


def _is_teaser_summary(block: str) -> bool:
    return word_count(block) <= 45 and not _SENTENCE_BREAK.search(block.rstrip(CLOSERS))
