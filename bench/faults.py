"""SIGKILL of a bulk ingest midway, then a restart: every article stored whole or not at all.

    .venv/bin/python bench/faults.py                 # 300 articles, 2 analysis processes
    .venv/bin/python bench/faults.py -n 200 --kills 2 --workers 1

1. Generates ``-n`` synthetic wire articles (bench/generate.py: invented names, random
   figures and dates, no copyrighted text) into a JSONL file, and a fresh migrated
   SQLite database.
2. Starts ``article-api ingest FILE.jsonl --workers W``, waits until a share of the
   articles is stored, then SIGKILLs its whole process group (the command and its
   analysis processes) mid-write. ``--kills`` repeats this on the restarted ingest.
3. After each kill, checks the database: SQLite integrity and foreign keys; no article
   twice (content hashes and source texts distinct, each one of the generated texts);
   each article complete (its entity and figure rows match its document, it is in the
   full-text index); entity totals equal to what the stored rows add up to.
4. Restarts the ingest and lets it finish: it must skip exactly what was stored and add
   the rest, ending with every article once, and the same checks passing.

Loopback only (no server), bounded by ``--timeout`` per ingest. Exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from serving import BIN, ROOT, base_env, cli, machine  # noqa: E402


def stored_count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def check(path: Path, texts: set[str]) -> list[str]:
    """Everything wrong with the stored articles (empty when all is well)."""
    problems = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        if (result := db.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {result}")
        if broken := db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign keys broken: {broken[:5]}")
        total, hashes, sources = db.execute(
            "SELECT count(*), count(DISTINCT content_hash), count(DISTINCT raw_text) "
            "FROM articles").fetchone()
        if not total == hashes == sources:
            problems.append(f"duplicates: {total} articles, {hashes} hashes, {sources} texts")
        entity_rows = collections.Counter(dict(db.execute(
            "SELECT article_pk, count(*) FROM article_entities GROUP BY article_pk")))
        figure_rows = collections.Counter(dict(db.execute(
            "SELECT article_pk, count(*) FROM article_figures GROUP BY article_pk")))
        indexed = {row[0] for row in db.execute("SELECT rowid FROM articles_fts")}
        for pk, raw, document in db.execute("SELECT pk, raw_text, document FROM articles"):
            doc = json.loads(document)
            if raw not in texts:
                problems.append(f"article {pk}: not one of the generated texts")
            if len(doc["entities"]) != entity_rows[pk] or len(doc["figures"]) != figure_rows[pk]:
                problems.append(f"article {pk}: {entity_rows[pk]}/{len(doc['entities'])} entity "
                                f"and {figure_rows[pk]}/{len(doc['figures'])} figure rows")
            if pk not in indexed:
                problems.append(f"article {pk}: missing from the full-text index")
        if len(indexed) != total:
            problems.append(f"full-text index has {len(indexed)} rows for {total} articles")
        # Store._count_entity adds one per entity row and its mentions to the key's total.
        expected = {key: (rows, mentions) for key, rows, mentions in db.execute(
            "SELECT key, count(*), sum(mention_count) FROM article_entities GROUP BY key")}
        totals = {key: (count, mentions) for key, count, mentions in db.execute(
            "SELECT key, article_count, mention_count FROM entity_totals WHERE article_count > 0")}
        if expected != totals:
            wrong = sorted(set(expected.items()) ^ set(totals.items()))[:5]
            problems.append(f"entity totals differ from the stored rows, e.g. {wrong}")
    return problems


def start_ingest(jsonl: Path, env: dict, workers: int, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(BIN / "article-api"), "ingest", str(jsonl), "--no-progress",
             "--workers", str(workers), "--batch-size", "8"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kills", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per ingest run")
    args = parser.parse_args()
    failures: list[str] = []

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="article-faults-") as folder:
        folder = Path(folder)
        database, jsonl, log = folder / "articles.sqlite3", folder / "wire.jsonl", folder / "log"
        articles = list(generate(args.count, args.seed))
        texts = {a["text"] for a in articles}
        jsonl.write_text("".join(json.dumps(a) + "\n" for a in articles))
        print(f"{len(articles)} generated articles ({len(texts)} distinct texts), "
              f"{jsonl.stat().st_size // 1024} KiB")
        env = base_env(f"sqlite:///{database}")
        cli(["db-upgrade"], env)

        jitter = random.Random(args.seed)
        for kill in range(1, args.kills + 1):
            before = stored_count(database)
            target = before + max(1, (len(articles) - before) // (args.kills + 2 - kill))
            process = start_ingest(jsonl, env, args.workers, log)
            started = time.monotonic()
            while stored_count(database) < target and process.poll() is None:
                if time.monotonic() - started > args.timeout:
                    failures.append("ingest too slow to reach the kill point")
                    break
                time.sleep(0.05)
            # Anywhere in the next write or the analysis of the next batch.
            time.sleep(jitter.uniform(0, 0.5))
            if process.poll() is not None:
                failures.append(f"ingest ended before the kill (exit {process.returncode})")
                break
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
            stored = stored_count(database)
            problems = check(database, texts)
            print(f"\nkill {kill}: SIGKILL to the ingest process group after "
                  f"{time.monotonic() - started:.1f} s; {stored} articles stored "
                  f"(were {before}); checks: {problems or 'ok'}")
            failures += problems

        before = stored_count(database)
        process = start_ingest(jsonl, env, args.workers, log)
        try:
            process.wait(args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            failures.append("the restarted ingest did not finish in time")
        summary = log.read_text().strip().splitlines()
        summary = next((line for line in reversed(summary) if line.startswith("ingested")), "")
        stored = stored_count(database)
        problems = check(database, texts)
        print(f"\nrestart: exit {process.returncode}; {summary!r}")
        print(f"  {stored} articles stored of {len(articles)} (were {before} before the "
              f"restart); checks: {problems or 'ok'}")
        failures += problems
        expected_summary = f"ingested {len(articles) - before}, skipped {before} "
        if not summary.startswith(expected_summary):
            failures.append(f"restart summary {summary!r}, expected {expected_summary!r}...")
        if stored != len(articles):
            failures.append(f"{stored} articles stored, expected {len(articles)}")

    print(f"\nmachine after: {machine()}")
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
