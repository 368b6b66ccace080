"""Credits under a story: photo credits, "Reporting by" lines, contributor lines, an
agency's sign-off; kept apart from the body as the story's credits."""

from __future__ import annotations

import re

from service.nlp.structure.agencies import credited_agency, is_agency_name
from service.nlp.structure.shape import ends_sentence, word_count

_LETTER = r"[^\W\d_]"
_NAME_WORD = re.compile(rf"{_LETTER}[\w'’.\-]*")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
# "(Getty Images/Jane Roe)", "(AP Photo/Jo Lind)": a source and a photographer in brackets.
_BRACKETED_CREDIT = re.compile(r"[(\[]\s{0,3}[A-Z][\w.'’&\-]*(?:\s{1,3}[A-Z][\w.'’&\-]*){0,4}"
                               r"\s{0,3}/\s{0,3}[A-Z][\w.'’\-]*(?:\s{1,3}[\w.'’\-]+){0,4}\s{0,3}[)\]]")
# "REUTERS/Jane Roe", "AFP PHOTO/Jo Lind": a source in capitals and a photographer.
_SLASHED_CREDIT = re.compile(r"[A-Z]{2,12}(?:\s{1,3}PHOTO)?\s{0,2}/\s{0,2}"
                             r"[A-Z][a-z][\w'’\-]*(?:\s{1,3}[A-Z][a-z][\w'’\-]*){1,2}")
# "With AFP", "Valley Post with AP", "(with agencies)": the story's sources under it.
_WITH_AGENCY = re.compile(r"[(\-–—]{0,2}\s{0,2}(?:[A-Z][\w.&'’\-]*\s{1,3}){0,4}(?i:with|and)"
                          r"\s{1,3}(?:(?i:(?:wire\s{1,3})?agencies|wires|agency\s{1,3}reports)"
                          r"|(?P<name>[A-Za-z][\w\-]{1,15}(?:\s[A-Z][\w\-]{1,15}){0,2}))\)?\.?")
# "... on Monday. Photo by Jane Roe/UPI": a caption ending with its photographer and agency.
_PHOTO_BY_AGENCY = re.compile(r"(?i:photo(?:graph)?|image|picture)s?(?:\s{1,3}by|:)\s{1,3}"
                              r"[A-Z][\w.'’\-]*(?:\s{1,3}[A-Z][\w.'’\-]*){0,3}\s{0,2}/\s{0,2}"
                              r"[A-Z][\w.&\-]*(?:\s{1,3}[A-Z][\w.&\-]*){0,2}\.?\s{0,3}$")
_LICENSE_PHOTO = re.compile(r"\|?\s{0,3}License\s{1,3}Photo\s{0,3}$", re.I)
_PHOTO_BY = re.compile(r"(?:file\s{1,3})?(?:photo(?:graph)?|image|picture)s?"
                       r"\s{1,3}(?:by|courtesy\s{1,3}of|credit:?)\s", re.I)


def split_credits(body: list[str]) -> tuple[list[str], list[str]]:
    kept, credits = body[:1], []
    for block in body[1:]:
        (credits if is_credit(block) else kept).append(block)
    if kept:
        inline = _INLINE_CREDIT.search(kept[-1])
        if inline and inline.start() > 0:
            credits.append(inline.group().strip())
            kept[-1] = kept[-1][: inline.start()].rstrip()
    return kept, credits


def is_credit(block: str) -> bool:
    """A credit line by its form: a photo credit, a role and names ("Reporting by Jane
    Roe"), a contributor line, an agency's sign-off."""
    if (_PHOTO_CREDIT.fullmatch(block) or _BRACKETED_CREDIT.fullmatch(block)
            or _SLASHED_CREDIT.fullmatch(block)
            or _is_contributor_line(block) or credited_agency(block)):
        return True
    with_agency = _WITH_AGENCY.fullmatch(block.strip())
    if with_agency and (with_agency["name"] is None or is_agency_name(with_agency["name"])):
        return True
    if word_count(block) <= 60 and (_LICENSE_PHOTO.search(block) or _PHOTO_BY_AGENCY.search(block)):
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
