"""The whole analysis: raw article -> structure, entities, figures, dates and quotes."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from service import __version__
from service.nlp.caps import Caps, Lazy, cap_analysis, uncapped
from service.nlp.dates.dates import find_dates, timeline
from service.nlp.entities.entities import extract_entities
from service.nlp.figures.figures import find_figures
from service.nlp.guard import guarded_doc
from service.nlp.model import model_info
from service.nlp.quotes.quotes import find_quotes as extract_quotes
from service.nlp.sentences import SentenceIndex
from service.nlp.structure.language import skipped_extractors
from service.nlp.structure.structure import analyze_structure, searched_whole
from service.nlp.types import Dateline, Structure

FORMATS = ("text", "plain", "html")


class InvalidText(ValueError):
    """The text cannot be analyzed; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "text") -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self):  # raised in an analysis process, raised again in its parent
        return type(self), (str(self), self.field)


@dataclass(frozen=True)
class Request:
    """One article to analyze, as a caller gives it."""

    text: str
    format: str = "text"
    published: dt.date | None = None
    source_url: str | None = None


def content_hash(text: str) -> str:
    """The content hash of an article: SHA-256 of its whole text as received (what the
    structure later drops as page furniture is part of it, so two texts that differ
    anywhere are two articles)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Limits:
    max_chars: int = 200_000
    max_paragraphs: int = 2_000
    caps: Caps = Caps()


# A made-up article touching every extractor and the HTML path, analyzed once per process
# by ``warm_up``.
_WARM_UP_PAGE = (
    "<html><head><title>Port reopens - Example Tribune</title></head><body><article>"
    "<h1>Port reopens</h1><p>By Jane Roe</p><p>OSLO, Norway, March 3, 2024 (NTB) - The port "
    "of Bergen reopened on Monday after storms, the Norwegian Coastal Administration said. "
    "Traffic rose 12% to 3.4 mln tonnes worth $56.7 mln.</p><p>\u201cWe are open,\u201d "
    "said harbour master Ola Nordmann.</p></article></body></html>")


# One memory zone at a time per process: a zone that closes frees the strings every Doc
# made inside it, so the analysis of another thread (a job consumer beside request
# threads) must not overlap it. A forked child starts with the lock free.
_ZONE_LOCK = threading.Lock()


def _free_zone_lock_in_child() -> None:
    global _ZONE_LOCK
    _ZONE_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_free_zone_lock_in_child)


@functools.cache
def _warm_up(nlp: Language) -> None:
    # The tables are per process and the pipeline is loaded once per process: one
    # analysis per loaded pipeline, however many analyzers (applications) use it.
    Analyzer(nlp).analyze(Request(_WARM_UP_PAGE, "html"))


class Analyzer:
    """Runs the configured spaCy pipeline and the extractors over articles."""

    def __init__(self, nlp: Language, limits: Limits | None = None, *,
                 clock: Callable[[], dt.date] = dt.date.today) -> None:
        """``clock`` gives the day of analysis, which bounds a year inferred for a dateline."""
        self.nlp = nlp
        self.limits = limits or Limits()
        self.clock = clock
        self.provenance = {"version": __version__, **model_info(nlp)}

    def warm_up(self) -> None:
        """Build now, once per process, every table the extractors otherwise build on first
        use (language model, gazetteers, HTML extraction), so that the first analysis is not
        slower than the rest and processes forked afterwards share them."""
        _warm_up(self.nlp)

    def analyze(self, request: Request) -> dict:
        """The full analysis of one article."""
        return next(self.analyze_many([request]))

    def analyze_many(self, requests: Iterable[Request], batch_size: int = 16) -> Iterator[dict]:
        """Analyses in input order, the spaCy work batched through ``nlp.pipe``."""
        return self.analyze_structures((self.structure(r) for r in requests), batch_size)

    def analyze_structures(self, structures: Iterable[Structure],
                           batch_size: int = 16) -> Iterator[dict]:
        """Analyses of already structured articles, the spaCy work batched."""
        # The vocabulary and string store grow with every new word: memory_zone gives
        # back what a batch added once its Docs are turned into plain data. The zone closes
        # before the batch is yielded, so that a caller who stops early (or a generator
        # left to the collector) never leaves one open across another analysis.
        remaining = iter(structures)
        while batch := list(islice(remaining, batch_size)):
            with _ZONE_LOCK, self.nlp.memory_zone():
                # Tokenized here, under the text guards (service/nlp/guard.py).
                analyses = [self._capped(structure, doc)
                            for doc, structure in self.nlp.pipe(
                                ((guarded_doc(self.nlp, s.text), s) for s in batch),
                                as_tuples=True, batch_size=batch_size)]
            yield from analyses

    def structure(self, request: Request) -> Structure:
        """The structure of one article, checked against the limits."""
        if request.format not in FORMATS:
            raise InvalidText(f"format must be one of {', '.join(FORMATS)}", "format")
        raw, published, source_url, basis = (request.text, request.published,
                                             request.source_url, None)
        page = None
        if request.format == "html":
            from service.nlp.structure.html import (
                extract_html,  # trafilatura is heavy; load on first use
            )

            page = extract_html(raw, request.source_url)
            raw, source_url = page.text, source_url or page.source_url
            if published is None and page.published is not None:
                published = page.published
                basis = "The page's metadata gives the publication date."
        if not raw.strip():
            raise InvalidText("text is empty")
        if len(raw) > self.limits.max_chars:
            raise InvalidText(f"text is longer than {self.limits.max_chars} characters")
        structure = analyze_structure(
            raw, fmt="plain" if request.format == "plain" else "text", published=published,
            today=self.clock(), page=page,
        )
        if basis:
            structure.published.basis = basis
        structure.source_url = source_url
        structure.content_hash = content_hash(request.text)
        if sum(len(s.paragraphs) for s in structure.sections) > self.limits.max_paragraphs:
            raise InvalidText(f"text has more than {self.limits.max_paragraphs} paragraphs")
        if not structure.text.strip():
            raise InvalidText("text has no content once page chrome is removed")
        return structure

    def _capped(self, structure: Structure, doc) -> dict:
        """The analysis of a structured article within the caps of the limits."""
        return cap_analysis(self._assemble(structure, doc), self.limits.caps)

    def assemble(self, structure: Structure, doc) -> dict:
        """The analysis of a structured article from its spaCy ``Doc``, without caps."""
        return uncapped(self._assemble(structure, doc))

    def _assemble(self, structure: Structure, doc) -> dict:
        """The analysis as the extractors give it: figures described when read, sentences
        read when put out (by ``cap_analysis`` or ``uncapped``)."""
        skipped = skipped_extractors(structure.language)
        searched = searched_whole(structure)  # section titles searched like the body
        sentences = SentenceIndex.of(doc, searched)  # the extractors read it from the doc
        entities = [] if skipped else extract_entities(doc, searched)
        dates = find_dates(doc, searched)
        figures = [] if skipped else find_figures(doc, searched, dates)
        quotes = extract_quotes(doc, searched, entities)
        link = _entity_linker(sentences, entities, structure.dateline)
        figures = Lazy(len(figures), lambda k, _, found=figures: link(found[k]))
        dates = timeline(dates)
        article = structure.to_dict()
        article["counts"] = {
            "sections": len(structure.sections),
            "paragraphs": sum(len(s.paragraphs) for s in structure.sections),
            "entities": len(entities),
            "figures": len(figures),
            "dates": len(dates),
            "quotes": len(quotes),
        }
        article.update(entities=entities, figures=figures, dates=dates, quotes=quotes,
                       skipped=skipped,
                       source_url=structure.source_url, pipeline=dict(self.provenance))
        return article


def _entity_linker(sentences: SentenceIndex, entities: list[dict],
                   dateline: Dateline | None = None) -> Callable[[dict], dict]:
    """What gives a figure the ids of the entities named in its sentence, outside the
    dateline (which names where the story was filed and by which agency, not what the
    lead's figures are about)."""
    by_sentence: dict[int, list[str]] = {}
    for entity in entities:
        for mention in entity["mentions"]:
            if dateline and dateline.start <= mention["start"] < dateline.end:
                continue
            ids = by_sentence.setdefault(sentences.at(mention["start"]), [])
            if entity["id"] not in ids:
                ids.append(entity["id"])

    def link(figure: dict) -> dict:
        figure["entities"] = list(by_sentence.get(sentences.at(figure["start"]), []))
        return figure

    return link
