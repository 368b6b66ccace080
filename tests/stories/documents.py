"""Made-up analyses for the stories tests: paragraphs of invented words, with figures,
quotes and entities as the pipeline would give them."""

from __future__ import annotations

import hashlib
import random

_SYLLABLES = ("ka", "lo", "mi", "ra", "tu", "ven", "sor", "pel", "dun", "fi", "gar", "zo",
              "ne", "bri", "tal", "os")


def paragraph(seed: str, words: int = 40) -> str:
    """A paragraph of invented words, the same for the same seed."""
    rng = random.Random(seed)
    made = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
            for _ in range(words)]
    return " ".join(made).capitalize() + "."


def document(article_id: str, paragraphs: list[str], *, headline: str = "A headline",
             figures: list[dict] = (), quotes: list[dict] = (), entities: list[str] = (),
             agency: str | None = None, published: str | None = "2024-03-05",
             source_url: str | None = None) -> dict:
    """An analysis of the given paragraphs, as stored."""
    sections, offset, body = [], 0, []
    items = []
    for index, text in enumerate(paragraphs):
        items.append({"index": index, "start": offset, "end": offset + len(text), "text": text})
        body.append(text)
        offset += len(text) + 2
    sections.append({"index": 0, "title": None, "start": 0, "end": offset, "paragraphs": items})
    text = "\n\n".join(body)
    dateline = {"raw": "X", "place": None, "region": None, "date": None, "agency": agency,
                "start": 0, "end": 1} if agency else None
    return {
        "id": article_id, "headline": headline, "subheadline": None, "dateline": dateline,
        "published": {"date": published, "inferred": False, "basis": "given"},
        "language": "en", "authors": [], "site_name": None, "skipped": [],
        "word_count": len(text.split()),
        "counts": {"sections": 1, "paragraphs": len(paragraphs), "entities": len(entities),
                   "figures": len(figures), "dates": 0, "quotes": len(quotes)},
        "text": text, "content_hash": "sha256:" + hashlib.sha256(
            (article_id + text).encode()).hexdigest(),
        "source_url": source_url, "credits": [], "removed": [],
        "pipeline": {"version": "1", "model": "m", "model_version": "1"},
        "sections": sections,
        "entities": [{"id": name.lower().replace(" ", "-"), "name": name, "type": "PERSON",
                      "salience": 0.5, "confidence": 0.9, "aliases": [], "descriptions": [],
                      "mention_count": 1, "mentions": []} for name in entities],
        "figures": [{"id": f"f{i + 1}", "kind": "count", "text": str(f["value"]),
                     "value": f["value"], "value_max": None, "unit": f.get("unit"),
                     "qualifier": None, "change": None, "of": f.get("of"), "period": None,
                     "compared_with": None, "equivalent_of": None, "entities": [],
                     "sentence": f.get("sentence", f"{f['value']} {f.get('of')}"),
                     "sentence_start": 0, "start": 0, "end": 1, "section": 0, "paragraph": 0}
                    for i, f in enumerate(figures)],
        "dates": [],
        "quotes": [{"id": f"q{i + 1}", "text": q["text"],
                    "speaker": {"name": q["speaker"], "entity_id": None},
                    "sentence": q["text"], "sentence_start": 0, "start": 0, "end": 1,
                    "section": 0, "paragraph": 0} for i, q in enumerate(quotes)],
        "truncated": {},
    }


def story_paragraphs(name: str, count: int = 6) -> list[str]:
    return [paragraph(f"{name}-{i}") for i in range(count)]
