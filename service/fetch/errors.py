"""What fetching refuses or fails with: each carries a short machine-readable reason."""

from __future__ import annotations

from service.errors import ServiceError


class FetchError(ServiceError):
    """A URL could not be fetched; ``reason`` names why in a word or two."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class FetchRefused(FetchError):
    """The URL, its address or its answer is not one the service fetches (422)."""


class UpstreamError(FetchError):
    """The remote server could not be reached or answered with an error (502)."""


class UpstreamTimeout(FetchError):
    """The remote server did not answer within the time limits (504)."""
