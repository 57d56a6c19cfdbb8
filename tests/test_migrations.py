"""Alembic builds the schema: from empty to head and back, and it agrees with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

# Every model on the metadata, as migrations/env.py has.
import indicators.models  # noqa: F401
import monitor.accounts.models
import monitor.audit.models
import monitor.orgunits.models  # noqa: F401
import submissions.models  # noqa: F401
from monitor import migrate
from monitor.database import Base


def table_names(url):
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_table_and_downgrade_removes_them(databases):
    url = databases.create("migrations")
    migrate.upgrade(url)
    assert table_names(url) == set(Base.metadata.tables)

    migrate.downgrade(url, "base")
    assert table_names(url) == set()

    migrate.upgrade(url)
    assert table_names(url) == set(Base.metadata.tables)


def test_models_and_migrations_agree(databases):
    url = databases.create("autogenerate")
    migrate.upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
