"""What one version of a story changed against another, as data: its paragraphs (with
their offsets in both), headline, figures, quotes and entities."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from service.nlp.slug import slugify

_WORD = re.compile(r"\w+")
# Two paragraphs (or quotes, or figures' sentences) this alike are one, edited.
EDITED = 0.5


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Change:
    """A paragraph, figure or quote that changed, with both versions."""

    change: str
    before: Paragraph | dict | None = None
    after: Paragraph | dict | None = None


@dataclass(frozen=True)
class Changes:
    before_id: str
    after_id: str
    headline: dict | None = None
    paragraphs: list[Change] = field(default_factory=list)
    figures: list[Change] = field(default_factory=list)
    quotes: list[Change] = field(default_factory=list)
    entities_added: list[dict] = field(default_factory=list)
    entities_dropped: list[dict] = field(default_factory=list)


def changes(before: dict, after: dict) -> Changes:
    headline = None
    if (before.get("headline") or "") != (after.get("headline") or ""):
        headline = {"before": before.get("headline"), "after": after.get("headline")}
    added, dropped = _entities(before, after)
    return Changes(before["id"], after["id"], headline,
                   paragraph_changes(_paragraphs(before), _paragraphs(after)),
                   figure_changes(before.get("figures", []), after.get("figures", [])),
                   quote_changes(before.get("quotes", []), after.get("quotes", [])),
                   added, dropped)


def _paragraphs(document: dict) -> list[Paragraph]:
    found = (p for section in document.get("sections", []) for p in section.get("paragraphs", []))
    return [Paragraph(i, p["start"], p["end"], p["text"]) for i, p in enumerate(found)]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def paragraph_changes(before: list[Paragraph], after: list[Paragraph]) -> list[Change]:
    """Paragraphs matched by their words: the same ones (moved when out of order), then
    the most alike of the rest (edited); the others were removed or added."""
    unmatched: dict[tuple, list[Paragraph]] = {}
    for paragraph in before:
        unmatched.setdefault(tuple(_words(paragraph.text)), []).append(paragraph)
    same: list[tuple[Paragraph, Paragraph]] = []
    rest_after = []
    for paragraph in after:
        twins = unmatched.get(tuple(_words(paragraph.text)))
        if twins:
            same.append((twins.pop(0), paragraph))
        else:
            rest_after.append(paragraph)
    rest_before = [p for twins in unmatched.values() for p in twins]
    pairs = sorted(((_alike(a.text, b.text), a.index, b.index, a, b)
                    for a in rest_before for b in rest_after), key=lambda t: t[:3],
                   reverse=True)
    edited, used_a, used_b = [], set(), set()
    for score, ia, ib, a, b in pairs:
        if score < EDITED:
            break
        if ia not in used_a and ib not in used_b:
            used_a.add(ia)
            used_b.add(ib)
            edited.append((a, b))
    in_order = _in_order(sorted(same + edited, key=lambda pair: pair[1].index))
    found = [Change("removed", before=a) for a in rest_before if a.index not in used_a]
    found += [Change("added", after=b) for b in rest_after if b.index not in used_b]
    found += [Change("edited", a, b) for a, b in edited]
    found += [Change("moved", a, b) for a, b in same if (a.index, b.index)
              not in in_order]
    return sorted(found, key=_paragraph_order)


def _in_order(pairs: list[tuple[Paragraph, Paragraph]]) -> set[tuple[int, int]]:
    """The longest run of matched pairs whose old order is kept: the others moved."""
    best: list[list[tuple[int, int]]] = []
    for a, b in pairs:
        chain = max((c for c in best if c[-1][0] < a.index), key=len, default=[])
        best.append([*chain, (a.index, b.index)])
    return set(max(best, key=len, default=[]))


def _paragraph_order(change: Change) -> tuple:
    after, before = change.after, change.before
    return (after.index if after else before.index, change.change)


def figure_changes(before: list[dict], after: list[dict]) -> list[Change]:
    """Figures matched by kind, unit and what they measure: the same value is no change,
    another value a change; the others were removed or added."""
    def same(f: dict, figure: dict) -> bool:
        return (_figure_key(f) == _figure_key(figure) and f["value"] == figure["value"]
                and f.get("value_max") == figure.get("value_max"))

    def near(rest: list[dict], figure: dict) -> dict | None:
        return next((f for f in rest if _figure_key(f) == _figure_key(figure)
                     and (figure.get("of") or _alike(f["sentence"], figure["sentence"])
                          >= EDITED)), None)

    return _paired(before, after, same, near, _figure, ("changed", "added", "removed"))


def _paired(before: list[dict], after: list[dict], same: Callable[[dict, dict], bool],
            near: Callable[[list[dict], dict], dict | None], shape: Callable[[dict], dict],
            names: tuple[str, str, str]) -> list[Change]:
    """Items paired: first the ``same`` ones (no change), then each left with its ``near``
    twin (``names[0]``); the others were added (``names[1]``) or went (``names[2]``)."""
    rest_before = list(before)
    rest_after = []
    for item in after:
        twin = next((b for b in rest_before if same(b, item)), None)
        if twin is not None:
            rest_before.remove(twin)
        else:
            rest_after.append(item)
    found = []
    for item in rest_after:
        twin = near(rest_before, item)
        if twin is not None:
            rest_before.remove(twin)
            found.append(Change(names[0], shape(twin), shape(item)))
        else:
            found.append(Change(names[1], after=shape(item)))
    found += [Change(names[2], before=shape(b)) for b in rest_before]
    return found


def _figure_key(figure: dict) -> tuple:
    return figure["kind"], figure.get("unit"), " ".join(_words(figure.get("of") or ""))


def _figure(figure: dict) -> dict:
    return {key: figure.get(key) for key in ("id", "kind", "text", "value", "value_max",
                                             "unit", "of", "start", "end")}


def quote_changes(before: list[dict], after: list[dict]) -> list[Change]:
    """Quotes matched by speaker and words: alike words (or the same from another
    speaker) are an alteration; the others were cut or added."""
    def same(q: dict, quote: dict) -> bool:
        return _speaker(q) == _speaker(quote) and _words(q["text"]) == _words(quote["text"])

    def near(rest: list[dict], quote: dict) -> dict | None:
        twin = max(rest, default=None, key=lambda q: _quote_match(q, quote))
        return twin if twin is not None and _quote_match(twin, quote) >= EDITED else None

    return _paired(before, after, same, near, _quote, ("altered", "added", "cut"))


def _speaker(quote: dict) -> str:
    return " ".join(_words((quote.get("speaker") or {}).get("name") or ""))


def _quote_match(a: dict, b: dict) -> float:
    alike = _alike(a["text"], b["text"])
    if _speaker(a) == _speaker(b):
        return alike
    return alike if alike == 1.0 else 0.0


def _quote(quote: dict) -> dict:
    return {"id": quote.get("id"), "text": quote["text"],
            "speaker": (quote.get("speaker") or {}).get("name"),
            "start": quote.get("start"), "end": quote.get("end")}


def _entities(before: dict, after: dict) -> tuple[list[dict], list[dict]]:
    def keyed(document: dict) -> dict[str, dict]:
        return {slugify(e["name"]) or e["id"]: {"key": slugify(e["name"]) or e["id"],
                                                 "name": e["name"], "type": e["type"]}
                for e in document.get("entities", [])}

    old, new = keyed(before), keyed(after)
    return ([new[k] for k in sorted(new.keys() - old.keys())],
            [old[k] for k in sorted(old.keys() - new.keys())])
