"""Schema migrations: Alembic is the only way the schema is created or changed."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import with_appcontext

from monitor.paths import MIGRATIONS_DIR


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    url = database_url or current_app.config["DATABASE_URL"]
    # Alembic's config is an INI parser: a literal % must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


@click.group("db", help="Create and change the database schema.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Bring the schema up to the newest revision (or REVISION).")
@click.argument("revision", default="head")
@with_appcontext
def upgrade_command(revision: str) -> None:
    upgrade(revision=revision)
    click.echo(f"Database is at {revision}.")


@db_cli.command("downgrade", help="Take the schema back to REVISION (base removes every table).")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    downgrade(revision=revision)
    click.echo(f"Database is at {revision}.")


@db_cli.command("current", help="Show the revision the database is at.")
@with_appcontext
def current_command() -> None:
    command.current(alembic_config())


@db_cli.command("revision", help="Write a new revision from the difference to the models.")
@click.option("-m", "--message", required=True)
@with_appcontext
def revision_command(message: str) -> None:
    command.revision(alembic_config(), message=message, autogenerate=True)
