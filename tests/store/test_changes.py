"""The change counter that processes writing one SQLite database share."""

from __future__ import annotations

import multiprocessing

from service.store.changes import ChangeCounter


def _bump(path: str, times: int) -> None:
    counter = ChangeCounter.beside(path)
    for _ in range(times):
        counter.bump()


def test_bumps_from_several_processes_all_count(tmp_path):
    database = str(tmp_path / "articles.sqlite3")
    counter = ChangeCounter.beside(database)
    assert counter.value() == 0
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bump, args=(database, 300)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert counter.value() == 900  # seen through the mapping, without reopening
    assert (tmp_path / "articles.sqlite3-changes").stat().st_size == 8


def test_a_new_counter_starts_where_the_file_is(tmp_path):
    database = str(tmp_path / "articles.sqlite3")
    first = ChangeCounter.beside(database)
    first.bump()
    first.bump()
    first.close()
    assert ChangeCounter.beside(database).value() == 2


def test_no_counter_without_a_database_file(tmp_path):
    assert ChangeCounter.beside(None) is None
    assert ChangeCounter.beside(":memory:") is None
    assert ChangeCounter.beside(str(tmp_path / "missing-folder" / "db.sqlite3")) is None
