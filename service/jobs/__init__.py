"""Bulk analysis jobs: submit many articles at once, let workers analyze them, follow it.

A submitted body is streamed to a file (never held whole), split into batches stored with
the job, and one task per batch goes to the queue (queue.py); workers run them (work.py)
and write each line's outcome (repository.py, views.py, in the tables of tables.py), from
which the counts come. The use cases are in submit.py.
"""
