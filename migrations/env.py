"""Alembic environment: the database URL comes from the caller or DATABASE_URL."""

from alembic import context

from service.config import Config
from service.store.engine import make_engine
from service.store.migrations import include_object
from service.store.models import Base

config = context.config
url = config.attributes.get("database_url") or Config().DATABASE_URL


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          include_object=include_object,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
