"""How two members of a story relate (copy, rewrite, update), whether a candidate belongs
to a story at all, and which member is the story's origin."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from service.stories.signatures import Signature, containment, jaccard

ORIGIN, COPY, REWRITE, UPDATE = "origin", "copy", "rewrite", "update"
RELATIONS = (ORIGIN, COPY, REWRITE, UPDATE)
# A candidate joins a story when its estimated Jaccard similarity with a member reaches
# SAME_STORY, or when the smaller text lies mostly (CONTAINED) within the larger one.
SAME_STORY = 0.4
CONTAINED = 0.75
# Between REWRITTEN and SAME_STORY, a candidate joins when the two articles share at least
# SHARED_FACTS figures (kind, unit and value) and quotes (their words): a rewrite.
REWRITTEN = 0.2
SHARED_FACTS = 2
# At least this similar: the same text apart from furniture and small edits.
COPY_SIMILARITY = 0.9
# Texts of fewer shingles than this are too short to call near-duplicates by containment.
MIN_SHINGLES = 12
# The origin among members of the same day is the most like this many others.
CENTRE_OF = 100
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Member:
    """What grouping needs of an article: its signature and its provenance."""

    pk: int
    signature: Signature
    agency: str | None = None
    published: dt.date | None = None
    source_url: str | None = None


def same_story(a: Signature, b: Signature, facts=None) -> tuple[bool, float]:
    """Whether two texts are versions of one story, and their estimated similarity;
    ``facts()``, when given, tells the figures and quotes the two articles share (asked
    only of a text rewritten too much for the similarity alone)."""
    similarity = jaccard(a, b)
    if similarity >= SAME_STORY:
        return True, similarity
    if min(a.size, b.size) >= MIN_SHINGLES and containment(a, b, similarity) >= CONTAINED:
        return True, similarity
    rewritten = similarity >= REWRITTEN and facts is not None and facts() >= SHARED_FACTS
    return rewritten, similarity


def facts(document: dict) -> frozenset:
    """What a rewrite keeps of its source, exactly: its figures (kind, unit, value) and
    its quotes (their words)."""
    figures = {("figure", f["kind"], f.get("unit"), f["value"])
               for f in document.get("figures", [])}
    quotes = {("quote", " ".join(_WORD.findall(q["text"].lower())))
              for q in document.get("quotes", []) if len(q["text"]) >= 20}
    return frozenset(figures | quotes)


def relation(member: Member, origin: Member,
             members: list[Member] = ()) -> tuple[str, float]:
    """The relation of ``member`` to the story's ``origin``, and their similarity: an
    update when the origin, or another member published (or stored) before it, comes
    from the same page or site."""
    if member.pk == origin.pk:
        return ORIGIN, 1.0
    similarity = jaccard(member.signature, origin.signature)
    earlier = [m for m in members if (_day(m), m.pk) < (_day(member), member.pk)]
    if any(same_source(member.source_url, other.source_url) for other in [origin, *earlier]):
        return UPDATE, similarity
    return (COPY if similarity >= COPY_SIMILARITY else REWRITE), similarity


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two articles come from the same page (the URL without its query and
    fragment), or the same site."""
    if not a or not b:
        return False
    a_parts, b_parts = urlsplit(a), urlsplit(b)
    return _host(a_parts.netloc) == _host(b_parts.netloc) and bool(_host(a_parts.netloc))


def _host(netloc: str) -> str:
    return netloc.lower().rpartition("@")[2].split(":")[0].removeprefix("www.")


def choose_origin(members: list[Member]) -> Member:
    """The member the others derive from: an agency's own copy (its dateline or sign-off
    names an agency) whose text is contained in, or contains, every other member's, the
    earliest published of them; else the earliest published member. Among those of the
    same day, the one most like all the others (every version derives from it), then the
    first stored."""
    agency_copies = [m for m in members if m.agency and all(
        other.pk == m.pk or _nested(m.signature, other.signature) for other in members)]
    chosen = agency_copies or members
    first = min(_day(m) for m in chosen)
    tied = [m for m in chosen if _day(m) == first]
    if len(tied) == 1:
        return tied[0]
    others = members[:CENTRE_OF]
    return min(tied, key=lambda m: (-sum(jaccard(m.signature, o.signature) for o in others),
                                    m.pk))


def _nested(a: Signature, b: Signature) -> bool:
    return containment(a, b) >= CONTAINED


def _day(member: Member) -> tuple:
    return (member.published is None, member.published or dt.date.min)
