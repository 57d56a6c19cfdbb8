"""The ``monitor`` command: Flask's CLI bound to the app factory."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from monitor import config
from monitor.app import create_app

cli = FlaskGroup(
    create_app=create_app,
    help="The child welfare monitor: set up, import, load and run.",
)


def main() -> None:
    """Check the settings before anything runs, so a bad one is a message, not a traceback."""
    try:
        config.validate(config.load_settings(None))
    except config.ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    cli.main()
