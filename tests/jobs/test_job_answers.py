"""A job's instants are written as every other answer writes them: RFC 3339 in UTC, with a
``Z`` (made-up times with offsets and microseconds)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from schemas.job import JobSchema
from service.jobs.repository import JobView
from tests.conftest import create_test_app
from tests.jobs.articles import article

RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")


def _zone(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


def _job(created, started=None, finished=None) -> JobView:
    return JobView(id="job-7", status="done", total=3, ingested=2, skipped=1, failed_count=0,
                   failed=[], created_at=created, started_at=started, finished_at=finished)


@pytest.mark.parametrize(("value", "written"), [
    (dt.datetime(2031, 4, 2, 11, 30, tzinfo=_zone(2)), "2031-04-02T09:30:00Z"),
    (dt.datetime(2029, 12, 31, 22, 15, 7, 250000, tzinfo=_zone(-5.5)),
     "2030-01-01T03:45:07.250000Z"),
    (dt.datetime(2027, 6, 1, 0, 0, 0, 1, tzinfo=dt.UTC), "2027-06-01T00:00:00.000001Z"),
    (dt.datetime(2028, 2, 29, 23, 59, 59, tzinfo=_zone(-12)), "2028-03-01T11:59:59Z"),
])
def test_every_instant_of_a_job_is_rfc_3339_in_utc(value, written):
    dumped = JobSchema().dump(_job(value, value + dt.timedelta(seconds=1),
                                   value + dt.timedelta(minutes=2)))
    assert dumped["created_at"] == written
    assert dt.datetime.fromisoformat(dumped["started_at"]) == value + dt.timedelta(seconds=1)
    assert dt.datetime.fromisoformat(dumped["finished_at"]) == value + dt.timedelta(minutes=2)
    assert all(RFC3339_Z.fullmatch(dumped[key])
               for key in ("created_at", "started_at", "finished_at"))


def test_instants_not_reached_yet_are_null():
    dumped = JobSchema().dump(_job(dt.datetime(2030, 7, 14, 8, 0, tzinfo=_zone(1))))
    assert (dumped["created_at"], dumped["started_at"], dumped["finished_at"]) \
        == ("2030-07-14T07:00:00Z", None, None)


def test_the_job_answers_write_instants_with_a_z(migrated_url):
    app = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False)
    from service.jobs import submit as jobs

    before = dt.datetime.now(dt.UTC)
    with app.app_context():
        jobs.submit_records(app.extensions["jobs"], "job-z",
                            iter([[n, json.dumps(article(n))] for n in (1, 2)]))
    client = app.test_client()
    cancelled = client.delete("/v1/jobs/job-z").get_json()
    answers = [cancelled, client.get("/v1/jobs/job-z").get_json(),
               client.get("/v1/jobs").get_json()["items"][0]]
    for answer in answers:
        assert answer["id"] == "job-z" and answer["started_at"] is None
        for key in ("created_at", "finished_at"):
            assert RFC3339_Z.fullmatch(answer[key]), (key, answer[key])
            assert before - dt.timedelta(seconds=1) <= dt.datetime.fromisoformat(answer[key]) \
                <= dt.datetime.now(dt.UTC)
    assert answers[1] == answers[2] == cancelled
