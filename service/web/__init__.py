"""The HTTP edge: the views (an article and its parts, the archive, jobs, sources, stories,
health, the viewer), and around them their errors, rate limits, API keys and browser
headers, and observability."""
