"""Calendar days a story may carry: from 1800 to 2200, the range the API accepts.

A date outside it is a placeholder ("0001-01-01") or a slip, no evidence of when a story
was published.
"""

from __future__ import annotations

import datetime

EARLIEST_DATE = datetime.date(1800, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


def is_sane(date: datetime.date | None) -> bool:
    """Whether ``date`` may stand for a publication day."""
    return date is not None and EARLIEST_DATE <= date <= LATEST_DATE


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """The day, or None when it does not exist or is not sane."""
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return None
    return date if is_sane(date) else None


def iso_date(year: int | None, month: int | None, day: int | None) -> str | None:
    date = safe_date(year, month, day) if year and month and day else None
    return date.isoformat() if date else None
