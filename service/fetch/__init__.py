"""Fetching what clients name by URL: the guarded, polite, bounded fetcher (client.py) and
its parts."""
