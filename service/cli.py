"""Command-line interface: database migrations, fixtures, bulk ingest, re-analysis."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext

from service.store.migrations import upgrade_database


@click.command("db-upgrade")
@with_appcontext
def db_upgrade_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    if current_app.config["LOG_LEVEL"] != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per step is noise
    upgrade_database(current_app.config["DATABASE_URL"])
    click.echo("database is at the latest migration")


@click.command("load-fixtures")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Folder of articles (default: FIXTURES_DIR).")
@with_appcontext
def load_fixtures_command(directory: Path | None) -> None:
    """Store the fixture articles (idempotent: stored content is skipped)."""
    from service.ingest import ingest_paths

    folder = directory or Path(current_app.config["FIXTURES_DIR"])
    summary = ingest_paths([folder], progress=False)
    click.echo(summary.describe())


def commands() -> list[click.Command]:
    """The project's commands, for ``article-api`` and for ``app.cli`` alike."""
    from service.http.security import create_key_command
    from service.ingest import ingest_command, reanalyze_command
    from service.jobs.cli import worker_command

    return [db_upgrade_command, load_fixtures_command, ingest_command, reanalyze_command,
            create_key_command, worker_command]


def register(app: Flask) -> None:
    for command in commands():
        app.cli.add_command(command)


def _create_app():
    from service.app import create_app

    return create_app()


class ServiceGroup(click.Group):
    """The project's commands only; the application is built by the commands that need it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(command.name for command in commands())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return next((c for c in commands() if c.name == name), None)


@click.group(cls=ServiceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Manage the article service."""
    ctx.obj = ScriptInfo(create_app=_create_app, set_debug_flag=False)
