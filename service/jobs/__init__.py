"""Bulk analysis jobs: an upload is spooled, split into batches stored with the job, one
queued task per batch (queue.py) run by workers (work.py); use cases in submit.py."""
