"""Split a raw news article into headline, dateline, sections and paragraphs over one text."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from service.nlp.slug import slugify
from service.nlp.structure.byline import authors_from_byline, byline_in_text
from service.nlp.structure.dateline import MONTH, DatelineMatch, match_opening, match_sign_off
from service.nlp.structure.language import detect_language
from service.nlp.types import Dateline, Paragraph, Published, Section, Span, Structure


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH = MONTH
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_LETTER = r"[^\W\d_]"

_PLACEHOLDER = re.compile(r"\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\}|\$\{[^{}\n]{0,200}\}")
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
      |(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?
                          |\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})
      |\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?
      |(?:GMT|UTC)(?:\s*[+\-−]\s*\d{{1,2}}(?::?\d{{2}})?)?
      |\b(?:EST|EDT|CET|CEST|MSK|BST|PST|PDT)\b""",
    re.I | re.X,
)
_STAMP_LEFTOVER = re.compile(r"[\s,.:;|·•/()\-–—]*")
_FULL_DATE = re.compile(
    rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
)
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
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_NAME_WORD = re.compile(rf"{_LETTER}[\w'’.\-]*")
_YEAR = re.compile(r"\b(19\d\d|20\d\d|2100)\b")
_WEEKDAY_IN_TEXT = re.compile(rf"\b({_WEEKDAY})\b")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")
_CLAUSE_ENDS = (*_SENTENCE_ENDS, ":", ";", ",", "，", "：")
_OPENING_QUOTES = "\"“‘«„"
_CLOSERS = "\"'”’»)]"
_QUOTES = "\"'“”‘’«»„"
_MAX_SLUG = 60
MAX_DISPLAY_CHARS = 250
_FUTURE_SLACK = datetime.timedelta(days=3)


def analyze_structure(
    raw: str,
    *,
    fmt: str = "text",
    published: datetime.date | str | None = None,
    today: datetime.date | None = None,
    page=None,
) -> Structure:
    """Structure ``raw``; ``fmt="plain"`` keeps it verbatim as one paragraph.

    ``page`` is what a web page's markup says (an ``HtmlArticle``): its title candidates,
    authors and site name are weighed with what the text says.
    """
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    if fmt == "plain":
        return _plain_structure(raw, published)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    blocks, removed = _blocks(_normalize(raw))
    blocks, chrome = _drop_chrome(blocks, getattr(page, "title", None))
    title = getattr(page, "title", None)
    if title and blocks and blocks[0] == title and (len(blocks) < 3 or blocks[1] != title):
        # The page's markup names its headline; its form does not have to look like one.
        subheadline, body, head_chrome = _split_after_headline(blocks[1:])
        headline = title
    else:
        headline, subheadline, body, head_chrome = _split_head(blocks)
    chrome += head_chrome
    body, credits = _split_credits(body)
    body, teasers = _drop_teasers(body)
    body, gallery = _drop_galleries(body)
    teasers += gallery
    removed += chrome + teasers
    parts = _Parts(headline, subheadline, body, credits, removed, _page_date(chrome))
    structure = _assemble(parts, published, today)
    structure.authors = _authors(page, chrome)
    structure.site_name = getattr(page, "site_name", None)
    return structure


def _authors(page, chrome: list[str]) -> list[str]:
    """The authors the page's metadata names, else those of a byline line in the text."""
    found = list(getattr(page, "authors", ())) or authors_from_byline(getattr(page, "byline", None))
    for block in chrome:
        if found:
            break
        found = byline_in_text(block)
    return found


def _plain_structure(raw: str, published: datetime.date | None) -> Structure:
    paragraph = Paragraph(index=0, start=0, end=len(raw), text=raw)
    section = Section(index=0, title=None, start=0, end=len(raw), paragraphs=[paragraph])
    return _finish(raw, None, None, None, [section], [], [], _from_caller(published))


def _normalize(raw: str) -> str:
    return unicodedata.normalize("NFC", raw.removeprefix("\ufeff"))


def _blocks(text: str) -> tuple[list[str], list[str]]:
    """Paragraph-sized blocks and the placeholders removed on the way."""
    lines, removed = [], []
    for line in text.splitlines():
        found = _PLACEHOLDER.findall(line)
        if found:
            removed += found
            line = _PLACEHOLDER.sub(" ", line)
            if not line.strip():
                continue  # a placeholder-only line is not a paragraph break
            line = re.sub(r"[ \t]{2,}", " ", line)
        lines.append(line.strip())
    while lines and not lines[-1]:
        lines.pop()
    if "" not in lines:
        if _is_wrapped(lines):
            return _unwrap(lines, max(len(line) for line in lines)), removed
        return [line for line in lines if line], removed
    width = max(len(line) for line in lines)
    chunks = "\n".join(lines).split("\n\n")
    return [b for c in chunks for b in _unwrap(c.strip("\n").split("\n"), width) if b], removed


def _is_wrapped(lines: list[str]) -> bool:
    """Whether lines without blank lines between them are hard-wrapped prose (wire copy
    at 50-65 characters, ragged right): most lines end near one width, and wrapped lines
    run into the next without closing a sentence."""
    if len(lines) < 6:
        return False
    width = max(len(line) for line in lines)
    if not 40 <= width <= 100:
        return False
    full = [line for line in lines if len(line) >= width - 15]
    open_ended = [line for line in full if not _ends_sentence(line)]
    return len(full) * 2 >= len(lines) and len(open_ended) * 2 >= len(full)


def _unwrap(lines: list[str], width: int) -> list[str]:
    """Join hard-wrapped lines; a break where the next word would have fit ends a block,
    and so does a line opening with a dateline or, after a full stop, with a quote."""
    if not 40 <= width <= 100:  # not a fixed-width wrap: one block per line
        return lines
    blocks = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        opens = bool(_match_dateline(line)) or (
            _ends_sentence(previous) and line[:1] in _OPENING_QUOTES)
        if not opens and len(previous) + 1 + len(line.split()[0]) > width:
            # a wrap after a word's hyphen ("long-\ndistance") keeps the compound together
            joiner = "" if re.search(r"[^\W\d_]-$", previous) else " "
            blocks[-1] += joiner + line
        else:
            blocks.append(line)
    return blocks


def _drop_chrome(blocks: list[str], title: str | None = None) -> tuple[list[str], list[str]]:
    """Drop navigation and page furniture; bylines and timestamps only before the story
    starts. ``title``, the headline a page's markup gives, is kept whatever its form."""
    kept: list[str] = []
    removed: list[str] = []
    started = False
    seen: set[str] = set()
    for block in blocks:
        if block == title and not kept:
            kept.append(block)
            continue
        if (
            _is_nav(block, _NAV if kept else _LEADING_NAV)
            or (not started and (_is_noise(block) or _is_head_furniture(block)))
            or _COPYRIGHT.match(block)
            or _RULE.fullmatch(block)
            or (block in seen and _is_caption_like(block))  # a caption shown twice
        ):
            removed.append(block)
        else:
            kept.append(block)
            seen.add(block)
            started = started or _word_count(block) >= 25 or bool(_match_dateline(block))
    return kept, removed


def _is_caption_like(block: str) -> bool:
    """A short line opening with a capital that asks or introduces nothing: a photo
    caption's form (repeated pull quotes, code and list items keep their repeats)."""
    return (3 <= _word_count(block) <= 30 and block[0].isupper()
            and not block.rstrip(_CLOSERS).endswith((":", "?", "!", ";")))


def _is_head_furniture(block: str) -> bool:
    """Lines before the story that are no headline by their form: a digest or page title
    stamped with a clock time ("News in Brief at 11:04 p.m. EDT"), a counter
    ("Views: 1,204"), a lone word ("Error")."""
    if _word_count(block) > 12 or _ends_sentence(block):
        return False
    if _CLOCK.search(block) or _COUNTER.search(block):
        return True
    return bool(re.fullmatch(r"[A-Za-z]{1,12}", block))


def _is_nav(block: str, vocabulary: frozenset[str]) -> bool:
    if len(block) > 60:
        return False
    parts = [p for p in _NAV_SPLIT.split(block.lower().strip(" :")) if p]
    # "prev next": navigation words side by side without a separator
    return bool(parts) and all(
        p in vocabulary or (_PAGER_WORDS.issuperset(p.split())) for p in parts)


def _is_noise(block: str) -> bool:
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


def _split_head(blocks: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """Headline, subheadline, body blocks and head blocks dropped as chrome."""
    opening = next((i for i, b in enumerate(blocks[:8]) if _match_dateline(b)), None)
    if opening is None:
        return _split_undated_head(blocks)
    head, body = blocks[:opening], blocks[opening:]
    removed = []
    # Kickers and site sections stand before the headline when the head has extra lines.
    while len(head) > 2 and _word_count(head[0]) <= 5 and not _ends_clause(head[0]):
        removed.append(head.pop(0))
    headline = head[0] if head else None
    rest = head[1:]
    subheadline = rest.pop(0) if rest and _is_display(rest[0], 40) else None
    # What stands between the dek and the dateline is page furniture unless it is long.
    removed += [b for b in rest if _word_count(b) <= 30]
    body = [b for b in rest if _word_count(b) > 30] + body
    return headline, subheadline, body, removed


def _split_after_headline(blocks: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Subheadline, body and dropped blocks after a headline the page's markup gave."""
    opening = next((i for i, b in enumerate(blocks[:8]) if _match_dateline(b)), None)
    if opening is not None:
        head, body = blocks[:opening], blocks[opening:]
        dek = head.pop(0) if head and _is_display(head[0], 40) else None
        return dek, [b for b in head if _word_count(b) > 30] + body, [
            b for b in head if _word_count(b) <= 30]
    if (len(blocks) > 2 and _word_count(blocks[0]) >= 5 and _is_display(blocks[0], 40)
            and not _ends_sentence(blocks[0])):
        return blocks[0], blocks[1:], []
    return None, blocks, []


def _is_display(block: str, max_words: int) -> bool:
    """Short enough for a headline or dek: in words, and in characters for scripts
    written without spaces."""
    return _word_count(block) <= max_words and len(block) <= MAX_DISPLAY_CHARS


def _split_undated_head(blocks: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    if len(blocks) < 2 or not _is_display(blocks[0], 30) or _ends_sentence(blocks[0]):
        return None, None, blocks, []
    dek = blocks[1]
    if (len(blocks) > 2 and _word_count(dek) >= 5 and _is_display(dek, 40)
            and not _ends_sentence(dek)):
        return blocks[0], dek, blocks[2:], []
    return blocks[0], None, blocks[1:], []


def _split_credits(body: list[str]) -> tuple[list[str], list[str]]:
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
    if _PHOTO_CREDIT.fullmatch(block) or _is_contributor_line(block):
        return True
    if not _CREDIT_START.match(block) or _word_count(block) > 60:
        return False
    if block.startswith("(") and block.endswith(")"):
        return True
    words = _NAME_WORD.findall(re.sub(_CREDIT_ROLE, " ", block, flags=re.I))
    return all(w[0].isupper() or w.lower() in _CREDIT_JOINERS for w in words)


def _is_contributor_line(block: str) -> bool:
    """"Associated Press writer Jane Roe in Paris contributed to this report."""
    return (_word_count(block) <= 40 and block[:1].isupper()
            and bool(_CONTRIBUTED.search(block)) and _ends_sentence(block))


def _drop_teasers(body: list[str]) -> tuple[list[str], list[str]]:
    """Drop a trailing run of two or more related-story headline + one-line summary pairs."""
    end = len(body)
    while end >= 3 and _is_teaser_head(body[end - 2]) and _is_teaser_summary(body[end - 1]):
        end -= 2
    if len(body) - end >= 4:
        return body[:end], body[end:]
    return body, []


def _drop_galleries(body: list[str]) -> tuple[list[str], list[str]]:
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
    return _word_count(block) <= 20 and _starts_heading(block) and not _ends_clause(block)


def _is_teaser_summary(block: str) -> bool:
    return _word_count(block) <= 45 and not _SENTENCE_BREAK.search(block.rstrip(_CLOSERS))


def _sectionize(body: list[str]) -> list[tuple[str | None, list[str]]]:
    sections: list[tuple[str | None, list[str]]] = [(None, body[:1])]
    for i, block in enumerate(body[1:], start=1):
        follower = body[i + 1] if i + 1 < len(body) else None
        if follower is not None and _is_title(block) and not _is_title(follower):
            sections.append((block, []))
        else:
            sections[-1][1].append(block)
    return sections


def _is_title(block: str) -> bool:
    return (
        _word_count(block) <= 10
        and len(block) <= 90
        and _starts_heading(block)
        and not _ends_clause(block)
        and block[-1] not in _QUOTES
        and not _match_dateline(block)
    )


def _starts_heading(block: str) -> bool:
    return bool(block) and (block[0].isupper() or block[0].isdigit())


def _ends_clause(block: str) -> bool:
    return block.rstrip(_CLOSERS).endswith(_CLAUSE_ENDS)


def _ends_sentence(block: str) -> bool:
    return block.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _match_dateline(block: str) -> DatelineMatch | None:
    return match_opening(block)


def _dateline(paragraph: str, offset: int) -> Dateline | None:
    match = match_opening(paragraph)
    if match is None:
        return None
    month = _month_number(match.month) if match.month else None
    day = match.day if month else None
    iso = _iso(match.year, month, day) if match.year else None
    return Dateline(
        raw=paragraph[: match.end].rstrip(),
        place=_title_place(match.place),
        date=iso,
        agency=match.agency,
        start=offset,
        end=offset + len(paragraph[: match.end].rstrip()),
        month=month,
        day=day,
        region=match.region,
    )


def _sign_off(paragraph: Paragraph) -> Dateline | None:
    """An agency named at the end of the story ("... on Tuesday. (AFP)", "— AP")."""
    found = match_sign_off(paragraph.text)
    if found is None:
        return None
    start, agency = found
    raw = paragraph.text[start:].strip()
    end = paragraph.end
    return Dateline(raw=raw, place=None, date=None, agency=agency, start=end - len(raw),
                    end=end)


def _month_number(name: str) -> int:
    return [m[:3].lower() for m in MONTHS].index(name[:3].lower()) + 1


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    date = _safe_date(year, month, day) if month and day else None
    return date.isoformat() if date else None


def _title_place(place: str) -> str:
    return place.title() if place.isupper() else place


@dataclass
class _Parts:
    """The article's pieces once chrome is gone, before they are laid out as one text."""

    headline: str | None
    subheadline: str | None
    body: list[str]
    credits: list[str]
    removed: list[str]
    page_date: str | None


class _TextBuilder:
    """Joins pieces with blank lines and hands back each piece's offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> Span:
        if self.parts:
            self.pos += 2
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return Span(piece, start, self.pos)

    def text(self) -> str:
        return "\n\n".join(self.parts)


def _assemble(
    parts: _Parts, published: datetime.date | None, today: datetime.date | None
) -> Structure:
    builder = _TextBuilder()
    head = builder.add(parts.headline) if parts.headline else None
    dek = builder.add(parts.subheadline) if parts.subheadline else None
    sections = [
        _build_section(i, title, blocks, builder)
        for i, (title, blocks) in enumerate(_sectionize(parts.body) if parts.body else [])
    ]
    dateline = None
    if sections:
        lead = sections[0].paragraphs[0]
        dateline = _dateline(lead.text, lead.start)
        sign_off = _sign_off(sections[-1].paragraphs[-1])
        if sign_off is not None and dateline is None:
            dateline = sign_off
        elif sign_off is not None and dateline.agency is None:
            dateline.agency = sign_off.agency
    paragraphs = [p.text for s in sections for p in s.paragraphs]
    date = _publication(published, dateline, parts.page_date, paragraphs, today)
    text = builder.text()
    return _finish(text, head, dek, dateline, sections, parts.credits, parts.removed, date)


def _build_section(
    index: int, title: str | None, blocks: list[str], builder: _TextBuilder
) -> Section:
    title_span = builder.add(title) if title else None
    paragraphs = []
    for i, block in enumerate(blocks):
        span = builder.add(block)
        paragraphs.append(Paragraph(index=i, start=span.start, end=span.end, text=block))
    start = title_span.start if title_span else paragraphs[0].start
    return Section(index, title, start, paragraphs[-1].end, paragraphs)


def _finish(
    text: str,
    headline: Span | None,
    subheadline: Span | None,
    dateline: Dateline | None,
    sections: list[Section],
    credits: list[str],
    removed: list[str],
    published: Published,
) -> Structure:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Structure(
        text=text,
        headline=headline,
        subheadline=subheadline,
        dateline=dateline,
        published=published,
        sections=sections,
        language=detect_language(text),
        word_count=_word_count(text),
        content_hash=f"sha256:{content_hash}",
        id=_article_id(published.date, headline.text if headline else "", content_hash),
        credits=credits,
        removed=removed,
    )


def _publication(
    given: datetime.date | None,
    dateline: Dateline | None,
    page_date: str | None,
    paragraphs: list[str],
    today: datetime.date | None,
) -> Published:
    if given is not None:
        return _from_caller(given)
    if dateline is not None and dateline.date:
        return Published(dateline.date, False, "The dateline gives the full date.")
    if page_date is not None:
        return Published(page_date, False, "A date line on the page gives the full date.")
    if dateline is not None and dateline.month and dateline.day:
        return _infer_year(dateline.month, dateline.day, paragraphs, today or datetime.date.today())
    return Published(None, False, "no date in the text or request")


def _from_caller(given: datetime.date | None) -> Published:
    if given is None:
        return Published(None, False, "no date in the text or request")
    return Published(given.isoformat(), False, "given by the caller")


def _page_date(chrome: list[str]) -> str | None:
    """The first full date on a dropped timestamp line (e.g. "May 17, 2023 10:15 AM")."""
    for piece in chrome:
        match = _FULL_DATE.search(piece) if _is_noise(piece) else None
        if match is None:
            continue
        if match["iso"]:
            year, month, day = (int(x) for x in match["iso"].split("-"))
        else:
            year = int(match["year"] or match["year2"])
            month = _month_number(match["month"] or match["month2"])
            day = int(match["day"] or match["day2"])
        iso = _iso(year, month, day)
        if iso:
            return iso
    return None


def _infer_year(month: int, day: int, paragraphs: list[str], today: datetime.date) -> Published:
    """Pick the year for a dateline's month and day from the years and weekday the text names."""
    given = f"The dateline gives {MONTHS[month - 1]} {day} without a year"
    years = [int(y) for p in paragraphs for y in _YEAR.findall(p) if int(y) <= today.year]
    if not years:
        # The server's clock is no evidence of when a story was written.
        return Published(None, False, f"{given} and the text names no year")
    latest = max(years)
    order = [latest + d for d in (0, 1, -1, 2, -2)]
    reason = f"{given}; {latest} is the latest year named in the text"
    dates = [
        d
        for d in (_safe_date(y, month, day) for y in order)
        if d is not None and d <= today + _FUTURE_SLACK
    ]
    if not dates:
        return Published(None, False, f"{given} and no year fits it")
    weekday = _lead_weekday(paragraphs)
    chosen = next((d for d in dates if WEEKDAYS[d.weekday()] == weekday), None)
    result = chosen or dates[0]
    basis = _year_basis(reason, latest, result, weekday, chosen is not None)
    return Published(result.isoformat(), True, basis)


def _year_basis(
    reason: str, latest: int, result: datetime.date, weekday: str | None, matched: bool
) -> str:
    def long(d: datetime.date) -> str:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    if matched and result.year == latest:
        return f"{reason}, and {long(result)} is a {weekday}, the weekday the lead names."
    if matched:
        return f"{reason}, but {long(result)} is the {weekday} the lead names."
    if result.year != latest:
        reason += f"; {long(result)} is the nearest such date not in the future"
    if weekday:
        reason += f"; no nearby year puts it on the {weekday} the lead names"
    return f"{reason}."


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _lead_weekday(paragraphs: list[str]) -> str | None:
    match = _WEEKDAY_IN_TEXT.search(" ".join(paragraphs[:2]))
    return match[1] if match else None


def _article_id(date: str | None, headline: str, content_hash: str) -> str:
    return f"{date or 'undated'}-{slugify(headline, _MAX_SLUG) or content_hash[:12]}"
