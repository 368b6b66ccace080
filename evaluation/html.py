"""Web page extraction scores of the service beside bare trafilatura on a JSONL file.

Each record is ``{"id", "html", "gold": {"title", "byline", "published", "body"}}``.

- body: the token-shingle measure of the public article-extraction benchmark: word tokens
  (``\\w+``, case-folded), runs of 4 as a multiset, precision and recall per page, then
  averaged over pages; F1 is computed from the averaged precision and recall. The service's
  body is its section titles and paragraphs (no headline, dek or credits).
- title: equal once case, punctuation and whitespace are set aside; a gold title ending in
  a site name after a separator ("Headline | Site", "Headline_Site", "Headline [Site]")
  also matches without it. "title exact" counts only the first kind of match.
- published: the same calendar day, over the records whose gold has a date.
- byline: over the records whose gold names one; right when the first author given is
  part of the gold byline (case and punctuation aside) or the gold byline is part of the
  authors given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r"\w+")
_SEPARATOR = re.compile(r"\s+[|\-–—·:»/]{1,2}\s+|\s?_(?=[^_\s]{1,40}$)|\s+\[(?=[^\[\]]{1,40}\]$)")
_BY = re.compile(r"^(?:by|par|von|por|di|door)\s+", re.I)
RECALL_SHARE = 0.95
SHINGLE = 4  # words in a row, the unit of the body measure
LOST_SHARE = 0.5  # --lost lists the gold paragraphs the service misses more of than this


@dataclass
class Output:
    """What one extractor gives for a page."""

    body: str
    title: str | None
    published: str | None
    authors: list[str] = field(default_factory=list)
    set_aside: str = ""  # what the service removed as furniture, kept as credits or as the dek


@dataclass
class Scores:
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    title: int = 0
    title_exact: int = 0
    published: int = 0
    published_total: int = 0
    byline: int = 0
    byline_total: int = 0
    seconds: float = 0.0

    def add(self, output: Output, gold: dict) -> tuple[float, float]:
        p, r = shingle_scores(output.body, gold.get("body") or "")
        self.precision.append(p)
        self.recall.append(r)
        self.title += title_matches(output.title, gold.get("title"))
        self.title_exact += _norm(output.title) == _norm(gold.get("title"))
        if gold.get("published"):
            self.published_total += 1
            self.published += (output.published or "")[:10] == gold["published"][:10]
        if gold.get("byline"):
            self.byline_total += 1
            self.byline += byline_matches(output.authors, gold["byline"])
        return p, r

    def row(self, name: str) -> str:
        n = len(self.precision) or 1
        p, r = sum(self.precision) / n, sum(self.recall) / n
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        byline = f"{self.byline}/{self.byline_total} ({_share(self.byline, self.byline_total)})"
        return (f"| {name} | {f1:.3f} ({p:.3f} / {r:.3f}) | {self.title}/{n} "
                f"({_share(self.title, n)}) | {self.title_exact}/{n} "
                f"| {self.published}/{self.published_total} "
                f"({_share(self.published, self.published_total)}) | {byline} "
                f"| {self.seconds:.1f} |")


def _share(right: int, total: int) -> str:
    return f"{right / total:.3f}" if total else "-"


def shingles(text: str, n: int = SHINGLE) -> Counter:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def shingle_scores(predicted: str, gold: str) -> tuple[float, float]:
    """Precision and recall of ``predicted`` against ``gold`` in 4-token shingles."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp, fn = sum(pred.values()) - tp, sum(true.values()) - tp
    precision = 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    return precision, recall


def set_aside_share(service: Output, bare: Output, gold: str) -> float:
    """Of the gold shingles bare trafilatura keeps and the service does not, the share the
    service set aside as furniture, credits or the dek (1.0: the whole difference is).
    A shingle that runs into or out of a block set aside, or holds a block shorter than a
    shingle ("Next", "Learn more"), is set aside with it."""
    true = shingles(gold)
    missed = (shingles(bare.body) & true) - shingles(service.body)
    if not missed:
        return 1.0
    blocks = [words for block in service.set_aside.split("\n")
              if (words := tuple(_TOKEN.findall(block.casefold())))]
    whole = shingles(service.set_aside)
    aside = sum(n for shingle, n in missed.items()
                if shingle in whole or any(_touches(shingle, words) for words in blocks))
    return aside / sum(missed.values())


def lost_paragraphs(gold: str, service: str, bare: str,
                    share: float = LOST_SHARE) -> list[tuple[float, float, str]]:
    """The gold paragraphs the service keeps less than ``share`` of: (share of the
    paragraph's shingles missing from the service's body, the same for bare trafilatura's,
    the paragraph). A paragraph shorter than a shingle is missing unless its words stand
    together in the body."""
    kept, bare_kept = shingles(service), shingles(bare)
    words, bare_words = _spaced_words(service), _spaced_words(bare)
    lost = []
    for paragraph in gold.split("\n"):
        own = shingles(paragraph)
        if not own:
            continue
        if len(_TOKEN.findall(paragraph)) < SHINGLE:
            key = _spaced_words(paragraph)
            missing, bare_missing = float(key not in words), float(key not in bare_words)
        else:
            total = sum(own.values())
            missing = sum(n for s, n in own.items() if s not in kept) / total
            bare_missing = sum(n for s, n in own.items() if s not in bare_kept) / total
        if missing > share:
            lost.append((missing, bare_missing, paragraph))
    return lost


def _spaced_words(text: str) -> str:
    return f" {' '.join(_TOKEN.findall(text.casefold()))} "


def _touches(shingle: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether the shingle holds a block's words, or runs into its first words or out of
    its last: "day in winter learn" runs into "Learn more", "more tickets cost" out of it."""
    if len(words) < len(shingle) and any(
            shingle[i:i + len(words)] == words for i in range(len(shingle) - len(words) + 1)):
        return True
    return any(shingle[-k:] == words[:k] or shingle[:k] == words[-k:]
               for k in range(1, min(len(words) + 1, len(shingle))))


def _norm(text: str | None) -> str:
    return " ".join(_TOKEN.findall((text or "").casefold()))


def title_matches(predicted: str | None, gold: str | None) -> bool:
    if not gold:
        return not predicted
    if not predicted:
        return False
    wanted, title = {_norm(gold)}, gold
    for _ in range(2):  # at most two trailing parts: "Headline - Section | Site"
        separators = list(_SEPARATOR.finditer(title))
        if not separators:
            break
        title = title[: separators[-1].start()]
        wanted.add(_norm(title))
    return _norm(predicted) in wanted


def byline_matches(authors: list[str], gold: str) -> bool:
    if not authors:
        return False
    expected = _norm(_BY.sub("", " ".join(gold.split())))
    given = _norm(" ".join(authors))
    return bool(expected) and (_norm(authors[0]) in expected or expected in given)


def service_output(html: str) -> Output:
    from service.nlp.structure.html import extract_html
    from service.nlp.structure.structure import analyze_structure

    page = extract_html(html)
    if not page.text.strip():
        return Output("", None, None)
    structure = analyze_structure(page.text, published=page.published, today=dt.date.today(),
                                  page=page)
    body = "\n".join(
        line for s in structure.sections
        for line in ([s.title] if s.title else []) + [p.text for p in s.paragraphs]
    )
    return Output(body, structure.headline.text if structure.headline else None,
                  structure.published.date, list(structure.authors),
                  "\n".join([*structure.removed, *structure.credits,
                             *([structure.subheadline.text] if structure.subheadline else [])]))


def trafilatura_output(html: str) -> Output:
    from trafilatura import bare_extraction

    document = bare_extraction(html, with_metadata=True)
    if document is None:
        return Output("", None, None)
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    return Output(document.text or "", document.title, document.date, authors)


def main(argv: list[str]) -> int:
    """Print the service's and bare trafilatura's scores side by side."""
    args = _parser().parse_args(argv)
    records = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines()
               if line.strip()]
    if args.only:
        records = [r for r in records if args.only in r["id"]]
    if args.half:
        records = [r for r in records if half(r["id"]) == args.half]
    records = records[: args.limit] if args.limit else records
    extractors = {"service": service_output, "bare trafilatura": trafilatura_output}
    scores = {name: Scores() for name in extractors}
    short: list[str] = []
    for record in records:
        line = [record["id"]]
        recalls, outputs = [], []
        for name, extract in extractors.items():
            started = time.perf_counter()
            output = extract(record["html"])
            outputs.append(output)
            scores[name].seconds += time.perf_counter() - started
            p, r = scores[name].add(output, record["gold"])
            recalls.append(r)
            line.append(f"{name} P={p:.2f} R={r:.2f} title={output.title!r:.60} "
                        f"authors={output.authors!r:.60}")
        if args.verbose:
            print(" | ".join(line))
        if args.lost:
            for missing, bare_missing, paragraph in lost_paragraphs(
                    record["gold"].get("body") or "", outputs[0].body, outputs[1].body):
                print(f"  {record['id']} lost {missing:.2f} (trafilatura {bare_missing:.2f}): "
                      f"{paragraph[:120]!r}")
        if recalls[0] < RECALL_SHARE * recalls[1]:
            share = set_aside_share(*outputs, record["gold"].get("body") or "")
            short.append(f"{record['id']}: recall {recalls[0]:.3f} vs {recalls[1]:.3f}; "
                         f"{share:.0%} of the gold text trafilatura keeps and the service "
                         f"does not is in its removed furniture, credits or dek")
    print("| extractor | body F1 (P / R) | title | title exact | published day | byline "
          "| seconds |")
    print("|---|---|---|---|---|---|---|")
    for name, score in scores.items():
        print(score.row(name))
    print(f"\npages where the service keeps less than {RECALL_SHARE} of bare trafilatura's "
          f"body recall: {len(short)}")
    for entry in short:
        print(f"- {entry}")
    return 0


def half(record_id: str) -> str:
    """"a" or "b": a fixed split of records by a hash of their id."""
    return "ab"[hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 2]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation html",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("file", help="JSONL file of pages with their expected extraction")
    parser.add_argument("--limit", type=int, default=0, help="score the first N records")
    parser.add_argument("--only", help="score the records whose id contains this")
    parser.add_argument("--half", choices=("a", "b"),
                        help="score one of two fixed halves of the records")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per record")
    parser.add_argument("--lost", action="store_true",
                        help="the gold paragraphs the service keeps less than half of, with "
                             "what bare trafilatura misses of each")
    return parser
