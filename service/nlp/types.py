"""Plain data types shared by the analysis modules (no Flask, no SQL, no spaCy)."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Span:
    """A piece of the article text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Section:
    """Section 0 is the lead; a titled section's title opens it at ``start``."""

    index: int
    title: str | None
    start: int
    end: int
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Dateline:
    raw: str
    place: str | None
    date: str | None  # ISO date when the dateline gives a full date, else None
    agency: str | None
    start: int
    end: int
    month: int | None = None  # month and day as written, even without a year
    day: int | None = None
    region: str | None = None  # a state, province or country written after the place


@dataclass
class Published:
    date: str | None  # ISO 8601 date
    inferred: bool
    basis: str


@dataclass
class Structure:
    """The structure of one article; every offset indexes ``text`` in code points."""

    text: str
    headline: Span | None
    subheadline: Span | None
    dateline: Dateline | None
    published: Published
    sections: list[Section]
    language: str
    word_count: int
    content_hash: str
    id: str
    credits: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removal_reasons: list[str] = field(default_factory=list)  # why each removed block went
    source_url: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None

    def paragraphs(self) -> list[tuple[int, Paragraph]]:
        """Every body paragraph with its section index, in text order."""
        return [(s.index, p) for s in self.sections for p in s.paragraphs]

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """Section and paragraph index holding ``offset`` (None outside the body)."""
        pairs = self.paragraphs()
        starts = [p.start for _, p in pairs]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None, None
        section, paragraph = pairs[i]
        if offset >= paragraph.end:
            return None, None
        return section, paragraph.index

    def to_dict(self) -> dict:
        """The article fields of the API (without entities, figures, dates, quotes)."""
        data = asdict(self)
        data["headline"] = self.headline.text if self.headline else None
        data["subheadline"] = self.subheadline.text if self.subheadline else None
        if self.dateline is not None:
            data["dateline"] = {
                k: data["dateline"][k]
                for k in ("raw", "place", "region", "date", "agency", "start", "end")
            }
        return data
