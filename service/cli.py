"""Command line: migrations, fixtures, bulk ingest, re-analysis, API keys, job workers."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from service import config
from service.analysis.runner import Runner
from service.articles import bulk
from service.articles.bulk import MAX_AUTO_WORKERS, Summary
from service.articles.export import export_command
from service.jobs import submit as jobs
from service.store.migrations import upgrade_database


class LazyApp:
    """The application, built by the first command that needs it (``load_app`` as flask's
    ``ScriptInfo`` has it, so that the commands run under ``app.cli`` too)."""

    def __init__(self) -> None:
        self._app = None

    def load_app(self):
        if self._app is None:
            from service.app import create_app

            self._app = create_app()
        return self._app


def _app():
    return click.get_current_context().obj.load_app()


@click.command("db-upgrade")
def db_upgrade_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    config = _app().config
    if config["LOG_LEVEL"] != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per step is noise
    upgrade_database(config["DATABASE_URL"])
    click.echo("database is at the latest migration")


@click.command("load-fixtures")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Folder of articles (default: FIXTURES_DIR).")
def load_fixtures_command(directory: Path | None) -> None:
    """Store the fixture articles (idempotent: stored content is skipped)."""
    app = _app()
    folder = directory or Path(app.config["FIXTURES_DIR"])
    summary = bulk.ingest_paths([folder], progress=False, runner=app.extensions["analyzer"],
                                  store=app.extensions["store"])
    click.echo(summary.describe())


@contextmanager
def _bulk_runner(app, workers: int) -> Iterator[Runner]:
    """The application's runner, or one with a process for each of ``workers``."""
    runner = app.extensions["analyzer"]
    if workers <= runner.settings.processes:
        yield runner
        return
    wider = Runner(runner.pipeline, replace(runner.settings, processes=workers),
                   runner.observe)
    try:
        yield wider
    finally:
        wider.close()


def _workers(_ctx, _param, value: str | None) -> int:
    if value is None or value == "auto":
        return bulk.default_workers()
    try:
        count = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is neither a number nor 'auto'") from None
    if not 1 <= count <= 64:
        raise click.BadParameter(f"{count} is not between 1 and 64")
    return count


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 512))
@click.option("--workers", default="auto", show_default=True, callback=_workers,
              help="Processes analyzing in parallel, 1 to 64; 'auto' is one per CPU "
                   f"(at most {MAX_AUTO_WORKERS}).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
@click.option("--optimize/--no-optimize", default=True, show_default=True,
              help="Tidy the full-text index at the end, when anything was ingested.")
@click.option("--queue", is_flag=True,
              help="Submit the articles as one job to the job queue and follow it.")
def ingest_command(paths: tuple[Path, ...], batch_size: int, workers: int,
                   no_progress: bool, optimize: bool, queue: bool) -> None:
    """Ingest article files (.txt, .html), folders of them and JSONL files."""
    app = _app()
    if queue:
        job, origins = jobs.ingest_files(app.extensions["jobs"], list(paths),
                                         progress=not no_progress)
        summary = Summary(job.ingested, job.skipped,
                          [(origins[item["line"] - 1], item["reason"]) for item in job.failed])
    else:
        with _bulk_runner(app, workers) as runner:
            summary = bulk.ingest_paths(list(paths), runner=runner,
                                          store=app.extensions["store"], batch_size=batch_size,
                                          workers=workers, progress=not no_progress)
    if optimize and summary.ingested:
        app.extensions["store"].optimize()
    click.echo(summary.describe())
    if summary.failed:
        sys.exit(1)


@click.command("reanalyze")
@click.option("--all", "everything", is_flag=True, help="Re-analyze every article.")
def reanalyze_command(everything: bool) -> None:
    """Re-analyze articles stored by an older pipeline version or another model.

    An article that cannot be re-analyzed keeps its analysis and is listed (exit 1).
    """
    app = _app()
    count, failed = bulk.reanalyze(app.extensions["analyzer"], app.extensions["store"],
                                     everything=everything)
    click.echo(f"re-analyzed {count - len(failed)} article(s), failed {len(failed)}")
    for article_id, reason in failed:
        click.echo(f"  failed: {article_id}: {reason}")
    if failed:
        sys.exit(1)


@click.command("stories")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 5000))
def stories_command(batch_size: int) -> None:
    """Place the stored articles in no story yet in stories, a batch per transaction
    (stopped, it goes on where it stopped)."""
    from service.store import stories

    store = _app().extensions["store"]
    placed, after = 0, 0
    while pks := stories.unplaced(store, after, batch_size):
        stories.place(store, pks)
        placed, after = placed + len(pks), pks[-1]
        click.echo(f"placed {placed} article(s)", err=True)
    click.echo(f"placed {placed} article(s) in stories")


@click.command("create-key")
def create_key_command() -> None:
    """Make a new API key: prints the key once, and the hash line to configure."""
    key = config.new_key()
    click.echo(f"API key (shown once, give it to the client): {key}")
    click.echo("Add its hash to API_KEY_HASHES (comma-separated) in the service's "
               "environment:")
    click.echo(config.hash_key(key))


@click.command("worker")
def worker_command() -> None:
    """Run jobs from the queue (BROKER_URL, else the local SQLite queue) until stopped."""
    queue = _app().extensions["jobs"]
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # The batch at hand is finished (or, if the process is killed, run again later).
        signal.signal(signum, lambda *_: stop.set())
    where = queue.broker_url or f"{queue.directory}/queue.sqlite3"
    click.echo(f"worker {queue.name!r} on {where}", err=True)
    queue.work(stop)


def commands() -> list[click.Command]:
    return [db_upgrade_command, load_fixtures_command, ingest_command, reanalyze_command,
            create_key_command, worker_command, export_command, stories_command]


@click.group(commands=commands(), context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Manage the article service."""
    ctx.obj = LazyApp()
