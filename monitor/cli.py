"""The ``monitor`` command: Flask's CLI bound to the app factory."""

from flask.cli import FlaskGroup

from monitor.app import create_app

main = FlaskGroup(
    create_app=create_app,
    help="The child welfare monitor: set up, import, load and run.",
)
