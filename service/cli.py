"""Command-line interface: database migrations, fixtures, bulk ingest, re-analysis."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from service.store.migrations import upgrade_database


@click.command("db-upgrade")
@with_appcontext
def db_upgrade_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
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


def register(app: Flask) -> None:
    from service.ingest import ingest_command, reanalyze_command

    for command in (db_upgrade_command, load_fixtures_command, ingest_command,
                    reanalyze_command):
        app.cli.add_command(command)


def _create_app():
    from service.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """Manage the article service."""
