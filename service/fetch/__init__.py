"""Fetching what clients name by URL: the guarded, polite, bounded fetcher and its parts."""

from service.fetch.client import FEED_TYPES, PAGE_TYPES, SOURCE_TYPES, Fetched, Fetcher
from service.fetch.errors import FetchError, FetchRefused, UpstreamError, UpstreamTimeout

__all__ = ["FEED_TYPES", "PAGE_TYPES", "SOURCE_TYPES", "FetchError", "FetchRefused", "Fetched",
           "Fetcher", "UpstreamError", "UpstreamTimeout"]
