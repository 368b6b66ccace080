"""Request hooks of the application's own: conditional GETs."""

from __future__ import annotations

from flask import Response, request


def conditional_get(response: Response) -> Response:
    """after_request: strong validators for every successful read; If-None-Match then
    answers 304. An answer made from a stored article has its tag and was validated by its
    view already (``representation.stored_answer``)."""
    if response.status_code == 200 and not response.direct_passthrough \
            and request.method in {"GET", "HEAD"} and "ETag" not in response.headers:
        response.add_etag()
        response.make_conditional(request)
    return response
