"""The HTTP edge: one blueprint module per resource, and around the views their errors,
rate limits, API keys, observability, browser-facing headers and the viewer."""
