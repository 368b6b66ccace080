"""Request hooks of the application's own: conditional GETs, the embedded job consumer."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, request

from service.jobs.queue import Queue


def conditional_get(response: Response) -> Response:
    """after_request: strong validators for every successful read; If-None-Match then
    answers 304."""
    if request.method in {"GET", "HEAD"} and response.status_code == 200 \
            and not response.direct_passthrough:
        response.add_etag()
        response.make_conditional(request)
    return response


def job_consumer(queue: Queue) -> Callable[[], None]:
    """before_request: any request about jobs starts this process's consumer of the
    embedded queue: not before the fork, and not in processes that never see a job."""
    def consume_in_this_process() -> None:
        if request.path.startswith("/v1/jobs"):
            queue.start_consumer()

    return consume_in_this_process
