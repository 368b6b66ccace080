"""The analysis pool: a hard wall-clock limit, a bounded wait, children replaced."""

from __future__ import annotations

import os
import threading
import time

import pytest

from service.analysis_pool import (
    AnalysisOverrun,
    AnalysisPool,
    PoolBusy,
    PoolSettings,
    time_limit,
)


def _work(job):
    kind, value = job
    if kind == "sleep":
        time.sleep(value)
        return os.getpid()
    if kind == "pid":
        return os.getpid()
    if kind == "grow":
        return len(bytearray(value)) and os.getpid()
    raise ValueError(value)


def _translate(exc):
    return ("value", str(exc)) if isinstance(exc, ValueError) else None


@pytest.fixture
def pool():
    pool = AnalysisPool(_work, PoolSettings(size=1, timeout=0.5, queue=1, queue_wait=0.2,
                                            nice=0),
                        translate=_translate, restore=lambda kind, detail: KeyError(detail))
    yield pool
    pool.close()


def test_work_runs_in_a_child_process_that_is_reused(pool):
    first = pool.run(("pid", None))
    assert first != os.getpid()
    assert pool.run(("pid", None)) == first


def test_an_overrun_is_stopped_at_the_limit_and_its_child_replaced(pool):
    before = pool.run(("pid", None))
    started = time.monotonic()
    with pytest.raises(AnalysisOverrun, match="longer than 0.5 s"):
        pool.run(("sleep", 30))
    assert time.monotonic() - started < 3
    after = pool.run(("pid", None))
    assert after != before
    assert pool.replaced == 1
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # killed and reaped


def test_an_exception_in_the_child_is_raised_again_in_the_caller(pool):
    with pytest.raises(KeyError, match="bad job"):
        pool.run(("fail", "bad job"))
    assert pool.run(("pid", None)) > 0


def test_no_free_child_within_the_wait_is_busy_and_the_queue_is_bounded(pool):
    held = threading.Event()
    release = threading.Event()

    def hold():
        with pool.reserve():
            held.set()
            release.wait(5)

    threading.Thread(target=hold).start()
    assert held.wait(5)
    try:
        started = time.monotonic()
        with pytest.raises(PoolBusy):
            pool.run(("pid", None))
        assert 0.15 < time.monotonic() - started < 2
    finally:
        release.set()
    assert pool.run(("pid", None)) > 0


def test_a_worn_out_child_is_replaced():
    pool = AnalysisPool(_work, PoolSettings(size=1, timeout=5, max_jobs=2, nice=0))
    try:
        pids = [pool.run(("pid", None)) for _ in range(4)]
    finally:
        pool.close()
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[1] != pids[2]


def test_a_child_past_its_memory_bound_is_replaced():
    pool = AnalysisPool(_work, PoolSettings(size=1, timeout=5, max_rss_bytes=1, nice=0))
    try:
        first = pool.run(("grow", 10))
        second = pool.run(("grow", 10))
    finally:
        pool.close()
    assert first != second


def test_memory_shared_with_a_large_parent_does_not_count_against_the_bound():
    parent_pages = bytearray(128 * 1024 * 1024)
    for offset in range(0, len(parent_pages), 4096):
        parent_pages[offset] = 1  # resident in the parent, so in each child's resident size
    pool = AnalysisPool(_work, PoolSettings(size=1, timeout=5, max_rss_bytes=64 * 1024 * 1024,
                                            nice=0))
    try:
        pids = [pool.run(("pid", None)) for _ in range(3)]
    finally:
        pool.close()
    assert pids[0] == pids[1] == pids[2]
    assert len(parent_pages) > 0


def test_a_forked_copy_of_the_pool_makes_children_of_its_own(pool):
    pool.start()
    pool._owner = -1  # as after a fork: the children belong to another process
    assert pool.run(("pid", None)) != os.getpid()
    assert len(pool._idle) == 1


def test_the_command_line_time_limit_interrupts_a_backtracking_expression():
    import re

    started = time.monotonic()
    with pytest.raises(AnalysisOverrun), time_limit(0.3):
        re.match(r"(a|aa)*c", "a" * 60)
    assert time.monotonic() - started < 2
