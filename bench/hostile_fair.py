"""Two phases of bench/hostile.py: the analysis time of each character class, and a fair
share of analysis under clients that send the most expensive inputs.

``classes``: 10 KB and 100 KB of each character class of tests/hostile/test_affix_runs.py,
analyzed in this process (the configured model, warmed up), with the targets: 10 KB under
1 s, 100 KB under 10 s.

``fairness``: gunicorn as configured, with the rate limits and the analysis-seconds budget
on (the embedded storage the workers share); two clients (API keys of their own) post the
most expensive inputs to POST /v1/analyze at ``--hostile-rate`` requests a minute each,
under the write limit, while a third posts ordinary made-up articles to POST /v1/articles;
target: the third gets at least 90% of its analyses answered 2xx.
"""

from __future__ import annotations

import collections
import contextlib
import json
import sys
import threading
import time
from pathlib import Path

CLASSES = {
    "currency": "$\u00a3\u20ac\u00a5", "parentheses": "()", "brackets": "[]{}<>",
    "straight double quote": '"', "straight single quote": "'", "guillemets": "\u00ab\u00bb",
    "curly double quotes": "\u201c\u201d", "curly single quotes": "\u2018\u2019",
    "low quote": "\u201e", "punctuation": "!?.,;:", "dashes": "-\u2013\u2014",
    "digits": "0123456789", "mixed": "$(\"'!1,.%\u20ac[\u00ab", "spaced currency": "$ ",
    "glued to a word": "word$$$$$$$$$$",
}
TARGETS = {10_000: 1.0, 100_000: 10.0}
KEYS = ("bench-hostile-a", "bench-hostile-b", "bench-ordinary-c")


def _text(chars: str, size: int) -> str:
    return (chars * (size // len(chars) + 1))[:size]


def classes() -> bool:
    """Print the analysis time of each class at each size; whether every target is met."""
    from service.analysis.pipeline import build_pipeline
    from service.config import Config
    from service.nlp.pipeline import InvalidText, Request

    analyzer = build_pipeline(Config().as_mapping())
    met = True
    print("analysis time by character class (one process, the configured model)")
    for name, chars in CLASSES.items():
        cells = []
        for size, target in TARGETS.items():
            started = time.perf_counter()
            with contextlib.suppress(InvalidText):  # refused: as fast as it gets
                analyzer.analyze(Request(_text(chars, size)))
            seconds = time.perf_counter() - started
            met &= seconds < target
            cells.append(f"{size // 1000:4d} KB {seconds:6.2f} s"
                         f" ({'met' if seconds < target else 'NOT met'}, target {target:g} s)")
        print(f"  {name:22s} " + "   ".join(cells))
    return met


def ordinary(number: int) -> str:
    return (f"Council approves {number} new benches\n\nHARWICK, May 2 -- The town council "
            f"approved {number} new benches for the riverside park on Tuesday, its chair "
            f"Ada Moss said, at a cost of {number * 120} pounds.\n")


def fairness(server_class, port: int, folder: Path, seconds: float, hostile_rate: float,
             request) -> bool:
    """Run the fairness phase on a server of its own; whether the target is met."""
    from service.config import hash_key

    server = server_class(port, folder, RATELIMIT_ENABLED="1", DEV_MODE="0",
                          API_KEY_HASHES=",".join(hash_key(key) for key in KEYS))
    try:
        server.wait_ready()
        worst = [json.dumps({"text": _text(chars, 100_000)}).encode()
                 for chars in ("$\u00a3\u20ac\u00a5", "()", "\u201c\u201d", "!?.,;:", "$ ")]
        stop = threading.Event()
        answers: dict[str, collections.Counter] = collections.defaultdict(
            collections.Counter)

        def hostile(key: str) -> None:
            sent = 0
            while not stop.is_set():
                began = time.monotonic()
                status, _ = request(port, "POST", "/v1/analyze", worst[sent % len(worst)],
                                    headers={"Authorization": f"Bearer {key}"})
                answers[key][status] += 1
                sent += 1
                stop.wait(max(0.0, 60 / hostile_rate - (time.monotonic() - began)))

        def ordinary_client() -> None:
            number = 0
            while not stop.is_set():
                began = time.monotonic()
                body = json.dumps({"text": ordinary(number)}).encode()
                status, _ = request(port, "POST", "/v1/articles", body,
                                    headers={"Authorization": f"Bearer {KEYS[2]}"})
                answers["ordinary"][status] += 1
                number += 1
                stop.wait(max(0.0, 2.0 - (time.monotonic() - began)))

        threads = [threading.Thread(target=hostile, args=(key,)) for key in KEYS[:2]]
        threads.append(threading.Thread(target=ordinary_client))
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(180)
        done = answers["ordinary"]
        share = sum(n for status, n in done.items() if 200 <= status < 300) / max(
            1, sum(done.values()))
        print(f"fairness, {seconds:g} s: two clients post the 100 KB inputs at "
              f"{hostile_rate:g}/min each, a third ordinary articles every 2 s")
        for who, counts in answers.items():
            print(f"  {who:18s} {dict(counts)}")
        print(f"  ordinary client answered 2xx: {share:.0%} (target 90%): "
              f"{'met' if share >= 0.9 else 'NOT met'}")
        return share >= 0.9
    finally:
        server.stop()


# Shared with bench/hostile.py's read phases.
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def progress(name: str, times: list[float]) -> None:
    """One phase's figures as soon as it ends (on a loaded machine a run can be long)."""
    print(f"[{time.strftime('%H:%M:%S')}] {name}: p50 {percentile(times, 0.5) * 1000:.2f} ms, "
          f"p99 {percentile(times, 0.99) * 1000:.2f} ms", file=sys.stderr, flush=True)
