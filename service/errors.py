"""What the use cases refuse: domain exceptions, rendered for HTTP by service/web/errors.py."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal whose message is meant for the client."""


class ArticleNotFound(ServiceError):
    def __init__(self, article_id: str) -> None:
        super().__init__(f"No article with id {article_id!r}.")


class ItemNotFound(ServiceError):
    def __init__(self, article_id: str, what: str, value) -> None:
        super().__init__(f"Article {article_id!r} has no {what} {value!r}.")


class JobNotFound(ServiceError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"No job with id {job_id!r}.")


class JobEnded(ServiceError):
    def __init__(self, job_id: str, status: str) -> None:
        super().__init__(f"Job {job_id!r} has already ended ({status}).")


class InvalidInput(ServiceError):
    """Well-formed input whose content is invalid; ``errors`` by field."""

    def __init__(self, errors: dict[str, list[str]],
                 detail: str = "The request is invalid.") -> None:
        super().__init__(detail)
        self.errors = errors


class UnsupportedUpload(ServiceError):
    pass


class UploadTooLarge(ServiceError):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"A job's body may hold at most {max_bytes} bytes.")


class JobTooLong(ServiceError):
    def __init__(self, max_lines: int) -> None:
        super().__init__(f"A job may hold at most {max_lines} lines (articles): split the "
                         f"input into several jobs.")
        self.max_lines = max_lines


class MalformedUpload(ServiceError):
    pass


class AnalysisBusy(ServiceError):
    """No analysis process became free in time; worth retrying after ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("The service is busy analyzing other articles and could not start "
                         "this one in time; retry later.")
        self.retry_after = retry_after


class PublishedConflict(ServiceError):
    def __init__(self, article_id: str, stored: str | None, given) -> None:
        super().__init__(
            f"This text is stored already as article {article_id!r}, published "
            f"{stored or 'on an unknown date'}, not {given}: delete that article to store "
            f"the text with another date.")
        self.article_id = article_id
        self.stored = stored
