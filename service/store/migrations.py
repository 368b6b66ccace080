"""Running the Alembic migrations that create and upgrade the schema."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Structures created by hand in migrations, per dialect; autogenerate ignores them.
SEARCH_OBJECTS = ("articles_fts", "articles_search_recent", "search_window", "search_vector",
                  "ix_articles_search_vector", "ix_articles_newest", "ix_entities_newest",
                  "ix_entity_names_newest", "ix_figures_newest", "ix_figure_entities_newest")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(SEARCH_OBJECTS)


def upgrade_database(url: str) -> None:
    """Bring the database at ``url`` to the latest migration."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    # Every head: migrations written side by side may branch from the same revision.
    command.upgrade(config, "heads")
