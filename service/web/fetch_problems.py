"""The problems of fetching by URL and of sources: a refusal is a 422 naming its reason,
an upstream failure a 502, an upstream timeout a 504."""

from __future__ import annotations

from service.feeds.sources import SourceNotFound
from service.fetch.errors import FetchRefused, UpstreamError, UpstreamTimeout


def _problem(status: int):
    def render(error):
        from service.web.errors import Problem

        return Problem(status, str(error), extra={"reason": error.reason})
    return render


def _not_found(error):
    from service.web.errors import Problem

    return Problem(404, str(error))


PROBLEMS = {
    FetchRefused: _problem(422),
    UpstreamError: _problem(502),
    UpstreamTimeout: _problem(504),
    SourceNotFound: _not_found,
}
