"""Jobs: submit many articles for analysis, follow their progress, cancel."""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from schemas.common import PageArgs
from schemas.job import JobArticleListSchema, JobListSchema, JobSchema, job_links
from service.jobs import submit as jobs
from service.store.values import Page
from service.web import representation as wire
from service.web.blueprint import Blueprint
from service.web.common import upload_stream
from service.web.docs import problems
from service.web.errors import Problem
from service.web.security import REALM, key_id, waived

blp = Blueprint("jobs", __name__, url_prefix="/v1/jobs",
                description="Bulk analysis: many articles in one job, run by workers.")

JOB_BODY = {
    "required": True,
    "description": "Articles with the fields of `POST /v1/articles`: one JSON object a line "
                   "(JSONL), or a JSON array of them; at most `JOBS_MAX_BYTES` (100 MiB by "
                   "default) and `JOBS_MAX_LINES` lines (100,000 by default; 413 past it, "
                   "naming the bound in `max_lines`). A line that is not such an object "
                   "fails alone, with its number and the reason. Jobs are seen only by the "
                   "API key that made them.",
    "content": {
        "application/x-ndjson": {"schema": {"type": "string", "pattern": r"\S"},
                                 "example": '{"text": "PARIS, May 3 (AFP) - ..."}\n'},
        # Any element is taken: one that is not an article fails alone, in the job.
        "application/json": {"schema": {"type": "array", "minItems": 1, "items": {}},
                             "example": [{"text": "PARIS, May 3 (AFP) - ...",
                                          "published": "2024-05-03"}]},
    },
}


def _queue():
    return current_app.extensions["jobs"]


def _owner() -> str:
    """Whose jobs this request makes and sees: its API key's, or (in the development mode,
    from this machine) the anonymous ones; else 401."""
    found = key_id()
    if found:
        return f"key:{found}"
    if waived():
        return "anonymous"
    raise Problem(401, "Jobs belong to the API key that made them: send it as "
                       "'Authorization: Bearer <key>'.", headers={"WWW-Authenticate": REALM})


@blp.route("")
class Jobs(MethodView):
    @blp.reads(JobListSchema, 401, 422, query=PageArgs, as_kwargs=True)
    def get(self, page, per_page):
        """List the jobs of the request's API key, newest first"""
        return wire.paged(_queue().jobs.list(Page(page, per_page), _owner()), page, per_page)

    @blp.response(202, JobSchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.doc(requestBody=JOB_BODY, responses=problems(400, 401, 403, 413, 415, 422, 503))
    def post(self):
        """Submit articles for analysis as a job"""
        max_bytes = current_app.config["JOBS_MAX_BYTES"]
        request.max_content_length = max_bytes
        view = jobs.submit(_queue(), upload_stream(), request.mimetype, max_bytes,
                           owner=_owner())
        return view, {"Location": job_links(view.id)["self"]}


@blp.route("/<job_id>")
class JobItem(MethodView):
    @blp.reads(JobSchema, 401, 404)
    def get(self, job_id):
        """A job's status, counts and failures"""
        return jobs.get_job(_queue(), job_id, _owner())

    @blp.reads(JobSchema, 401, 403, 404, 409)
    def delete(self, job_id):
        """Cancel a job: what has not started is not run"""
        return jobs.cancel(_queue(), job_id, _owner())


@blp.route("/<job_id>/articles")
@blp.reads(JobArticleListSchema, 401, 404, 422, query=PageArgs, as_kwargs=True)
def job_articles(job_id, page, per_page):
    """The stored articles of a job's lines, by line"""
    jobs.get_job(_queue(), job_id, _owner())
    return wire.paged(_queue().jobs.articles(job_id, Page(page, per_page)), page, per_page)
