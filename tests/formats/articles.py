"""Made-up analyses shaped like the service's, and the captured analyses of the fixtures."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "outputs"


def fixtures() -> dict[str, dict]:
    """The analysis of every fixture article and HTML fixture page, by name."""
    return {path.stem: json.loads(path.read_text("utf-8"))
            for path in sorted(GOLDEN.glob("*.json"))}


def analysis(headline: str | None = "Harbour reopens after storm",
             sections: list[tuple[str | None, list[str]]] | None = None, *,
             subheadline: str | None = None, authors: list[str] | None = None,
             dateline: dict | None = None, published: str | None = "2031-04-02",
             language: str = "en", site_name: str | None = None,
             entities: list[dict] | None = None, quotes: list[dict] | None = None,
             source_url: str | None = None) -> dict:
    """An analysis of a made-up article: ``sections`` as (title, paragraphs); every
    ``entities`` item (``name``, ``type``, ``salience``, optional identifiers) gets a
    mention wherever its name occurs in a paragraph; each of ``quotes`` (``text`` and
    ``speaker`` name) is found in the paragraphs and linked to the entity of that name."""
    sections = sections if sections is not None else [
        (None, ["VARDO, April 2 (NTB) - The harbour of Vardo reopened on Tuesday.",
                "Fishing boats returned within hours, the port authority said."])]
    parts = []
    text = ""
    if headline:
        text = headline + "\n\n"
    wire_sections = []
    for index, (title, paragraphs) in enumerate(sections):
        start = len(text)
        if title:
            text += title + "\n\n"
        items = []
        for number, paragraph in enumerate(paragraphs):
            items.append({"index": number, "start": len(text),
                          "end": len(text) + len(paragraph), "text": paragraph})
            text += paragraph + "\n\n"
        wire_sections.append({"index": index, "title": title, "start": start,
                              "end": len(text) - 2, "paragraphs": items})
        parts.append(items)
    text = text.rstrip("\n")
    wire_entities = []
    for spec in entities or []:
        mentions = []
        for section_index, items in enumerate(parts):
            for paragraph in items:
                found = paragraph["text"].find(spec["name"])
                while found >= 0:
                    start = paragraph["start"] + found
                    mentions.append({"start": start, "end": start + len(spec["name"]),
                                     "text": spec["name"], "type": spec["type"],
                                     "section": section_index,
                                     "paragraph": paragraph["index"]})
                    found = paragraph["text"].find(spec["name"], found + len(spec["name"]))
        wire_entities.append({
            "id": spec.get("id") or "-".join(spec["name"].lower().split()),
            "name": spec["name"], "type": spec["type"], "salience": spec["salience"],
            "aliases": spec.get("aliases", []), "descriptions": spec.get("descriptions", []),
            "mention_count": len(mentions), "mentions": mentions,
            "country_code": spec.get("country_code"), "geonames_id": spec.get("geonames_id"),
            "coordinates": spec.get("coordinates")})
    wire_quotes = []
    for number, spec in enumerate(quotes or [], 1):
        start = text.find(spec["text"])
        speaker = next((e for e in wire_entities if e["name"] == spec["speaker"]), None)
        wire_quotes.append({
            "id": f"q{number}", "text": spec["text"],
            "speaker": {"name": spec["speaker"],
                        "entity_id": speaker["id"] if speaker else None},
            "sentence": spec["text"], "sentence_start": start, "start": start,
            "end": start + len(spec["text"]), "section": 0, "paragraph": 0})
    paragraph_count = sum(len(items) for items in parts)
    return {
        "id": "2031-04-02-harbour-reopens", "headline": headline, "subheadline": subheadline,
        "dateline": dateline, "published": {"date": published, "inferred": False,
                                            "basis": "The caller gave the date."},
        "language": language, "authors": authors or [], "site_name": site_name,
        "skipped": [], "word_count": len(text.split()),
        "counts": {"sections": len(sections), "paragraphs": paragraph_count,
                   "entities": len(wire_entities), "figures": 0, "dates": 0,
                   "quotes": len(wire_quotes)},
        "text": text,
        "content_hash": "sha256:" + hashlib.sha256(text.encode()).hexdigest(),
        "source_url": source_url, "credits": [], "removed": [],
        "pipeline": {"version": "0", "model": "m", "model_version": "0"},
        "sections": wire_sections, "entities": wire_entities, "figures": [], "dates": [],
        "quotes": wire_quotes, "truncated": {}}
