"""The request threads take reads before writes and analyses, in order of arrival."""

from __future__ import annotations

import socket
import threading

import pytest

from service.http.worker import OTHER, READ, RankedPool, rank


class Conn:
    def __init__(self, sock):
        self.sock = sock


@pytest.fixture
def pair():
    left, right = socket.socketpair()
    left.setblocking(False)
    yield left, right
    left.close()
    right.close()


@pytest.mark.parametrize(("sent", "expected"), [
    (b"GET /v1/articles HTTP/1.1\r\n", READ),
    (b"HEAD /v1/articles/x HTTP/1.1\r\n", READ),
    (b"POST /v1/analyze HTTP/1.1\r\n", OTHER),
    (b"DELETE /v1/articles/x HTTP/1.1\r\n", OTHER),
    (b"", READ),  # nothing arrived yet
])
def test_a_connection_is_ranked_by_the_method_of_its_next_request(pair, sent, expected):
    left, right = pair
    if sent:
        right.sendall(sent)
    assert rank(Conn(left)) == expected
    if sent:  # peeked, not consumed
        assert left.recv(len(sent)) == sent


def test_a_closed_connection_is_ranked_without_an_error(pair):
    left, right = pair
    right.close()
    assert rank(Conn(left)) == READ


def test_queued_reads_run_before_queued_writes_and_each_rank_in_arrival_order():
    gate, order = threading.Event(), []
    pool = RankedPool(1, lambda name: READ if name.startswith("get") else OTHER)
    blocker = pool.submit(lambda name: gate.wait(5), "post-running")
    futures = [pool.submit(order.append, name)
               for name in ("post-1", "get-1", "post-2", "get-2")]
    gate.set()
    for future in [blocker, *futures]:
        future.result(5)
    pool.shutdown()
    assert order == ["get-1", "get-2", "post-1", "post-2"]


def test_a_failing_task_hands_its_exception_to_its_future():
    pool = RankedPool(2, lambda *_: READ)

    def fail(_):
        raise ValueError("bad request")

    future = pool.submit(fail, None)
    with pytest.raises(ValueError, match="bad request"):
        future.result(5)
    assert pool.submit(len, "four").result(5) == 4
    pool.shutdown()


def test_after_shutdown_queued_work_is_finished_and_new_work_refused():
    gate, done = threading.Event(), []
    pool = RankedPool(1, lambda *_: READ)
    pool.submit(lambda _: gate.wait(5), None)
    queued = pool.submit(done.append, "queued")
    closer = threading.Thread(target=pool.shutdown)
    closer.start()
    gate.set()
    closer.join(5)
    assert queued.result(0) is None and done == ["queued"]
    with pytest.raises(RuntimeError):
        pool.submit(done.append, "late")


def test_a_reserved_thread_serves_reads_while_every_other_thread_is_busy_writing():
    gate, served = threading.Event(), threading.Event()
    pool = RankedPool(2, lambda name: READ if name.startswith("get") else OTHER)
    writes = [pool.submit(lambda name: gate.wait(5), f"post-{n}") for n in range(3)]
    read = pool.submit(lambda name: served.set(), "get-1")
    try:
        assert served.wait(5), "the read waited behind the writes"
        assert sum(write.running() for write in writes) == 1  # one thread for writes
    finally:
        gate.set()
    for future in [*writes, read]:
        future.result(5)
    pool.shutdown()


def test_with_one_thread_writes_still_run():
    pool = RankedPool(1, lambda name: OTHER)
    assert pool.submit(lambda name: name, "post").result(5) == "post"
    pool.shutdown()
