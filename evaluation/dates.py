"""Score date extraction on JSONL cases: ``python -m evaluation dates FILE``.

Each case is ``{"id", "class", "text", "published", "expected": [{"text", "start", "end",
"value", "granularity"}]}``; ``published`` (YYYY-MM-DD or null) is the caller's date;
``format`` ("plain", the default, or "text": an article of paragraphs with a headline and
dateline) how the text is read. An
expected date is found when a predicted date overlaps its span; it is right when the value
and the granularity agree too (a null value expects an unresolved date). Precision is the
share of predicted dates that are right for some expected date. Scores are given per class
of case (the form it tests) and overall; ``--half a`` or ``--half b`` scores one fixed half.
"""

from __future__ import annotations

import datetime as dt

from evaluation.tally import DAY, MODEL, Recall, Scorer, run


def _predict(cases: list[dict]) -> list[list[dict]]:
    from service.nlp.dates.dates import extract_dates
    from service.nlp.model import load_model
    from service.nlp.structure.structure import analyze_structure

    nlp = load_model(MODEL)
    structures = [analyze_structure(case["text"], fmt=case.get("format", "plain"), published=(
        dt.date.fromisoformat(case["published"]) if case.get("published") else None),
        today=DAY) for case in cases]
    return [extract_dates(doc, structure) for structure, doc in
            zip(structures, nlp.pipe(s.text for s in structures), strict=True)]


def score_case(case: dict, predicted: list[dict], errors: list[str]) -> Recall:
    """Found, right and correct counts of one case; misses and false dates go to ``errors``."""
    tally = Recall(items=len(case["expected"]), predicted=len(predicted))
    for item in case["expected"]:
        hits = [p for p in predicted if p["start"] < item["end"] and item["start"] < p["end"]]
        tally.found += bool(hits)
        if any(_agrees(p, item) for p in hits):
            tally.right += 1
        else:
            errors.append(f"miss {case['id']}: {item['text']!r} {item['value']} "
                          f"{item['granularity']} got "
                          f"{[(p['text'], p['value'], p['granularity']) for p in hits]}")
    for p in predicted:
        if any(_agrees(p, item) and p["start"] < item["end"] and item["start"] < p["end"]
               for item in case["expected"]):
            tally.correct += 1
        elif not any(p["start"] < i["end"] and i["start"] < p["end"] for i in case["expected"]):
            errors.append(f"false {case['id']}: {p['text']!r} {p['value']} {p['granularity']}")
    return tally


def _agrees(predicted: dict, item: dict) -> bool:
    return (predicted["value"], predicted["granularity"]) == (item["value"], item["granularity"])


def main(argv: list[str]) -> int:
    return run(Scorer("dates", "JSONL with text, published and expected dates",
                      "list misses and false dates",
                      "span", "value", _predict, score_case, width=12), argv)
