"""A fair share of analysis, and limits that hold across processes: each client has a budget
of analysis seconds a minute (a moving window with a cost per request) besides its count of
requests, and the embedded default keeps every counter in a file all processes of the
instance share, so N workers do not let N times the limit through."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from service.config import digest, hash_key
from service.web.shared_limits import SharedFileStorage
from tests.conftest import assert_problem, create_test_app

TEXT = ("Ferry timetable changes\n\nThe island ferry will sail twice a day from June, the "
        "operator said on Friday.")


def _count_in_child(path: str, key: str, times: int, results) -> None:
    storage = SharedFileStorage(f"shared://{path}")
    results.put([storage.count(key, 60)[0] for _ in range(times)])


def _limited_in_child(path: str, times: int, results) -> None:
    from service.web.limits import RateLimiter

    limiter = RateLimiter({"RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": "t",
                           "RATELIMIT_STORAGE_URI": f"shared://{path}",
                           "RATELIMIT_STORAGE_OPTIONS": {}, "RATE_LIMIT_READ": "10/minute",
                           "RATE_LIMIT_WRITE": "10/minute", "ANALYSIS_SECONDS_PER_MINUTE": 5})
    results.put([limiter.hit("write", "addr:10.0.0.9")[3] for _ in range(times)])


@pytest.mark.parametrize("processes", [2, 4])
def test_counters_are_shared_by_every_process(tmp_path, processes):
    path = str(tmp_path / "limits.sqlite3")
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=_count_in_child, args=(path, "k", 25, results))
                for _ in range(processes)]
    for child in children:
        child.start()
    counts = sorted(n for _ in children for n in results.get(timeout=60))
    for child in children:
        child.join(30)
    assert counts == list(range(1, 25 * processes + 1))  # one sequence, no lost update


def _count_in_threads(storage: SharedFileStorage, key: str, threads: int, times: int) -> list:
    counts: list[int] = []

    def count() -> None:
        for _ in range(times):
            counts.append(storage.count(key, 60)[0])

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return counts


def _threads_in_child(storage: SharedFileStorage, results) -> None:
    results.put(_count_in_threads(storage, "t", 6, 10))


def test_the_threads_of_forked_processes_share_the_counters(tmp_path):
    # Made and used before the fork, as gunicorn's preloaded application is: each process
    # then counts on a connection of its own, its threads taking turns on it.
    storage = SharedFileStorage(f"shared://{tmp_path / 'limits.sqlite3'}")
    assert storage.count("t", 60)[0] == 1
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=_threads_in_child, args=(storage, results))
                for _ in range(2)]
    for child in children:
        child.start()
    counts = [1, *_count_in_threads(storage, "t", 6, 10)]
    counts += [n for _ in children for n in results.get(timeout=60)]
    for child in children:
        child.join(30)
    assert sorted(counts) == list(range(1, 1 + 3 * 6 * 10 + 1))  # no count lost or repeated


def _count_once_in_child(storage: SharedFileStorage, results) -> None:
    results.put(storage.count("f", 60)[0])


def test_a_child_forked_while_a_thread_counts_counts_on_its_own(tmp_path):
    storage = SharedFileStorage(f"shared://{tmp_path / 'limits.sqlite3'}")
    assert storage.count("f", 60)[0] == 1
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with storage._db():  # a thread of the parent in the middle of a count
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(30)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_count_once_in_child, args=(storage, results))
    child.start()
    try:
        assert results.get(timeout=30) == 2  # not stuck on the parent's lock
    finally:
        release.set()
        holder.join(30)
        child.join(30)
    assert storage.count("f", 60)[0] == 3


@pytest.mark.parametrize("processes", [2, 3])
def test_a_limit_holds_across_processes(tmp_path, processes):
    path = str(tmp_path / "limits.sqlite3")
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=_limited_in_child, args=(path, 10, results))
                for _ in range(processes)]
    for child in children:
        child.start()
    refused = [flag for _ in children for flag in results.get(timeout=60)]
    for child in children:
        child.join(30)
    assert refused.count(False) == 10  # 10 a minute in all, not 10 per process


def test_the_embedded_default_is_the_shared_file(migrated_url):
    app = create_test_app(migrated_url, LOAD_MODEL=False, RATELIMIT_ENABLED=True)
    try:
        assert isinstance(app.extensions["rate_limiter"].storage, SharedFileStorage)
    finally:
        app.extensions["store"].close()


def test_a_moving_window_takes_amounts_up_to_its_limit(tmp_path):
    storage = SharedFileStorage(f"shared://{tmp_path / 'limits.sqlite3'}")
    assert storage.acquire_entry("m", 10, 60, 7)
    assert not storage.acquire_entry("m", 10, 60, 4)
    assert storage.acquire_entry("m", 10, 60, 3)
    assert storage.get_moving_window("m", 10, 60)[1] == 10
    assert storage.acquire_entry("other", 10, 60, 10)


SPENDER, OTHER = "fair-share-key-1", "fair-share-key-2"


def _client_of(key: str) -> str:
    return f"key:{digest(key).hex()[:12]}"


@pytest.fixture
def limited(migrated_url, analyses):
    app = create_test_app(migrated_url, RATELIMIT_ENABLED=True,
                          API_KEY_HASHES=[hash_key(SPENDER), hash_key(OTHER)],
                          ANALYSIS_SECONDS_PER_MINUTE=2, RATE_LIMIT_WRITE="1000/minute",
                          RATE_LIMIT_READ="1000/minute")
    yield app
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _spend(app, client: str) -> None:
    """Use up ``client``'s analysis seconds of this minute, as expensive analyses do."""
    budget = app.extensions["rate_limiter"].analysis
    key = budget.item.key_for(budget.prefix, "analysis", client)
    assert budget.storage.acquire_entry(key, budget.item.amount, 60, budget.item.amount)


@pytest.mark.parametrize(("path", "body"), [("/v1/analyze", {"text": TEXT}),
                                            ("/v1/articles", {"text": TEXT})])
def test_a_client_that_spent_its_analysis_seconds_is_refused_and_others_are_not(
        limited, path, body):
    client = limited.test_client()
    _spend(limited, _client_of(SPENDER))
    refused = client.post(path, json=body, headers=_auth(SPENDER))
    assert "analysis" in assert_problem(refused, 429)["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/v1/articles", headers=_auth(SPENDER)).status_code == 200  # a read
    assert client.post(path, json=body, headers=_auth(OTHER)).status_code in (200, 201)


def test_an_analysis_is_charged_to_its_client(limited):
    client = limited.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.3.3.3"  # anonymous: counted by address
    budget = limited.extensions["rate_limiter"].analysis
    stats = budget.strategy.get_window_stats(budget.item, budget.prefix, "analysis",
                                             "addr:10.3.3.3")
    assert stats.remaining == budget.item.amount
    assert client.post("/v1/analyze", json={"text": TEXT}).status_code == 200
    stats = budget.strategy.get_window_stats(budget.item, budget.prefix, "analysis",
                                             "addr:10.3.3.3")
    assert stats.remaining < budget.item.amount


# -- fixed windows of the shared file ---------------------------------------------------------

def test_a_window_counts_until_it_ends_and_then_starts_again(tmp_path, monkeypatch):
    from service.web import shared_limits

    now = [1000.0]
    monkeypatch.setattr(shared_limits.time, "time", lambda: now[0])
    storage = SharedFileStorage(f"shared://{tmp_path / 'limits.sqlite3'}")
    assert [storage.count("a", 60)[0] for _ in range(3)] == [1, 2, 3]
    assert storage.count("b", 60) == (1, 1060.0)  # each key its own window
    assert (storage.get("a"), storage.get_expiry("a")) == (3, 1060.0)
    now[0] = 1060.0  # the window has ended
    assert storage.get("a") == 0
    assert storage.count("a", 60) == (1, 1120.0)
    storage.clear("a")
    assert storage.get("a") == 0 and storage.get("b") == 0  # b's window ended too
    assert storage.count("b", 60)[0] == 1
    assert storage.reset() == 1
    assert storage.count("b", 60)[0] == 1
