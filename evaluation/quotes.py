"""Score quotes and their speakers on JSONL cases: ``python -m evaluation quotes FILE``.

Each case is ``{"id", "class", "text", "expected": [{"quote", "speaker"}]}``: ``text`` an
article (paragraphs apart by blank lines), ``quote`` the words of one quotation as the text
gives them, ``speaker`` the name the analysis should give its speaker, or null for a
quotation whose speaker the text does not name (an anonymous source, a quote alone). An
expected quote is found when a predicted quote holds its words or lies within them; its
speaker is right when the found quote's speaker has that name (case aside), or none for
null. Precision is the share of predicted quotes that are found quotes with the right
speaker. Scores are given per class of case (the form it tests) and overall; ``--half a``
or ``--half b`` scores one fixed half.
"""

from __future__ import annotations

from evaluation.tally import DAY, MODEL, Recall, Scorer, run


def _predict(cases: list[dict]) -> list[list[dict]]:
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer, Request

    analyzer = Analyzer(load_model(MODEL), clock=lambda: DAY)
    analyses = analyzer.analyze_many(Request(case["text"], "text") for case in cases)
    return [analysis["quotes"] for analysis in analyses]


def _holds(predicted: dict, words: str) -> bool:
    said = " ".join(predicted["text"].split())
    words = " ".join(words.split())
    return words in said or (said in words and len(said) * 2 >= len(words))


def _speaker(predicted: dict) -> str | None:
    return predicted["speaker"]["name"] if predicted.get("speaker") else None


def _right(predicted: dict, item: dict) -> bool:
    name, expected = _speaker(predicted), item["speaker"]
    return (name or "").lower() == (expected or "").lower()


def score_case(case: dict, predicted: list[dict], errors: list[str]) -> Recall:
    """Found, right and correct counts of one case; misses and wrong speakers go to
    ``errors``."""
    tally = Recall(items=len(case["expected"]), predicted=len(predicted))
    for item in case["expected"]:
        hits = [p for p in predicted if _holds(p, item["quote"])]
        tally.found += bool(hits)
        if any(_right(p, item) for p in hits):
            tally.right += 1
        else:
            errors.append(f"miss {case['id']}: {item['quote'][:40]!r} by {item['speaker']} got "
                          f"{[(p['text'][:30], _speaker(p)) for p in hits]}")
    for p in predicted:
        if any(_holds(p, item["quote"]) and _right(p, item) for item in case["expected"]):
            tally.correct += 1
        elif not any(_holds(p, item["quote"]) for item in case["expected"]):
            errors.append(f"false {case['id']}: {p['text'][:40]!r} by {_speaker(p)}")
    return tally


def main(argv: list[str]) -> int:
    return run(Scorer("quotes", "JSONL with text and expected quotes and speakers",
                      "list misses and wrong speakers",
                      "quote", "speaker", _predict, score_case, width=16), argv)
