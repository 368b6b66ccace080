"""The analysis runner: a hard wall-clock limit, a bounded wait for a slot, processes
recycled and replaced, none left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass

import pytest

from service.analysis.runner import AnalysisCrashed, AnalysisOverrun, Runner, Settings
from service.errors import AnalysisBusy
from service.nlp.pipeline import InvalidText


@dataclass
class Pipeline:
    """Stands for the NLP pipeline: the runner's processes inherit it."""

    name: str = "stand-in"


def _pid(_pipeline) -> int:
    return os.getpid()


def _sleep(_pipeline, seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _name(pipeline) -> str:
    return pipeline.name


def _refuse(_pipeline, field: str):
    raise InvalidText(f"no good {field}", field)


def _die(_pipeline):
    os.kill(os.getpid(), signal.SIGKILL)


def _each(_pipeline, items: list) -> list:
    if "bad" in items and len(items) > 1:
        raise RuntimeError("one bad item fails the batch")
    if "slow" in items:
        time.sleep(30)
    return [item.upper() for item in items]


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, waiting for whoever adopted it, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def runner():
    runner = Runner(Pipeline("inherited"), Settings(processes=1, timeout=0.5, queue=1,
                                                    queue_wait=0.2, max_tasks=100, nice=0))
    yield runner
    runner.close()


def test_work_runs_in_a_child_process_that_is_reused_and_has_the_pipeline(runner):
    first = runner.run(_pid)
    assert first != os.getpid()
    assert runner.run(_pid) == first
    assert runner.run(_name) == "inherited"


def test_an_overrun_is_stopped_at_the_limit_and_its_process_replaced(runner):
    before = runner.run(_pid)
    started = time.monotonic()
    with pytest.raises(AnalysisOverrun, match="longer than 0.5 s"):
        runner.run(_sleep, 30)
    assert time.monotonic() - started < 5
    after = runner.run(_pid)
    assert after != before
    deadline = time.monotonic() + 5
    while _alive(before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(before)  # killed and reaped


def test_a_run_may_have_a_limit_of_its_own(runner):
    assert runner.run(_sleep, 1.0, timeout=5) > 0
    with pytest.raises(AnalysisOverrun, match="longer than 0.2 s"):
        runner.run(_sleep, 5, timeout=0.2)


def test_an_exception_in_the_process_is_raised_again_with_its_details(runner):
    with pytest.raises(InvalidText, match="no good format") as raised:
        runner.run(_refuse, "format")
    assert raised.value.field == "format"
    assert runner.run(_pid) > 0


def test_a_process_that_dies_is_a_crash_and_is_replaced(runner):
    with pytest.raises(AnalysisCrashed):
        runner.run(_die)
    assert runner.run(_pid) > 0


def _hold(runner: Runner, held: threading.Event, release: threading.Event) -> None:
    with runner.admitted():
        held.set()
        release.wait(5)


def test_no_free_process_within_the_wait_is_busy_and_a_freed_one_is_taken(runner):
    held, release = threading.Event(), threading.Event()
    threading.Thread(target=_hold, args=(runner, held, release)).start()
    assert held.wait(5)
    try:
        started = time.monotonic()
        with pytest.raises(AnalysisBusy) as busy, runner.admitted():
            pass
        assert 0.15 < time.monotonic() - started < 2
        assert busy.value.retry_after == 1
    finally:
        release.set()
    with runner.admitted():
        assert runner.run(_pid) > 0


def test_past_the_waiting_places_a_request_is_refused_at_once():
    runner = Runner(Pipeline(), Settings(processes=1, queue=1, queue_wait=3, nice=0))
    first, second, release = threading.Event(), threading.Event(), threading.Event()
    threads = [threading.Thread(target=_hold, args=(runner, held, release))
               for held in (first, second)]
    threads[0].start()
    assert first.wait(5)
    threads[1].start()  # waits for the process, holding the only waiting place
    time.sleep(0.2)
    try:
        started = time.monotonic()
        with pytest.raises(AnalysisBusy), runner.admitted():
            pass
        assert time.monotonic() - started < 0.5
    finally:
        release.set()
    assert second.wait(5)
    for thread in threads:
        thread.join(5)


def test_a_worn_out_process_is_replaced():
    runner = Runner(Pipeline(), Settings(processes=1, timeout=5, max_tasks=2, nice=0))
    try:
        pids = [runner.run(_pid) for _ in range(4)]
    finally:
        runner.close()
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[1] != pids[2]


def test_each_runs_the_batch_at_once_and_one_by_one_when_it_fails(runner):
    assert runner.each(_each, ["a", "b"]) == ["A", "B"]
    assert runner.each(_each, ["a", "bad", "c"]) == ["A", "BAD", "C"]
    assert runner.each(_each, ["slow", "d"]) == ["analysis took longer than 0.5 s", "D"]
    assert runner.each(_each, []) == []


def _serve_then_die(runner: Runner, pids) -> None:
    pids.put(runner.run(_pid))
    threading.Thread(target=runner.run, args=(_sleep, 60), daemon=True).start()
    time.sleep(60)


def test_the_analysis_processes_end_with_the_process_that_made_them():
    runner = Runner(Pipeline(), Settings(processes=2, timeout=120, nice=0))
    context = multiprocessing.get_context("fork")
    pids = context.Queue()
    parent = context.Process(target=_serve_then_die, args=(runner, pids))
    parent.start()
    child = pids.get(timeout=30)
    time.sleep(0.5)  # the other process is busy with a long analysis
    os.kill(parent.pid, signal.SIGKILL)
    parent.join(5)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "an analysis process outlived its parent"


def _ask_from_a_copy(runner: Runner, answers) -> None:
    answers.put((os.getpid(), runner.run(_pid)))
    runner.close()


def test_a_forked_copy_of_the_runner_makes_processes_of_its_own(runner):
    mine = runner.run(_pid)
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    copy = context.Process(target=_ask_from_a_copy, args=(runner, answers))
    copy.start()
    copy_pid, its_child = answers.get(timeout=30)
    copy.join(10)
    assert its_child not in (mine, copy_pid, os.getpid())
    assert runner.run(_pid) == mine
