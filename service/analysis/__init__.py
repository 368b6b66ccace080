"""Analyses outside the request path: the NLP pipeline built from the settings
(``pipeline.py``) and the processes that run it under a time limit (``runner.py``)."""
