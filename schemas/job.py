"""Jobs: bulk analysis of many articles, queued and run by workers."""

import marshmallow as ma
from marshmallow import fields

from schemas.common import Links, Timestamp, envelope

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class JobFailureSchema(ma.Schema):
    line = fields.Integer(required=True, metadata={
        "description": "Line of the JSONL body (from 1, blank lines counted), or position "
                       "in the JSON array (from 1)."})
    reason = fields.String(required=True, metadata={"description": "Why it was not stored."})


class JobLinksSchema(ma.Schema):
    self = fields.String(required=True)
    articles = fields.String(required=True)


def job_links(job_id: str) -> dict:
    """The URLs of a job and of its articles."""
    return {"self": f"/v1/jobs/{job_id}", "articles": f"/v1/jobs/{job_id}/articles"}


class _JobLinks(fields.Nested):
    """A job's links (``JobLinksSchema``), made from the job when it is dumped."""

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return job_links(obj.id)


def _time(description: str, **kwargs) -> Timestamp:
    return Timestamp(metadata={"description": description}, **kwargs)


class JobSchema(ma.Schema):
    """A job: what it was given, how far it is, and what failed."""

    id = fields.String(required=True)
    status = fields.String(required=True, metadata={
        "enum": list(JOB_STATUSES),
        "description": "`queued` (no batch started), `running`, `done` (every line "
                       "settled), `failed` (done, but not one line could be stored) or "
                       "`cancelled` (batches not started when it was cancelled are not "
                       "run)."})
    total = fields.Integer(required=True, metadata={"description": "Articles submitted."})
    ingested = fields.Integer(required=True, metadata={
        "description": "Articles analyzed and stored by this job."})
    skipped = fields.Integer(required=True, metadata={
        "description": "Articles whose content was already stored."})
    failed = fields.List(fields.Nested(JobFailureSchema), required=True, metadata={
        "description": "Each article that could not be stored, by line (the first 1,000; "
                       "`failed_count` counts all)."})
    failed_count = fields.Integer(required=True, metadata={
        "description": "How many articles failed."})
    created_at = _time("When the job was submitted.", required=True)
    started_at = _time("When its first batch started.", allow_none=True, required=True)
    finished_at = _time("When it ended (done, failed or cancelled).", allow_none=True,
                        required=True)
    links = _JobLinks(JobLinksSchema, required=True)


class JobArticleSchema(ma.Schema):
    line = fields.Integer(required=True, metadata={"description": "The article's line."})
    id = fields.String(required=True, metadata={"description": "The stored article's id."})
    outcome = fields.String(required=True, metadata={
        "enum": ["ingested", "skipped"],
        "description": "`ingested` by this job, or `skipped`: the same content was stored "
                       "before."})
    links = Links(lambda item: {"self": f"/v1/articles/{item['id']}"}, required=True)


JobListSchema = envelope(JobSchema, "JobListSchema")
JobArticleListSchema = envelope(JobArticleSchema, "JobArticleListSchema")
