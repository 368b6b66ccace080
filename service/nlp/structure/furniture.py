"""Page furniture known by its form: contact and address lines, gallery counters, comment
widgets, machine-summary labels, and what follows a story (contacts, bios, the next story)."""

from __future__ import annotations

import re

from service.nlp.structure.shape import ends_sentence, word_count

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,4}")
_PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,5}\)[ .\-]?)?"
                    r"\d{2,5}(?:[ .\-]\d{2,5}){1,3}(?![\w.])")
_CONTACT_LABEL = re.compile(r"(?:(?:media|press|investor|editorial|company)\s+)?"
                            r"(?:contacts?|enquiries|inquiries)\b\s*:?", re.I)
# Furniture known by its form wherever it stands on the page.
_GALLERY_COUNT = re.compile(r"(?:(?:image|photo|picture|slide|item)s?\s{1,3})?\d{1,3}\s{0,3}"
                            r"(?:of|/)\s{0,3}\d{1,3}", re.I)
_COMMENT_WIDGET = re.compile(
    r"(?:(?:no|\d{1,6})\s{1,3}(?:comments?|responses?|replies)(?:\s{1,3}yet)?"
    r"|be\s{1,3}the\s{1,3}first\s{1,3}to\s{1,3}(?:comment|reply|review)"
    r"|comments?\s{1,3}(?:are\s{1,3})?(?:closed|disabled)"
    r"|(?:leave|post|add|write)\s{1,3}a\s{1,3}(?:comment|reply|response)"
    r"|(?:show|view|hide|load|read)\s{1,3}(?:all\s{1,3}|more\s{1,3})?(?:\d{1,6}\s{1,3})?comments?"
    r"|comments?\s{0,3}\(\d{1,6}\)|(?:sign|log)\s{1,3}in\s{1,3}to\s{1,3}(?:comment|reply)"
    r"|(?:join|start)\s{1,3}the\s{1,3}(?:conversation|discussion)"
    r"|click\s{1,3}to\s{1,3}(?:view|show|read)\s{1,3}comments?)"
    r"\s{0,3}[.!:…]?\s{0,3}", re.I)
_MACHINE_SUMMARY = re.compile(
    r"\b(?:AI|A\.I\.|artificial intelligence|automatically)\b.{0,40}"
    r"\b(?:summary|summari[sz]ed|generated|written)\b"
    r"|\b(?:summary|summari[sz]ed|generated|written)\b.{0,40}\b(?:by\s)?(?:AI|A\.I\.)\b", re.I)
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
# A label and a list of short topics: "Topics: uber, sharing economy, Technology News".
_TAGS = re.compile(r"(?:related\s{1,3})?(?:topics?|tags?|tagged(?:\s{1,3}with)?|filed\s{1,3}under"
                   r"|categories|category|keywords?)\s{0,3}:\s{0,3}[^,.;:!?\n]{1,40}"
                   r"(?:\s{0,3}[,|·•/]\s{0,3}[^,.;:!?\n]{1,40}){0,30}", re.I)
# The controls of a slideshow or an image viewer: "Previous slide Next slide", "Click to
# enlarge", "Toggle caption", "View gallery (12 photos)".
_VIEWER_OBJECT = r"(?:image|photo|picture|caption|gallery|slideshow|slide|full\s?screen)s?"
_SLIDESHOW_CONTROL = re.compile(
    rf"(?:(?:previous|prev|next)\s{{1,3}}{_VIEWER_OBJECT}\s{{0,3}}){{1,2}}"
    r"|(?:click|tap)\s{1,3}(?:here\s{1,3})?to\s{1,3}(?:enlarge|expand|zoom)"
    rf"|(?:enlarge|expand|zoom|toggle|hide|show|open|close|view|launch|exit)\s{{1,3}}"
    rf"(?:this\s{{1,3}}|the\s{{1,3}})?{_VIEWER_OBJECT}"
    r"(?:\s{0,3}\(\d{1,4}\s{1,3}(?:photos?|images?|pictures?|slides?)\))?", re.I)
# The buttons of an article's toolbar: "Gift this article", "Summarize this story".
_ARTICLE_TOOL = re.compile(
    r"(?:share|gift|save|print|e-?mail|summari[sz]e|bookmark|listen\s{1,3}to|translate|cite"
    r"|unlock)\s{1,3}(?:this\s{1,3}|the\s{1,3})?(?:article|story|page)"
    r"|(?:report|flag)\s{1,3}an?\s{1,3}(?:error|typo|correction)"
    r"|suggest\s{1,3}a\s{1,3}correction", re.I)
# A label over a video, a podcast or another story shown among the paragraphs.
_PROMO_LABEL = re.compile(r"(?:watch|video|listen|podcast|read\s{1,3}(?:more|also|next)"
                          r"|also\s{1,3}read|see\s{1,3}also|related|more)\s{0,2}[:|]\s", re.I)
# A reading time, wherever it stands: "5 min read", "3-minute read", "Reading time: 4 minutes".
_READING_TIME = re.compile(
    r"(?:(?:estimated\s{1,3})?(?:reading|read)\s{1,3}time\s{0,3}:?\s{0,3}(?:about\s{1,3})?"
    r"\d{1,3}(?:\s{0,3}[-–]\s{0,3}\d{1,3})?\s{0,3}(?:min(?:ute)?s?|m)\.?"
    r"|\d{1,3}(?:\s{0,3}[-–]\s{0,3}\d{1,3})?[\s\-]{0,3}min(?:ute)?s?\.?\s{1,3}"
    r"(?:read|to\s{1,3}read|reading|of\s{1,3}reading))", re.I)
# A site's legal notice at the end of a page: "Linux is a registered trademark of Linus
# Torvalds", "Comments are copyrighted by their posters", "All rights reserved".
_NOTICE = re.compile(r"\b(?:(?:is|are)\s{1,3}(?:a\s{1,3})?(?:registered\s{1,3})?trademarks?"
                     r"\s{1,3}of|(?:is|are)\s{1,3}copyrighted\s{1,3}by"
                     r"|all\s{1,3}rights\s{1,3}reserved)\b", re.I)
MAX_NOTICE_WORDS = 20
MAX_PROMO_WORDS = 20
MAX_BIO_WORDS = 90
MAX_CONTACT_TAIL = 10




def form_reason(block: str) -> str | None:
    """Why ``block`` is furniture wherever it stands, by its form alone, or None (a list
    item is judged by its text: "• 1 of 5" is a gallery counter)."""
    block = block.removeprefix("• ")
    if _GALLERY_COUNT.fullmatch(block):
        return "gallery counter"
    if _COMMENT_WIDGET.fullmatch(block):
        return "comment widget"
    if _SLIDESHOW_CONTROL.fullmatch(block.strip(" ‹›«»<>|·•")):
        return "slideshow control"
    if _ARTICLE_TOOL.fullmatch(block.rstrip(" .")):
        return "article tool"
    if _READING_TIME.fullmatch(block.strip(" ·•|-–—()")):
        return "reading time"
    if word_count(block) <= 12 and _MACHINE_SUMMARY.search(block) and not ends_sentence(block):
        return "machine summary label"
    if is_address(block):
        return "postal address"
    if _TAGS.fullmatch(block):
        return "topic tags"
    if is_promo_label(block):
        return "related stories"
    return None


def is_promo_label(block: str) -> bool:
    """"WATCH: Storm batters the coast", "Read more: Fares rise": a labelled title of a
    video or another story, no sentence of the article."""
    return (bool(_PROMO_LABEL.match(block)) and word_count(block) <= MAX_PROMO_WORDS
            and not ends_sentence(block))


def is_cut_off(block: str) -> bool:
    """Whether a line stops with an ellipsis, as a teaser cut off mid-way does."""
    return bool(_CUT_OFF.search(block))


def is_date_line(block: str) -> bool:
    """A line that is only a date (and a time), in any language."""
    return bool(_DATE_LINE.fullmatch(block))


def is_address(block: str) -> bool:
    """A postal address line or block: short, no sentence, two parts of an address
    (street and number, suite or floor, post-office box, postcode) or one and a phone
    number or e-mail address."""
    if word_count(block) > 30 or len(_SENTENCE_BREAK.findall(block)) > 1:
        return False
    parts = sum(1 for part in _ADDRESS_PARTS if part.search(block))
    return parts >= 2 or (parts == 1 and is_contact(block))


def is_contact(block: str) -> bool:
    """A line of contacts: short, and a "Contact:" label, an e-mail address or a phone
    number of seven digits or more in it ("Media contact: Jane Roe, +1 555 010 0199")."""
    if word_count(block) > 40 or len(block) > 400:
        return False
    if _CONTACT_LABEL.match(block) or _EMAIL.search(block):
        return True
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _PHONE.finditer(block))


def drop_tail_furniture(body: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Furniture after the story: a press release's contact block (a contact label, names,
    e-mail, phone, "SOURCE Company"), an author's bio, the cut-off headline of the next
    story, a legal notice. The first block is never furniture."""
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
        elif word_count(last) <= MAX_NOTICE_WORDS and _NOTICE.search(last):
            removed.insert(0, (last, "copyright line"))
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
