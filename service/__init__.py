"""Article-structuring API: turns news articles into structured, queryable JSON."""

__version__ = "1.1.0"
